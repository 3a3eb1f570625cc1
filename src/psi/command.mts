// Flags and rendering shared by the psi commands (ES module: it loads sf-plugins-core).
import { Messages } from '@salesforce/core';
import { Flags, type SfCommand } from '@salesforce/sf-plugins-core';
import { Picklists } from '../schema/dataModel.js';
import { DEFAULT_DIR, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_SET_SIZE, DEFAULT_MIN_CELL_SIZE, DEFAULT_MIN_SET_DIFFERENCE, DEFAULT_MIN_SET_SIZE, type LoadedParty, type PartyOptions, type PsiSummary } from './cli.js';
import { createPsiCompute, type PsiCompute } from './pool.js';
import { PsiError } from './errors.js';
import type { ExchangeBudget } from './result.js';
import { KEY_KINDS, PSI_MODES } from './protocol.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
export const messages = Messages.loadMessages('partnerlens', 'psi');

export const partyFlags = {
  records: Flags.file({ char: 'r', summary: messages.getMessage('flags.records.summary'), exists: true }),
  partner: Flags.string({ char: 'p', summary: messages.getMessage('flags.partner.summary') }),
  'key-kind': Flags.option({ summary: messages.getMessage('flags.key-kind.summary'), options: KEY_KINDS, default: 'domain' as const })(),
  'sharing-level': Flags.option({ summary: messages.getMessage('flags.sharing-level.summary'), options: Picklists['Partner__c.Sharing_Level__c'], default: 'Counts only' as const })(),
  'min-set-size': Flags.integer({ summary: messages.getMessage('flags.min-set-size.summary'), default: DEFAULT_MIN_SET_SIZE, min: 1 }),
  'max-set-size': Flags.integer({ summary: messages.getMessage('flags.max-set-size.summary'), default: DEFAULT_MAX_SET_SIZE, min: 1 }),
  'min-cell-size': Flags.integer({ summary: messages.getMessage('flags.min-cell-size.summary'), default: DEFAULT_MIN_CELL_SIZE, min: 1 }),
  'min-set-difference': Flags.integer({ summary: messages.getMessage('flags.min-set-difference.summary'), default: DEFAULT_MIN_SET_DIFFERENCE, min: 1 }),
};

export const exchangeFlags = {
  dir: Flags.directory({ summary: messages.getMessage('flags.dir.summary'), default: DEFAULT_DIR }),
  'max-message-bytes': Flags.integer({ summary: messages.getMessage('flags.max-message-bytes.summary'), default: DEFAULT_MAX_MESSAGE_BYTES, min: 1024 }),
};

/** The per-partner exchange budget (differencing defence): start, respond, connect and serve check it. */
export const budgetFlags = {
  'max-exchanges-per-partner': Flags.integer({ summary: messages.getMessage('flags.max-exchanges-per-partner.summary'), default: 10, min: 1 }),
  'budget-days': Flags.integer({ summary: messages.getMessage('flags.budget-days.summary'), default: 30, min: 1 }),
};

export function budgetOf(flags: { 'max-exchanges-per-partner': number; 'budget-days': number }): ExchangeBudget {
  return { max: flags['max-exchanges-per-partner'], periodDays: flags['budget-days'] };
}

export const modeFlag = { mode: Flags.option({ char: 'm', summary: messages.getMessage('flags.mode.summary'), options: PSI_MODES, default: 'counts' as const })() };

type PartyFlagValues = { records?: string; partner?: string; 'key-kind': PartyOptions['keyKind']; 'sharing-level': PartyOptions['sharingLevel']; 'min-set-size': number; 'max-set-size': number; 'min-cell-size': number; 'min-set-difference': number };

/** The party options, or the error naming the flags that are missing. */
export function partyOptions(flags: PartyFlagValues): PartyOptions {
  if (flags.records === undefined || flags.partner === undefined) throw new PsiError('NeedRecords');
  return { records: flags.records, partner: flags.partner, keyKind: flags['key-kind'], sharingLevel: flags['sharing-level'], minSetSize: flags['min-set-size'], maxSetSize: flags['max-set-size'], minCellSize: flags['min-cell-size'], minSetDifference: flags['min-set-difference'] };
}

export function render(command: SfCommand<unknown>, summary: PsiSummary): void {
  if (summary.counts !== undefined) {
    command.log(messages.getMessage('info.sizes', [summary.mode ?? '', summary.ourSetSize ?? 0, summary.partnerSetSize ?? 0]));
    if (summary.counts.length > 0) command.table({ data: summary.counts.map((c) => ({ ourPopulation: c.ourPopulation, partnerPopulation: c.partnerPopulation, count: c.count === undefined ? `< ${c.below ?? ''}` : String(c.count) })), columns: ['ourPopulation', 'partnerPopulation', 'count'] });
    else command.log(messages.getMessage('info.noOverlap'));
    if (summary.overlapping !== undefined) command.log(messages.getMessage('info.overlapping', [summary.overlapping]));
  }
  if (summary.resultFile !== undefined) command.log(messages.getMessage('info.result', [summary.resultFile]));
  if (summary.sent !== undefined) command.log(messages.getMessage('info.sent', [summary.sent]));
}

export function warnSkipped(command: SfCommand<unknown>, loaded: LoadedParty): void {
  if (loaded.skipped > 0 || loaded.rowErrors > 0) command.warn(messages.getMessage('warn.skipped', [loaded.skipped, loaded.rowErrors]));
}

/** Runs the curve work on worker threads, behind a spinner (silent under --json), and always stops the workers. */
export async function withCompute<T>(command: SfCommand<unknown>, status: string, work: (compute: PsiCompute) => Promise<T>): Promise<T> {
  const compute = createPsiCompute();
  command.spinner.start(status);
  try {
    return await work(compute);
  } finally {
    command.spinner.stop();
    await compute.close();
  }
}

const timeoutFlag = { timeout: Flags.integer({ summary: messages.getMessage('flags.timeout.summary'), default: 120_000, min: 100 }) };

/** connect: the token the partner's server gave. */
export const tokenFlags = { token: Flags.string({ summary: messages.getMessage('flags.token.summary'), env: 'PARTNERLENS_PSI_TOKEN', required: true }), ...timeoutFlag };

/** serve: the token partners must present; generated when none is given. */
export const serveTokenFlags = { token: Flags.string({ summary: messages.getMessage('flags.serve-token.summary'), env: 'PARTNERLENS_PSI_TOKEN' }), ...timeoutFlag };
