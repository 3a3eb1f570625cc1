import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Messages } from '@salesforce/core';
import { toCsv } from '../common/csv.js';
import type { OrgClient } from '../org/client.js';
import { PartnerSyncError, PartnerSyncRun } from '../schema/dataModel.js';
import { PRIVATE_FILE } from './state.js';
import { isRejectedRow, type FailedRecord, type SyncResult } from './types.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

/** Failures listed in the run record's summary; the rest are in errors.csv and the Partner_Sync_Error__c rows. */
const SUMMARY_FAILURES = 20;

/** The record step: what a run leaves behind for the admin (errors.csv, Partner_Sync_Run__c and its error rows). */

/** One failure for the run's summary; a message that already names its file and line is not prefixed with them again. */
export function failureLine(f: FailedRecord): string {
  const file = f.key.replace(/:\d+$/, '');
  return f.message.startsWith(file) ? `${f.code}: ${f.message}` : `${f.object} ${f.key}: ${f.code} ${f.message}`;
}

/** errors.csv beside run.log (0600: it holds partner rows), or nothing when the run had no failure. */
export function writeErrorsCsv(runDir: string, failures: FailedRecord[]): string | undefined {
  if (failures.length === 0) return undefined;
  const file = path.join(runDir, 'errors.csv');
  writeFileSync(file, toCsv(failures, { header: true, columns: ['object', 'key', 'code', 'message', 'fields'] }), { mode: PRIVATE_FILE });
  return file;
}

/**
 * The one line that says how a run ended, for the CLI and the run record: "Completed with 17 rejected rows …"
 * when only partner or referral file rows were rejected, "Partial: …" when the org refused records; undefined
 * for a clean run (and a paused or failed one, which say so in their warnings and errors).
 */
export function outcomeLine(result: Pick<SyncResult, 'status' | 'failures' | 'errorsCsv' | 'runLog'>): string | undefined {
  const rejected = result.failures.filter(isRejectedRow).length;
  const refused = result.failures.length - rejected;
  const details = result.errorsCsv ?? result.runLog;
  if (result.status === 'Succeeded' && rejected > 0) return messages.getMessage('outcome.Rejected', [rejected, rejected === 1 ? 'row' : 'rows', details]);
  if (result.status === 'Partial') return messages.getMessage('outcome.Partial', [refused, refused === 1 ? 'record' : 'records', rejected, rejected === 1 ? 'row' : 'rows', details]);
  return undefined;
}

/** Where a failure came from, for grouping: the file of a file row, else the object. */
function groupOf(f: FailedRecord): { name: string; detail: string } {
  if (isRejectedRow(f) || /:\d+$/.test(f.key)) {
    const file = f.key.replace(/:\d+$/, '');
    return { name: path.basename(file), detail: file };
  }
  return { name: f.object, detail: '' };
}

/** One failure within its group: without the file path its group heading names (once). */
function groupedLine(f: FailedRecord, file: string): string {
  if (file !== '' && f.message.startsWith(file)) return f.message.slice(file.length).trim();
  return `${f.key}: ${f.code} ${f.message}`;
}

/**
 * Partner_Sync_Run__c.Error_Summary__c: how the run ended, its warnings, then the first failures grouped by
 * file (the path once, in the group's heading; each row by line and field) or by object. The full list is in
 * errors.csv and the Partner_Sync_Error__c rows.
 */
export function runSummary(result: Pick<SyncResult, 'status' | 'failures' | 'warnings' | 'errorsCsv' | 'runLog'>): string {
  const parts: string[] = [];
  const outcome = outcomeLine(result);
  if (outcome !== undefined) parts.push(outcome);
  if (result.warnings.length > 0) parts.push([messages.getMessage('summary.Warnings'), ...result.warnings.map((w) => `- ${w}`)].join('\n'));
  const shown = result.failures.slice(0, SUMMARY_FAILURES);
  const groups = new Map<string, { detail: string; lines: string[]; total: number }>();
  for (const f of result.failures) {
    const g = groupOf(f);
    const key = `${g.name}\u0000${g.detail}`;
    const group = groups.get(key) ?? { detail: g.detail, lines: [], total: 0 };
    group.total += 1;
    if (shown.includes(f)) group.lines.push(`  ${groupedLine(f, g.detail)}`);
    groups.set(key, group);
  }
  for (const [key, g] of groups) {
    const name = key.split('\u0000')[0] ?? '';
    const heading = `${name}${g.detail !== '' && g.detail !== name ? ` (${g.detail})` : ''}: ${g.total} ${g.total === 1 ? 'failure' : 'failures'}`;
    parts.push([heading, ...g.lines, ...(g.lines.length < g.total ? [`  ${messages.getMessage('summary.More', [g.total - g.lines.length])}`] : [])].join('\n'));
  }
  return parts.join('\n\n').slice(0, 32_000);
}

/** Writes Partner_Sync_Run__c (upsert by run id, so a resumed run updates its row) and its Partner_Sync_Error__c rows. */
export async function recordRun(client: OrgClient, result: SyncResult, started: Date, finished: Date, source: string, callsBefore: number, log: (m: string) => void): Promise<void> {
  const summary = runSummary(result);
  const write = (): Promise<void> => writeRunRecord(client, result, started, finished, source, callsBefore, summary);
  try {
    await (client.budget === undefined ? write() : client.budget.unguarded(write));
  } catch (e) {
    // the run's data is written and checkpointed; failing to record it must not undo that
    log(`could not write the run record: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function writeRunRecord(client: OrgClient, result: SyncResult, started: Date, finished: Date, source: string, callsBefore: number, summary: string): Promise<void> {
  const [run] = await client.upsertCollection(PartnerSyncRun.apiName, PartnerSyncRun.ExternalId, [
    {
      [PartnerSyncRun.ExternalId]: result.runId,
      [PartnerSyncRun.Started]: started.toISOString(),
      [PartnerSyncRun.Finished]: finished.toISOString(),
      [PartnerSyncRun.Mode]: result.mode,
      [PartnerSyncRun.Status]: result.status,
      [PartnerSyncRun.RecordsRead]: result.counts.read,
      [PartnerSyncRun.RecordsMatched]: result.counts.matched,
      [PartnerSyncRun.RecordsCreated]: result.counts.created,
      [PartnerSyncRun.RecordsUpdated]: result.counts.updated,
      [PartnerSyncRun.RecordsDeactivated]: result.counts.deactivated,
      [PartnerSyncRun.RecordsFailed]: result.counts.failed,
      // this call included: the run record says what the whole run cost
      [PartnerSyncRun.APICallsUsed]: client.calls - callsBefore + 1 + (result.failures.length > 0 ? Math.ceil(result.failures.length / 200) : 0),
      [PartnerSyncRun.ErrorSummary]: summary === '' ? null : summary,
      [PartnerSyncRun.Source]: source.slice(0, 255),
    },
  ]);
  if (run?.success !== true || result.failures.length === 0) return;
  await client.upsertCollection(
    PartnerSyncError.apiName,
    PartnerSyncError.ExternalId,
    result.failures.map((f, i) => ({
      [PartnerSyncError.ExternalId]: `${result.runId}:${i + 1}`,
      [PartnerSyncError.SyncRun]: run.id,
      [PartnerSyncError.ObjectName]: f.object.slice(0, 80),
      [PartnerSyncError.RecordKey]: f.key.slice(0, 255),
      [PartnerSyncError.ErrorCode]: f.code.slice(0, 80),
      [PartnerSyncError.Message]: f.message.slice(0, 255),
      [PartnerSyncError.Fields]: f.fields.slice(0, 255) || null,
    })),
  );
}

