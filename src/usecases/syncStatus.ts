// `partnerlens sync status`: the org's latest run records and this machine's checkpoint.
import type { OrgClient } from '../org/client.js';
import { PartnerSyncRun } from '../schema/dataModel.js';
import type { CheckpointStore, CheckpointSummary } from '../sync/state.js';

export interface RunRow {
  runId: string;
  started?: string;
  finished?: string;
  mode?: string;
  status?: string;
  read: number;
  matched: number;
  created: number;
  updated: number;
  deactivated: number;
  failed: number;
  apiCalls: number;
  errors?: string;
}

export interface SyncStatus {
  runs: RunRow[];
  checkpoint: CheckpointSummary;
}

const RUN_COLUMNS = [
  PartnerSyncRun.ExternalId,
  PartnerSyncRun.Started,
  PartnerSyncRun.Finished,
  PartnerSyncRun.Mode,
  PartnerSyncRun.Status,
  PartnerSyncRun.RecordsRead,
  PartnerSyncRun.RecordsMatched,
  PartnerSyncRun.RecordsCreated,
  PartnerSyncRun.RecordsUpdated,
  PartnerSyncRun.RecordsDeactivated,
  PartnerSyncRun.RecordsFailed,
  PartnerSyncRun.APICallsUsed,
  PartnerSyncRun.ErrorSummary,
];

/** The latest `limit` runs from Partner_Sync_Run__c (newest first) and the local checkpoint of this org. */
export async function syncStatus(client: OrgClient, store: CheckpointStore, limit: number): Promise<SyncStatus> {
  const rows = await client.query(`SELECT ${RUN_COLUMNS.join(', ')} FROM ${PartnerSyncRun.apiName} ORDER BY ${PartnerSyncRun.Started} DESC LIMIT ${Math.max(1, Math.floor(limit))}`);
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    runs: rows.map((r) => ({
      runId: String(r[PartnerSyncRun.ExternalId]),
      started: str(r[PartnerSyncRun.Started]),
      finished: str(r[PartnerSyncRun.Finished]),
      mode: str(r[PartnerSyncRun.Mode]),
      status: str(r[PartnerSyncRun.Status]),
      read: num(r[PartnerSyncRun.RecordsRead]),
      matched: num(r[PartnerSyncRun.RecordsMatched]),
      created: num(r[PartnerSyncRun.RecordsCreated]),
      updated: num(r[PartnerSyncRun.RecordsUpdated]),
      deactivated: num(r[PartnerSyncRun.RecordsDeactivated]),
      failed: num(r[PartnerSyncRun.RecordsFailed]),
      apiCalls: num(r[PartnerSyncRun.APICallsUsed]),
      errors: str(r[PartnerSyncRun.ErrorSummary]),
    })),
    checkpoint: store.summary(),
  };
}
