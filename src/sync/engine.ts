import { mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { toCsv } from '../common/csv.js';
import { matchOverlaps } from '../match/matchOverlaps.js';
import type { OurRecord, PartnerRecord } from '../match/types.js';
import { OpportunityFields, PartnerInfluence, PartnerSyncError, PartnerSyncRun, LeadFields, type SharingLevel } from '../schema/dataModel.js';
import type { OrgClient, RecordResult, SObjectRecord } from '../org/client.js';
import { readOrg, SETTINGS_SOQL, type PartnerRow } from './readOrg.js';
import { settingsFromRecord } from '../config/settings.js';
import { BudgetExceededError } from '../org/budget.js';
import { influenceRowOf, planSync } from './plan.js';
import { planExchanges, type ExchangeData } from './exchanges.js';
import { planReferrals, referralHash, referralQueries, referralView, type PartnerReferrals, type ReferralData } from './referrals.js';
import { addWriteCounts, emptyWriteCounts, type FailedRecord, type PartnerSource, type WriteCounts, type Plan, type PlanCounts, type ReferralOutcome, type SyncState, type WriteBatch, emptyPlanCounts } from './types.js';
import { emptyState, PRIVATE_DIR, PRIVATE_FILE, type BatchDone, type CheckpointStore, type PendingRun } from './state.js';

export type RunStatus = 'Succeeded' | 'Partial' | 'Paused' | 'Failed' | 'Dry run';

/** Partner data for one partner, from whichever source the caller read (file drop, exchange). */
export interface PartnerData {
  /** Partner__c External_Id__c or Domain__c, as in the config file. */
  partner: string;
  /** Must agree with the partner's Partner__c.Source__c (blank counts as File), or the data is skipped. */
  source: 'File' | 'Private exchange';
  /** Where the data was read (file, and for an exchange its session, mode and finish time): the run shows it. */
  from: string;
  records: PartnerRecord[];
  /** Rows the source could not use (file, line, field and why): reported, never silently dropped. */
  problems: { key: string; message: string; fields?: string }[];
}


export interface SyncProgress {
  phase(name: string, total?: number): void;
  advance(done: number): void;
  done(): void;
}

export interface SyncOptions {
  client: OrgClient;
  store: CheckpointStore;
  /** Partner data by partner reference; partners without data this run are left as they are. */
  loadPartners: () => Promise<PartnerData[]>;
  /** Referral files by partner reference (config `referralFiles`, or `referrals import`). */
  loadReferrals?: () => Promise<ReferralData[]>;
  /** Completed private exchanges by partner reference (config `privateResults`): recorded as Partner_Exchange__c. */
  loadExchanges?: () => ExchangeData[];
  runsDir: string;
  dryRun?: boolean;
  /** Ignore the watermark and re-read everything (finds deleted records; rewrites nothing that is equal). */
  full?: boolean;
  now?: () => Date;
  overlapSeconds?: number;
  progress?: SyncProgress;
  /** Test hook: throw after this many batches are written, as a crash would. */
  crashAfterBatch?: number;
  /** Source label for the run record. */
  source?: string;
}


export interface SyncResult {
  runId: string;
  mode: 'Full' | 'Incremental' | 'Dry run' | 'Resume';
  status: RunStatus;
  counts: { read: number; matched: number; created: number; updated: number; deactivated: number; failed: number };
  plan: PlanCounts;
  apiCalls: number;
  durationMs: number;
  warnings: string[];
  failures: FailedRecord[];
  errorsCsv?: string;
  runLog: string;
  byPartnerPopulation: Plan['byPartnerPopulation'];
  /** The partner data this run used, per partner (a resumed run reports what its first attempt read). */
  partnerSources: PartnerSource[];
  /** Referral Leads flagged and created by this run's writes, and what became of each referral read. */
  referrals: { flagged: number; created: number; outcomes: ReferralOutcome[] };
  sample: SObjectRecord[];
}

function newRunId(now: Date): string {
  return `run-${now.toISOString().replace(/[-:.TZ]/g, '').slice(0, 17)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function resolvePartner(partners: readonly PartnerRow[], ref: string): PartnerRow | undefined {
  const lower = ref.toLowerCase();
  return partners.find((p) => p.externalId === ref) ?? partners.find((p) => p.domain?.toLowerCase() === lower);
}

function ourRecords(state: SyncState): OurRecord[] {
  const out: OurRecord[] = [];
  for (const [id, a] of Object.entries(state.accounts)) for (const population of a.pops) out.push({ id, object: 'Account', population, name: a.name, website: a.website, duns: a.duns });
  for (const [id, l] of Object.entries(state.leads)) if (l.inPopulation) out.push({ id, object: 'Lead', population: 'Lead', name: l.name, website: l.website, email: l.email });
  return out;
}

/** Whether the plan meant this record to be new: the state the run read before writing does not hold it. */
function plannedNew(batch: WriteBatch, key: string, before: SyncState): boolean {
  if (batch.kind === 'overlap') return before.overlaps[key] === undefined;
  if (batch.kind === 'influence') return before.influence[key] === undefined;
  return batch.kind === 'referral-lead' || batch.kind === 'exchange';
}

/** Applies a finished batch to the state, so the checkpoint matches what the org now holds. */
function applyBatch(state: SyncState, plan: { overlapHashes: Plan['overlapHashes'] }, batch: WriteBatch, done: BatchDone): void {
  const failed = new Set(done.failed);
  batch.records.forEach((r, i) => {
    const key = String(r[batch.key]);
    if (failed.has(key)) return;
    const referral = batch.referralRefs?.[i];
    if (referral !== undefined) {
      state.referrals = { ...state.referrals, [referral.id]: referral.hash };
    } else if (batch.kind === 'overlap') {
      const want = plan.overlapHashes[key];
      if (want !== undefined) state.overlaps[key] = { id: done.ids[key] ?? state.overlaps[key]?.id, active: true, ...want };
    } else if (batch.kind === 'deactivate') {
      const o = state.overlaps[key];
      if (o !== undefined) o.active = false;
    } else if (batch.kind === 'lead') {
      const l = state.leads[key];
      if (l !== undefined) l.overlapCount = Number(r[LeadFields.PartnerOverlapCount]);
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

/**
 * One sync run: read (incrementally after the first run) -> match -> plan -> write, checkpointing after
 * every batch so a crash or a pause resumes where it stopped; per-record failures go to the errors CSV,
 * Partner_Sync_Error__c and the run record. Never throws for per-record failures; throws for a failed
 * read or configuration (the run record then says Failed when the org can still be written).
 */
export async function runSync(options: SyncOptions): Promise<SyncResult> {
  // a dry run writes no checkpoint, so it can run beside a real one
  const release = options.dryRun === true ? undefined : options.store.lock();
  try {
    return await runLocked(options);
  } finally {
    release?.();
  }
}

async function runLocked(options: SyncOptions): Promise<SyncResult> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const { client, store } = options;
  // lowered on a resume by what earlier attempts used, so the run's API calls cover the whole run
  let callsBefore = client.calls;
  const resumed = options.dryRun === true ? undefined : store.loadPending();
  const runId = resumed?.pending.runId ?? newRunId(started);
  const runDir = path.join(options.runsDir, runId);
  mkdirSync(runDir, { recursive: true, mode: PRIVATE_DIR });
  const runLog = path.join(runDir, 'run.log');
  const log = (message: string): void => appendFileSync(runLog, `${now().toISOString()} ${message}\n`, { mode: PRIVATE_FILE });
  // the client's retries and row-lock backoffs are part of the run's story
  client.onEvent = log;
  const warnings: string[] = [];
  const failures: FailedRecord[] = [];
  // what the writes did, over every attempt of this run
  const tally: WriteCounts = emptyWriteCounts();
  let pending: PendingRun;
  let plan: Pick<Plan, 'counts' | 'overlapHashes' | 'byPartnerPopulation' | 'matched'>;
  let referralOutcomes: ReferralOutcome[] = [];
  const partnerSources: PartnerSource[] = [];
  let doneBatches: BatchDone[];
  let mode: SyncResult['mode'];

  if (resumed !== undefined) {
    mode = 'Resume';
    pending = resumed.pending;
    doneBatches = resumed.done;
    log(`resuming ${runId}: ${doneBatches.length} of ${pending.batches.length} batches already written`);
    plan = { counts: pending.planCounts, overlapHashes: pending.hashes, byPartnerPopulation: {}, matched: pending.counts.matched };
    referralOutcomes = pending.referrals ?? [];
    // the whole run, not only this attempt: what planning rejected and what the written batches did
    warnings.push(...(pending.warnings ?? []));
    failures.push(...(pending.failures ?? []));
    partnerSources.push(...(pending.partnerSources ?? []));
    callsBefore -= pending.apiCalls ?? 0;
    for (const d of doneBatches) {
      callsBefore -= d.calls ?? 0;
      if (d.counts !== undefined) addWriteCounts(tally, d.counts);
      failures.push(...(d.failures ?? []));
    }
    // the admin may have raised API_Budget_Percent__c since the pause: one query applies it
    if (client.budget !== undefined) {
      const [settings] = await client.query(SETTINGS_SOQL);
      client.budget.percent = settingsFromRecord(settings).apiBudgetPercent;
    }
  } else {
    const previous = options.full === true ? undefined : store.loadState();
    mode = options.dryRun === true ? 'Dry run' : previous?.watermark === undefined ? 'Full' : 'Incremental';
    options.progress?.phase('Reading the org');
    const fullPrevious = options.full === true ? { ...(store.loadState() ?? emptyState()), watermark: undefined } : previous;
    // the guard stopping a read leaves nothing planned: the next run starts afresh
    const pausedBeforeWrites = (e: unknown): Promise<SyncResult> => {
      if (!(e instanceof BudgetExceededError)) throw e;
      warnings.push(`${e.message}. Run \`partnerlens sync\` again after the org's usage drops.`);
      log(`paused while reading: ${e.message}`);
      const counts = emptyPlanCounts();
      plan = { counts, overlapHashes: {}, byPartnerPopulation: {}, matched: 0 };
      pending = { runId, startedAt: started.toISOString(), mode, batches: [], state: emptyState(), counts: { read: 0, matched: 0 }, nextWatermark: '', planCounts: counts, hashes: {} };
      return finishResult('Paused', []);
    };
    let org: Awaited<ReturnType<typeof readOrg>>;
    try {
      org = await readOrg(client, fullPrevious, started, options.overlapSeconds ?? 300);
    } catch (e) {
      return pausedBeforeWrites(e);
    }
    if (client.budget !== undefined) client.budget.percent = org.settings.apiBudgetPercent;
    // the population filters changed since the checkpoint: the read was a full one
    if (org.full && mode === 'Incremental') mode = 'Full';
    log(`${mode}: read ${org.read} rows, ${org.changed} of our records new or changed`);
    options.progress?.phase('Reading partner data');
    const data = await options.loadPartners();
    const disputed = new Set(org.state.disputed);
    const partnerMatches = [];
    for (const d of data) {
      const row = resolvePartner(org.partners, d.partner);
      if (row === undefined) {
        warnings.push(`No Partner__c with External_Id__c or Domain__c "${d.partner}": its data was skipped. Add it with \`partnerlens partners add\`.`);
        continue;
      }
      for (const p of d.problems) failures.push({ object: 'partner file', key: p.key, code: 'INVALID_ROW', message: p.message, fields: p.fields ?? '' });
      if (row.status !== 'Active') {
        warnings.push(`${row.name} is ${row.status ?? 'without a status'}, not Active: its data was skipped.`);
        continue;
      }
      if ((row.source ?? 'File') !== d.source) {
        warnings.push(`${row.name}'s Source__c is ${row.source ?? 'File'}, so its ${d.source === 'File' ? 'partner file' : 'private exchange result'} ${d.from} was skipped. Change Source__c or the config.`);
        continue;
      }
      partnerSources.push({ partner: row.name, source: d.source, from: d.from, records: d.records.length });
      log(`partner data: ${row.name} from ${d.source} ${d.from}: ${d.records.length} records`);
      const matches = matchOverlaps(ourRecords(org.state), d.records, { nameFallback: org.settings.nameFallback, emailDomains: org.settings.emailDomainMatch, disputed });
      partnerMatches.push({ partner: { id: row.id, name: row.name, externalId: row.externalId ?? row.id, domain: row.domain, sharingLevel: row.sharingLevel as SharingLevel | undefined }, matches });
    }
    options.progress?.phase('Planning');
    const full = planSync({
      state: org.state,
      partners: partnerMatches,
      today: started.toISOString().slice(0, 10),
      ruleInfluence: org.settings.ruleInfluence,
      maxDeactivationPercent: org.settings.maxDeactivationPercent,
      bulkThreshold: org.settings.bulkThreshold,
      partnerNames: Object.fromEntries(org.partners.map((p) => [p.id, p.name])),
    });
    warnings.push(...full.warnings);
    plan = full;
    let referrals: Awaited<ReturnType<typeof planReferralWrites>>;
    try {
      referrals = await planReferralWrites(options, client, org.partners, org.state, warnings, failures);
    } catch (e) {
      return pausedBeforeWrites(e);
    }
    referralOutcomes = referrals.outcomes;
    org.state.referrals = { ...org.state.referrals, ...referrals.settled };
    let exchanges: Awaited<ReturnType<typeof planExchanges>>;
    try {
      exchanges = await planExchanges(client, org.partners, options.loadExchanges?.() ?? [], resolvePartner, org.settings, warnings);
    } catch (e) {
      return pausedBeforeWrites(e);
    }
    full.counts.exchangesCreate = exchanges.count;
    pending = {
      runId,
      startedAt: started.toISOString(),
      mode,
      batches: [...full.batches, ...referrals.batches, ...exchanges.batches],
      state: org.state,
      counts: { read: org.read, matched: full.matched },
      nextWatermark: org.nextWatermark,
      planCounts: full.counts,
      hashes: full.overlapHashes,
      referrals: referralOutcomes,
      failures: [...failures],
      warnings: [...warnings],
      partnerSources,
      apiCalls: client.calls - callsBefore,
    };
    doneBatches = [];
    for (const w of warnings) log(`warning: ${w}`);
    if (options.dryRun === true) {
      log(`dry run: ${JSON.stringify(full.counts)}`);
      return finishResult('Dry run', pending.batches.flatMap((b) => b.records).slice(0, 5));
    }
    store.startPending(pending);
  }

  // ---- write ----
  const state = structuredClone(pending.state);
  const done = new Map(doneBatches.map((d) => [d.batch, d]));
  for (const d of doneBatches) {
    const batch = pending.batches[d.batch];
    if (batch !== undefined) applyBatch(state, plan, batch, d);
  }
  let status: RunStatus = 'Succeeded';
  const total = pending.batches.reduce((n, b) => n + b.records.length, 0);
  let written = pending.batches.reduce((n, b, i) => n + (done.has(i) ? b.records.length : 0), 0);
  options.progress?.phase('Writing', total);
  options.progress?.advance(written);
  try {
    for (const [index, batch] of pending.batches.entries()) {
      if (done.has(index)) continue;
      const records = batch.records.map((r, i) => {
        const ref = batch.overlapRefs?.[i];
        return ref === undefined ? r : { ...r, [PartnerInfluence.Overlap]: state.overlaps[ref]?.id ?? null };
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
      options.progress?.advance(written);
      if (options.crashAfterBatch !== undefined && index + 1 >= options.crashAfterBatch) throw new Error(`crash hook after batch ${index + 1}`);
    }
  } catch (e) {
    if (!(e instanceof BudgetExceededError)) throw e;
    status = 'Paused';
    warnings.push(`${e.message}. Run \`partnerlens sync\` again after the org's usage drops: it resumes where it stopped.`);
    log(`paused: ${e.message}`);
  }
  options.progress?.done();
  if (status !== 'Paused') {
    if (failures.length > 0) status = 'Partial';
    store.finish({ ...state, watermark: pending.nextWatermark });
  }
  return finishResult(status, []);

  async function finishResult(finalStatus: RunStatus, sample: SObjectRecord[]): Promise<SyncResult> {
    const result: SyncResult = {
      runId,
      mode,
      status: finalStatus,
      counts: { read: pending.counts.read, matched: pending.counts.matched, created: tally.created, updated: tally.updated, deactivated: tally.deactivated, failed: failures.length },
      plan: plan.counts,
      apiCalls: 0,
      durationMs: 0,
      warnings,
      failures,
      runLog,
      byPartnerPopulation: plan.byPartnerPopulation,
      partnerSources,
      referrals: { flagged: tally.flagged, created: tally.leadsCreated, outcomes: referralOutcomes },
      sample,
    };
    if (failures.length > 0) {
      result.errorsCsv = path.join(runDir, 'errors.csv');
      writeFileSync(result.errorsCsv, toCsv(failures, { header: true, columns: ['object', 'key', 'code', 'message', 'fields'] }), { mode: PRIVATE_FILE });
    }
    if (finalStatus !== 'Dry run') await recordRun(client, result, new Date(pending.startedAt), now(), options.source ?? 'partnerlens', callsBefore, log);
    result.apiCalls = client.calls - callsBefore;
    result.durationMs = now().getTime() - started.getTime();
    log(`${finalStatus}: ${JSON.stringify(result.counts)}, ${result.apiCalls} API calls`);
    return result;
  }
}

/**
 * Reads the referral files, queries the Leads and Contacts they could match (one composite call per
 * 100 referrals; none when every referral was handled by an earlier run) and plans the Lead writes.
 */
async function planReferralWrites(
  options: SyncOptions,
  client: OrgClient,
  partners: PartnerRow[],
  state: SyncState,
  warnings: string[],
  failures: FailedRecord[],
): Promise<{ batches: WriteBatch[]; outcomes: ReferralOutcome[]; settled: Record<string, string> }> {
  const data = options.loadReferrals === undefined ? [] : await options.loadReferrals();
  const todo: PartnerReferrals[] = [];
  for (const d of data) {
    for (const p of d.problems) failures.push({ object: 'referral file', key: p.key, code: 'INVALID_ROW', message: p.message, fields: p.fields ?? '' });
    const row = resolvePartner(partners, d.partner);
    if (row === undefined) {
      warnings.push(`No Partner__c with External_Id__c or Domain__c "${d.partner}": its referrals were skipped. Add it with \`partnerlens partners add\`.`);
      continue;
    }
    if (row.status !== 'Active') {
      warnings.push(`${row.name} is ${row.status ?? 'without a status'}, not Active: its referrals were skipped.`);
      continue;
    }
    const fresh = d.referrals.filter((r) => state.referrals?.[r.referralId] !== referralHash(row.id, r));
    if (fresh.length > 0) todo.push({ partnerId: row.id, partnerName: row.name, referrals: fresh });
  }
  if (todo.length === 0) return { batches: [], outcomes: [], settled: {} };
  const rows = await client.queries(referralQueries(todo.flatMap((t) => t.referrals)));
  return planReferrals(todo, referralView(rows));
}

/** One failure for the run's summary; a message that already names its file and line is not prefixed with them again. */
export function failureLine(f: FailedRecord): string {
  const file = f.key.replace(/:\d+$/, '');
  return f.message.startsWith(file) ? `${f.code}: ${f.message}` : `${f.object} ${f.key}: ${f.code} ${f.message}`;
}

/** Writes Partner_Sync_Run__c (upsert by run id, so a resumed run updates its row) and its Partner_Sync_Error__c rows. */
async function recordRun(client: OrgClient, result: SyncResult, started: Date, finished: Date, source: string, callsBefore: number, log: (m: string) => void): Promise<void> {
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

