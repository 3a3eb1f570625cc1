import type { OrgClient, RecordResult } from '../org/client.js';
import { BudgetExceededError } from '../org/budget.js';
import { LeadFields, OpportunityFields, PartnerInfluence } from '../schema/dataModel.js';
import { influenceRowOf } from './plan.js';
import type { BatchDone, CheckpointStore, PendingRun } from './state.js';
import { addWriteCounts, emptyWriteCounts, type FailedRecord, type PlanSummary, type RunMode, type SyncProgress, type SyncState, type WriteBatch, type WriteCounts } from './types.js';

/** The write step: the planned batches in order, each checkpointed as it lands so a crash or pause resumes after it. */

/** Whether the plan meant this record to be new: the state the run read before writing does not hold it. */
function plannedNew(batch: WriteBatch, key: string, before: SyncState): boolean {
  if (batch.kind === 'overlap') return before.overlaps[key] === undefined;
  if (batch.kind === 'influence') return before.influence[key] === undefined;
  return batch.kind === 'referral-lead' || batch.kind === 'exchange' || batch.kind === 'signal';
}

/** Applies a finished batch to the state, so the checkpoint matches what the org now holds. */
function applyBatch(state: SyncState, plan: Pick<PlanSummary, 'overlapHashes'>, batch: WriteBatch, done: BatchDone): void {
  const failed = new Set(done.failed);
  batch.records.forEach((r, i) => {
    const key = String(r[batch.key]);
    if (failed.has(key)) return;
    const referral = batch.referralRefs?.[i];
    if (referral !== undefined) {
      (state.referrals ??= {})[referral.id] = referral.hash;
    } else if (batch.kind === 'overlap') {
      const want = plan.overlapHashes[key];
      if (want !== undefined) state.overlaps[key] = { id: done.ids[key] ?? state.overlaps[key]?.id, active: true, ...want };
    } else if (batch.kind === 'deactivate') {
      const o = state.overlaps[key];
      if (o !== undefined) state.overlaps[key] = { ...o, active: false };
    } else if (batch.kind === 'lead') {
      const l = state.leads[key];
      if (l !== undefined) state.leads[key] = { ...l, overlapCount: Number(r[LeadFields.PartnerOverlapCount]) };
    } else if (batch.kind === 'influence') {
      const id = done.ids[key] ?? '';
      state.influence[key] = id;
      if (id !== '') state.influenceRows[id] = influenceRowOf(r);
    } else if (batch.kind === 'primary') {
      const partner = r[OpportunityFields.PrimaryPartner];
      if (typeof partner === 'string') state.primary[key] = { partner, bySync: true };
      else delete state.primary[key];
    }
  });
}

export interface WriteInput {
  client: OrgClient;
  store: CheckpointStore;
  pending: PendingRun;
  /** Batches an earlier attempt of this run wrote (a resume): applied, not written again. */
  doneBatches: readonly BatchDone[];
  plan: PlanSummary;
  mode: RunMode;
  progress?: SyncProgress;
  /** Test hook: throw after this many batches are written, as a crash would. */
  crashAfterBatch?: number;
}

/**
 * Writes every batch not yet done, adding what each did to `tally` and its refused records to `failures`.
 * Returns the state the org now holds, and the budget guard's stop when it paused the run.
 */
export async function writeBatches(input: WriteInput, tally: WriteCounts, failures: FailedRecord[]): Promise<{ state: SyncState; paused?: BudgetExceededError }> {
  const { client, store, pending, plan, mode } = input;
  // pending.state stays the state before the writes (a resume counts what it created against it): applyBatch
  // replaces entries, never changes one, so copying the maps it writes is enough (a deep copy took seconds at 100k)
  const before = pending.state;
  const state: SyncState = { ...before, overlaps: { ...before.overlaps }, leads: { ...before.leads }, influence: { ...before.influence }, influenceRows: { ...before.influenceRows }, primary: { ...before.primary }, referrals: before.referrals && { ...before.referrals } };
  const done = new Map(input.doneBatches.map((d) => [d.batch, d]));
  for (const d of input.doneBatches) {
    const batch = pending.batches[d.batch];
    if (batch !== undefined) applyBatch(state, plan, batch, d);
  }
  const total = pending.batches.reduce((n, b) => n + b.records.length, 0);
  let written = pending.batches.reduce((n, b, i) => n + (done.has(i) ? b.records.length : 0), 0);
  input.progress?.phase('Writing', total);
  input.progress?.advance(written);
  try {
    for (const [index, batch] of pending.batches.entries()) {
      if (done.has(index)) continue;
      const records = batch.records.map((r, i) => {
        const ref = batch.overlapRefs?.[i];
        return ref === undefined || ref === null ? r : { ...r, [PartnerInfluence.Overlap]: state.overlaps[ref]?.id ?? null };
      });
      const callsAtStart = client.calls;
      const results: RecordResult[] = batch.bulk ? await client.bulkUpsert(batch.object, batch.key, records) : await client.upsertCollection(batch.object, batch.key, records);
      const counts = emptyWriteCounts();
      const record: BatchDone = { batch: index, ids: {}, failed: [], counts, failures: [] };
      for (const r of results) {
        if (r.success) {
          record.ids[r.key] = r.id;
          // a resume rewrites the batch the crash cut off: records its first attempt created come back as
          // updates, yet this run created them
          const isNew = r.created || (mode === 'Resume' && plannedNew(batch, r.key, pending.state));
          if (batch.kind === 'deactivate') counts.deactivated++;
          else if (isNew) counts.created++;
          else counts.updated++;
          if (batch.kind === 'referral-flag') counts.flagged++;
          if (batch.kind === 'referral-lead' && isNew) counts.leadsCreated++;
        } else {
          record.failed.push(r.key);
          const [e] = r.errors;
          record.failures!.push({ object: batch.object, key: r.key, code: e?.statusCode ?? 'UNKNOWN', message: e?.message ?? '', fields: (e?.fields ?? []).join(';') });
        }
      }
      record.calls = client.calls - callsAtStart;
      store.batchDone(record);
      addWriteCounts(tally, counts);
      failures.push(...record.failures!);
      applyBatch(state, plan, batch, record);
      written += batch.records.length;
      input.progress?.advance(written);
      if (input.crashAfterBatch !== undefined && index + 1 >= input.crashAfterBatch) throw new Error(`crash hook after batch ${index + 1}`);
    }
  } catch (e) {
    if (!(e instanceof BudgetExceededError)) throw e;
    return { state, paused: e };
  } finally {
    input.progress?.done();
  }
  return { state };
}
