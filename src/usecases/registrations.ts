import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import type { ResolvedConfig } from '../config/localConfig.js';
import { OrgClient } from '../org/client.js';
import { BudgetGuard } from '../org/budget.js';
import type { Target } from '../org/connection.js';
import { decide, type DecisionInput, type DecisionResult } from '../registrations/approval.js';
export { maintainRegistrations, type MaintainResult } from '../registrations/approval.js';
import { intakeRegistrations, type IntakeResult } from '../registrations/intake.js';
import { createIntakeServer } from '../registrations/intakeServer.js';
import { decisionNoticeTargets, sendDecisionNotices, type NoticeOutcome } from '../registrations/notices.js';
import { readRegistrationFile } from '../sources/registrationFile.js';
import { writeErrorsCsv } from '../sync/runRecord.js';
import { PRIVATE_DIR } from '../sync/state.js';
import type { FailedRecord } from '../sync/types.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'registrations');

/** Where registration commands leave their errors files: beside the sync's runs. */
export function registrationsDir(cwd: string): string {
  return path.join(cwd, '.partnerlens', 'registrations');
}

/** Rows that could not be imported or written, for the partner manager to fix and resend: the sync's errors.csv, in a folder per import. */
export function writeRegistrationErrors(dir: string, failures: FailedRecord[], now: Date): string | undefined {
  if (failures.length === 0) return undefined;
  const importDir = path.join(dir, `import-${now.toISOString().replace(/[-:.]/g, '')}-${process.pid}`);
  mkdirSync(importDir, { recursive: true, mode: PRIVATE_DIR });
  return writeErrorsCsv(importDir, failures);
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

export type DecisionWithNotice = DecisionResult & { notice?: NoticeOutcome };

/** A manager's decision, then the partner's notice when the config gives its partner a decision URL. */
export async function decideRegistrationFor(target: Target, input: DecisionInput, notices?: { config: ResolvedConfig; env: NodeJS.ProcessEnv }): Promise<DecisionWithNotice> {
  const client = registrationClient(target);
  const result = await decide(client, input);
  const { targets } = decisionNoticeTargets(notices?.config.registrationIntake ?? [], notices?.env ?? {});
  if (targets.length === 0) return result;
  return { ...result, notice: await sendDecisionNotices(client, targets, { ids: [result.id] }) };
}

/** `partnerlens registrations notify`: every due decision notice of the configured partners. */
export async function notifyPartnersFor(target: Target, config: ResolvedConfig, env: NodeJS.ProcessEnv): Promise<NoticeOutcome> {
  const { targets, missing } = decisionNoticeTargets(config.registrationIntake, env);
  if (missing.length > 0) throw new SfError(messages.getMessage('error.MissingSecret', [missing.join(', ')]), 'MissingSecret', messages.getMessages('error.MissingSecret.actions'), 2);
  if (targets.length === 0) throw new SfError(messages.getMessage('error.NoDecisionUrls', [config.file ?? 'partnerlens.config.yaml']), 'NoDecisionUrls', messages.getMessages('error.NoDecisionUrls.actions'), 2);
  return sendDecisionNotices(registrationClient(target), targets);
}


/** The signing secret of each partner the config lists, from the environment; fails naming every variable that is unset or too short. */
export function intakeSecrets(entries: readonly { partner: string; secretEnv: string }[], env: NodeJS.ProcessEnv): Map<string, string> {
  const missing = entries.filter((e) => (env[e.secretEnv] ?? '').length < 16);
  if (entries.length === 0) throw new SfError(messages.getMessage('error.NoIntakePartners'), 'NoIntakePartners', messages.getMessages('error.NoIntakePartners.actions'), 2);
  if (missing.length > 0) throw new SfError(messages.getMessage('error.MissingSecret', [missing.map((m) => `${m.secretEnv} (${m.partner})`).join(', ')]), 'MissingSecret', messages.getMessages('error.MissingSecret.actions'), 2);
  return new Map(entries.map((e) => [e.partner, env[e.secretEnv] as string]));
}

export interface RunningIntake {
  url: string;
  server: Server;
  errorsFile: string;
}

/** `partnerlens registrations serve`: the intake endpoint on host:port, until closed. */
export async function startIntake(options: { cwd: string; target: Target; config: ResolvedConfig; env: NodeJS.ProcessEnv; host: string; port: number; ratePerMinute: number; log: (line: string) => void }): Promise<RunningIntake> {
  const secrets = intakeSecrets(options.config.registrationIntake, options.env);
  const errorsFile = path.join(registrationsDir(options.cwd), 'intake-errors.jsonl');
  const server = createIntakeServer({ client: registrationClient(options.target), secrets, ratePerMinute: options.ratePerMinute, errorsFile, log: options.log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}/registrations`, server, errorsFile };
}
