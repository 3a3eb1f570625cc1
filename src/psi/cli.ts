// What the psi commands share, kept out of src/commands so it can be tested without the CLI.
import { PsiError } from './errors.js';
import type { StepOutcome } from './fileTransport.js';
import type { KeyKind, PopulationCount, PsiMode, PsiParty, PsiResult } from './protocol.js';
import { readPsiRecords } from './records.js';
import type { SharingLevel } from '../schema/dataModel.js';

export const DEFAULT_DIR = '.partnerlens/psi';
export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MIN_SET_SIZE = 100;
export const DEFAULT_MAX_SET_SIZE = 5_000_000;
export const DEFAULT_MIN_CELL_SIZE = 5;
export const DEFAULT_MIN_SET_DIFFERENCE = 5;

export interface PartyOptions {
  records: string;
  partner: string;
  keyKind: KeyKind;
  sharingLevel: SharingLevel;
  minSetSize: number;
  maxSetSize: number;
  minCellSize: number;
  minSetDifference: number;
}

export interface LoadedParty {
  party: PsiParty;
  /** Rows with no key of the agreed kind, and rows the records file could not use. */
  skipped: number;
  rowErrors: number;
}

export async function loadParty(options: PartyOptions): Promise<LoadedParty> {
  const { records, skipped, file } = await readPsiRecords(options.records, options.keyKind);
  if (records.length === 0) throw new PsiError('EmptySet', [options.partner]);
  return {
    party: { partner: options.partner, keyKind: options.keyKind, records, policy: { sharingLevel: options.sharingLevel, minSetSize: options.minSetSize, maxSetSize: options.maxSetSize, minCellSize: options.minCellSize, minSetDifference: options.minSetDifference } },
    skipped,
    rowErrors: file.errorCount,
  };
}

/** The --json result of every psi command: what happened, never a key of the partner's we did not learn. */
export interface PsiSummary {
  session: string;
  sent?: string;
  resultFile?: string;
  mode?: PsiMode;
  ourSetSize?: number;
  partnerSetSize?: number;
  overlapping?: number;
  counts?: PopulationCount[];
}

export function summarise(outcome: StepOutcome | { session: string; sent?: string; resultFile?: string; result?: PsiResult }): PsiSummary {
  const { result } = outcome;
  const summary: PsiSummary = { session: outcome.session };
  if (outcome.sent !== undefined) summary.sent = outcome.sent;
  if (outcome.resultFile !== undefined) summary.resultFile = outcome.resultFile;
  if (result !== undefined) {
    Object.assign(summary, { mode: result.mode, ourSetSize: result.ourSetSize, partnerSetSize: result.partnerSetSize, counts: result.counts });
    if (result.matches !== undefined) summary.overlapping = result.matches.length;
  }
  return summary;
}
