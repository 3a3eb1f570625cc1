import { Messages, SfError } from '@salesforce/core';
import { EXIT, exitCodeFor } from '../common/exitCodes.js';
import { outcomeLine } from './runRecord.js';
import { isRejectedRow, type SyncResult } from './types.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

/** Failures named in the message itself; the rest are in the errors CSV. */
const NAMED_FAILURES = 5;

/**
 * The error a sync-like command ends with when the run did not fully succeed (exit 3 partial, 4 paused),
 * naming the first failures (file:line and field for partner and referral file rows), with the result as data.
 */
export function syncOutcomeError(result: SyncResult): SfError | undefined {
  const data = JSON.parse(JSON.stringify(result)) as Parameters<SfError['setData']>[0];
  const code = exitCodeFor(result);
  if (code === EXIT.paused) {
    return new SfError(messages.getMessage('error.Paused', [result.warnings.at(-1) ?? '']), 'Paused', messages.getMessages('error.Paused.actions'), code).setData(data);
  }
  if (code !== EXIT.partial) return undefined;
  // a rejected file row's message already names its file, line and field: shown as it is, the path once
  const named = result.failures
    .slice(0, NAMED_FAILURES)
    .map((f) => `\n  ${isRejectedRow(f) ? f.message : `${f.key}${f.fields !== '' ? ` (${f.fields})` : ''}: ${f.message}`}`);
  const more = result.failures.length > NAMED_FAILURES ? `\n  ... and ${result.failures.length - NAMED_FAILURES} more` : '';
  const rejected = result.failures.filter(isRejectedRow).length;
  return new SfError(
    messages.getMessage('error.Partial', [result.failures.length - rejected, rejected, `${named.join('')}${more}`, result.errorsCsv ?? result.runLog]),
    'Partial',
    messages.getMessages('error.Partial.actions'),
    code,
  ).setData(data);
}

/**
 * For a run that completed with rejected partner or referral file rows (status Succeeded, exit 0): the outcome
 * and the first rows, each named by file, line and field; undefined when nothing was rejected or the run is not
 * Succeeded (a Partial run says it in its error).
 */
export function rejectedRowsNotice(result: SyncResult): string | undefined {
  if (result.status !== 'Succeeded') return undefined;
  const line = outcomeLine(result);
  if (line === undefined) return undefined;
  const rows = result.failures.filter(isRejectedRow);
  const named = rows.slice(0, NAMED_FAILURES).map((f) => `\n  ${f.message}`);
  const more = rows.length > NAMED_FAILURES ? `\n  ... and ${rows.length - NAMED_FAILURES} more` : '';
  return `${line}${named.join('')}${more}`;
}
