import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { toCsv } from '../common/csv.js';
import type { OrgClient } from '../org/client.js';
import { PartnerSyncError, PartnerSyncRun } from '../schema/dataModel.js';
import { PRIVATE_FILE } from './state.js';
import type { FailedRecord, SyncResult } from './types.js';

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

/** Writes Partner_Sync_Run__c (upsert by run id, so a resumed run updates its row) and its Partner_Sync_Error__c rows. */
export async function recordRun(client: OrgClient, result: SyncResult, started: Date, finished: Date, source: string, callsBefore: number, log: (m: string) => void): Promise<void> {
  const summary = [...result.warnings, ...result.failures.slice(0, 20).map(failureLine)].join('\n').slice(0, 32_000);
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

