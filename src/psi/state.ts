// An exchange's secret state between file-transport steps: the secret scalar and our own keys, so the
// file is written owner-only and deleted when the exchange completes.
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Picklists } from '../schema/dataModel.js';
import { PsiError } from './errors.js';
import { KEY_KINDS, PSI_MODES, type InitiatorState, type ResponderState } from './protocol.js';
import { psiResultSchema } from './result.js';

const bytes = z.base64().transform((s) => new Uint8Array(Buffer.from(s, 'base64')));
const level = z.enum(Picklists['Partner__c.Sharing_Level__c']);
const optional = z.string().optional();
const partySchema = z.object({
  partner: z.string(),
  keyKind: z.enum(KEY_KINDS),
  records: z.array(z.object({ key: z.string(), population: z.enum(Picklists['Partner_Overlap__c.Our_Population__c']), recordId: optional, companyName: optional, ownerName: optional, ownerEmail: optional, opportunityStage: optional })),
  policy: z.object({ sharingLevel: level, minSetSize: z.int(), maxSetSize: z.int(), minCellSize: z.int(), minSetDifference: z.int().optional() }),
});
const stateSchema = z.discriminatedUnion('role', [
  z.object({
    role: z.literal('initiator'),
    stage: z.enum(['started', 'awaiting-attributes']),
    party: partySchema,
    session: z.string(),
    mode: z.enum(PSI_MODES),
    startedAt: z.iso.datetime(),
    scalar: bytes,
    keys: z.array(z.string()),
    result: psiResultSchema.optional(),
    matchedDoubled: z
      .array(z.tuple([z.int(), bytes]))
      .transform((entries) => new Map(entries))
      .optional(),
  }),
  z.object({ role: z.literal('responder'), party: partySchema, session: z.string(), mode: z.enum(PSI_MODES), startedAt: z.iso.datetime(), sharingLevel: level, keys: z.array(z.string()), peerSetSize: z.int(), minCellSize: z.int(), peerDoubled: bytes, peerPopulations: bytes }),
]);

export type ExchangeState = InitiatorState | ResponderState;

export function statePath(dir: string, session: string, role: ExchangeState['role']): string {
  return path.join(dir, `${session}.${role}.state.json`);
}

export async function saveState(dir: string, state: ExchangeState): Promise<string> {
  const file = statePath(dir, state.session, state.role);
  await mkdir(dir, { recursive: true });
  // `this[key]` is the value before Buffer#toJSON turns it into {type, data}
  const json = JSON.stringify(state, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    if (original instanceof Uint8Array) return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64');
    if (original instanceof Map) return [...(original as Map<unknown, unknown>).entries()];
    return value;
  });
  await writeFile(file, json, { mode: 0o600 });
  return file;
}

export async function loadState(dir: string, session: string, role: ExchangeState['role'], step: string): Promise<ExchangeState> {
  const file = statePath(dir, session, role);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new PsiError('BadState', [`missing (${file})`, step]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PsiError('BadState', [`unreadable (${file})`, step]);
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) throw new PsiError('BadState', [`unreadable (${file}: ${parsed.error.issues[0]?.path.join('.') ?? ''})`, step]);
  return parsed.data;
}

export async function dropState(dir: string, session: string, role: ExchangeState['role']): Promise<void> {
  await rm(statePath(dir, session, role), { force: true });
}

/** Whether an exchange of this session is in progress on this side (its state file exists). */
export function hasState(dir: string, session: string, role: ExchangeState['role']): boolean {
  return existsSync(statePath(dir, session, role));
}
