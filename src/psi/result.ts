// The result files an exchange leaves behind: one per completed session and role, never replaced
// (.partnerlens/psi/sessions/<session>.<role>.result.json), and the partner's latest completed one
// (.partnerlens/psi/<partner>.result.json), the input of the 'Private exchange' sync source.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { Picklists } from '../schema/dataModel.js';
import { PsiError } from './errors.js';
import { KEY_KINDS, PSI_MODES, type PsiResult } from './protocol.js';

const population = z.enum(Picklists['Partner_Overlap__c.Our_Population__c']);
const optional = z.string().optional();

export const psiResultSchema = z.strictObject({
  version: z.literal(1),
  partner: z.string().min(1),
  session: z.string().regex(/^[0-9a-f]+$/),
  role: z.enum(['initiator', 'responder']),
  mode: z.enum(PSI_MODES),
  keyKind: z.enum(KEY_KINDS),
  sharingLevel: z.enum(Picklists['Partner__c.Sharing_Level__c']),
  ourSetSize: z.int().nonnegative(),
  partnerSetSize: z.int().nonnegative(),
  counts: z.array(z.strictObject({ ourPopulation: population, partnerPopulation: population, count: z.int().positive().optional(), below: z.int().positive().optional() })),
  matches: z
    .array(
      z.strictObject({
        key: z.string().min(1),
        ourPopulations: z.array(population),
        partnerPopulations: z.array(population).min(1),
        partnerRecords: z.array(z.strictObject({ population, recordId: optional, companyName: optional, ownerName: optional, ownerEmail: optional, opportunityStage: optional })).optional(),
      }),
    )
    .optional(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  ranBy: z.string().optional(),
});

/** A file-system-safe name for a partner ("Acme Corp." -> "acme-corp"). */
export function partnerSlug(partner: string): string {
  return partner.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'partner';
}

/** The partner's latest completed result: what the sync reads. */
export function resultPath(dir: string, partner: string): string {
  return path.join(dir, `${partnerSlug(partner)}.result.json`);
}

function sessionsDir(dir: string): string {
  return path.join(dir, 'sessions');
}

/** The result of one completed session on one side: written once, never replaced. */
export function sessionResultPath(dir: string, session: string, role: PsiResult['role']): string {
  return path.join(sessionsDir(dir), `${session}.${role}.result.json`);
}

/** Whether this side already completed `session` in `role`: every later message of it is a replay. */
export function isCompleted(dir: string, session: string, role: PsiResult['role']): boolean {
  return existsSync(sessionResultPath(dir, session, role));
}

/** Refuses any message of a session this side completed, whatever its type, before anything reads it. */
export function refuseCompleted(dir: string, session: string, role: PsiResult['role']): void {
  if (isCompleted(dir, session, role)) throw new PsiError('WrongSession', [session, 'already completed on this side (a replay)']);
}

async function writeTemp(target: string, text: string): Promise<string> {
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  // only this side's own keys and what it was allowed to learn, but still nothing for other users
  await writeFile(temp, text, { mode: 0o600 });
  return temp;
}

/**
 * Writes a completed result: first the session's own file, created atomically and exclusively (a
 * hard link of a complete temporary file fails if the session already has one, so a second run of the
 * same session never replaces the first), then the partner's latest result by rename, unless a result
 * that finished later is already there. Returns the latest-result path.
 */
export async function writeResult(dir: string, result: PsiResult): Promise<string> {
  const stamped: PsiResult = { ...result, ranBy: result.ranBy ?? userInfo().username };
  const text = `${JSON.stringify(stamped, null, 2)}\n`;
  await mkdir(sessionsDir(dir), { recursive: true });
  const own = sessionResultPath(dir, result.session, result.role);
  const temp = await writeTemp(own, text);
  try {
    await link(temp, own);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new PsiError('WrongSession', [result.session, 'already completed on this side (a replay)']);
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
  const latest = resultPath(dir, result.partner);
  const current = existsSync(latest) ? readResultIfValid(latest) : undefined;
  if (current === undefined || current.finishedAt <= stamped.finishedAt) await rename(await writeTemp(latest, text), latest);
  return latest;
}

function readResultIfValid(file: string): PsiResult | undefined {
  try {
    return readResult(file);
  } catch {
    return undefined;
  }
}

/** At most `max` completed exchanges with one partner per `periodDays` (each exchange reveals counts again). */
export interface ExchangeBudget {
  max: number;
  periodDays: number;
}

const revealSchema = z.strictObject({ partner: z.string(), session: z.string(), role: z.enum(['initiator', 'responder']), at: z.iso.datetime() });

function revealsDir(dir: string): string {
  return path.join(dir, 'reveals');
}

/**
 * Notes that this side sent the message that lets the partner compute its result (our response, or our
 * finish) in `session`. The budget counts these, not only completed results: a partner that learns its counts
 * from our response and never sends the finish must still spend one exchange.
 */
export async function recordReveal(dir: string, partner: string, session: string, role: PsiResult['role']): Promise<void> {
  await mkdir(revealsDir(dir), { recursive: true });
  const text = JSON.stringify({ partner, session, role, at: new Date().toISOString() });
  await writeFile(path.join(revealsDir(dir), `${session}.${role}.json`), text, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

function readReveal(file: string): z.infer<typeof revealSchema> {
  let parsed;
  try {
    parsed = revealSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) throw new PsiError('BadResult', [file, 'not an exchange record; delete it if it was edited by hand']);
  return parsed.data;
}

/**
 * Refuses a new exchange with `partner` once this side took part in `budget.max` of them in the period: completed
 * ones (their results) and ones where it revealed its set but the partner never completed (their reveal records).
 */
export function checkBudget(dir: string, partner: string, budget: ExchangeBudget | undefined, now: Date = new Date()): void {
  if (budget === undefined) return;
  const since = new Date(now.getTime() - budget.periodDays * 86_400_000).toISOString();
  const slug = partnerSlug(partner);
  const used = new Set<string>();
  const results = sessionsDir(dir);
  for (const n of existsSync(results) ? readdirSync(results).filter((f) => f.endsWith('.result.json')) : []) {
    const r = readResult(path.join(results, n));
    if (partnerSlug(r.partner) === slug && r.finishedAt >= since) used.add(`${r.session}.${r.role}`);
  }
  const reveals = revealsDir(dir);
  for (const n of existsSync(reveals) ? readdirSync(reveals).filter((f) => f.endsWith('.json')) : []) {
    const r = readReveal(path.join(reveals, n));
    if (partnerSlug(r.partner) === slug && r.at >= since) used.add(`${r.session}.${r.role}`);
  }
  if (used.size >= budget.max) throw new PsiError('BudgetExceeded', [used.size, partner, budget.periodDays], [budget.max]);
}

/** Reads and validates a result file (synchronously: the sync reads its sources that way). */
export function readResult(file: string): PsiResult {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PsiError('BadResult', [file, error instanceof Error ? error.message : String(error)]);
  }
  const parsed = psiResultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PsiError('BadResult', [file, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`]);
  }
  return parsed.data;
}

/** Every completed result beside the partner's latest result file (its sessions folder), oldest first. */
export function partnerResults(latestFile: string): { file: string; result: PsiResult }[] {
  if (!existsSync(latestFile)) return [];
  const slug = partnerSlug(readResult(latestFile).partner);
  const dir = sessionsDir(path.dirname(latestFile));
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.result.json')) : [];
  return names
    .map((name) => ({ file: path.join(dir, name), result: readResult(path.join(dir, name)) }))
    .filter((r) => partnerSlug(r.result.partner) === slug)
    .sort((a, b) => a.result.finishedAt.localeCompare(b.result.finishedAt));
}

/**
 * The latest completed result that names overlapping records (list or attributes mode) for the partner
 * whose latest result is `latestFile`: that file itself, or, when the latest exchange was counts only
 * (which names no company, so it must not deactivate the overlaps found before), the latest such result
 * among the session files beside it. Undefined when the partner has none (yet).
 */
export function latestOverlapResult(latestFile: string): { file: string; result: PsiResult } | undefined {
  if (!existsSync(latestFile)) return undefined;
  const latest = readResult(latestFile);
  if (latest.mode !== 'counts') return { file: latestFile, result: latest };
  return partnerResults(latestFile)
    .filter((r) => r.result.mode !== 'counts')
    .pop();
}
