// The result file an exchange leaves behind (.partnerlens/psi/<partner>.result.json): what this side
// learnt, and the input of the 'Private exchange' sync source.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
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
  counts: z.array(z.strictObject({ ourPopulation: population, partnerPopulation: population, count: z.int().positive() })),
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
});

/** A file-system-safe name for a partner ("Acme Corp." -> "acme-corp"). */
export function partnerSlug(partner: string): string {
  return partner.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'partner';
}

export function resultPath(dir: string, partner: string): string {
  return path.join(dir, `${partnerSlug(partner)}.result.json`);
}

export async function writeResult(dir: string, result: PsiResult): Promise<string> {
  const file = resultPath(dir, result.partner);
  await mkdir(dir, { recursive: true });
  // only this side's own keys and what it was allowed to learn, but still nothing for other users
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`, { mode: 0o600 });
  return file;
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
