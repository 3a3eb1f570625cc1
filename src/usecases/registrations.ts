import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toCsv } from '../common/csv.js';
import { OrgClient } from '../org/client.js';
import { BudgetGuard } from '../org/budget.js';
import type { Target } from '../org/connection.js';
import { applyApproved, decide, DUE_SOQL, expireRegistrations, type ApplyOutcome, type DecisionInput, type DecisionResult } from '../registrations/approval.js';
import { intakeRegistrations, type IntakeResult } from '../registrations/intake.js';
import { readRegistrationFile } from '../sources/registrationFile.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../sync/state.js';
import type { FailedRecord } from '../sync/types.js';

/** Where registration commands leave their errors files: beside the sync's runs. */
export function registrationsDir(cwd: string): string {
  return path.join(cwd, '.partnerlens', 'registrations');
}

/** Rows that could not be imported or written, for the partner manager to fix and resend (0600: partner data). */
export function writeRegistrationErrors(dir: string, failures: readonly FailedRecord[], now: Date): string | undefined {
  if (failures.length === 0) return undefined;
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  const file = path.join(dir, `errors-${now.toISOString().replace(/[-:.]/g, '')}-${process.pid}.csv`);
  writeFileSync(file, toCsv([...failures], { header: true, columns: ['object', 'key', 'code', 'message', 'fields'] }), { mode: PRIVATE_FILE });
  return file;
}

export function registrationClient(target: Target): OrgClient {
  return new OrgClient(target.conn, { budget: new BudgetGuard(80) });
}

export interface ImportResult extends IntakeResult {
  file: string;
  /** File rows that were not imported (file, line, field, fix). */
  rejectedRows: FailedRecord[];
  errorsFile?: string;
  apiCalls: number;
}

/** `partnerlens registrations import`: parse the file (same rules as partner files), decide and write. */
export async function importRegistrationFile(options: { cwd: string; target: Target; partner: string; file: string; dryRun: boolean; now?: Date }): Promise<ImportResult> {
  const now = options.now ?? new Date();
  const parsed = await readRegistrationFile(options.file);
  const client = registrationClient(options.target);
  const result = await intakeRegistrations(client, { partner: options.partner, registrations: parsed.registrations, now, dryRun: options.dryRun });
  const rejectedRows: FailedRecord[] = parsed.errors.map((e) => ({ object: 'file row', key: `${e.file}${e.line !== undefined ? `:${e.line}` : ''}`, code: 'INVALID_ROW', message: e.message, fields: e.field ?? '' }));
  const errorsFile = writeRegistrationErrors(registrationsDir(options.cwd), [...rejectedRows, ...result.failures], now);
  return { ...result, file: options.file, rejectedRows, errorsFile, apiCalls: client.calls };
}

export async function decideRegistrationFor(target: Target, input: DecisionInput): Promise<DecisionResult> {
  return decide(registrationClient(target), input);
}

export interface MaintainResult extends ApplyOutcome {
  expired: string[];
}

/** Applies approved registrations that are not applied yet and expires lapsed ones (`registrations apply`, the sync). */
export async function maintainRegistrations(client: OrgClient, now: Date): Promise<MaintainResult> {
  const due = await client.query(DUE_SOQL);
  const applied = due.length > 0 ? await applyApproved(client, due, now) : { applied: [], failures: [] };
  const expired = await expireRegistrations(client, now);
  return { applied: applied.applied, failures: [...applied.failures, ...expired.failures], expired: expired.expired };
}
