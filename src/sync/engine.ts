import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Messages } from '@salesforce/core';
import type { SObjectRecord } from '../org/client.js';
import { planRun, resumeRun, type PlannedRun, type PlanRunOptions, type RunNotes } from './planRun.js';
import { recordRun, writeErrorsCsv } from './runRecord.js';
import { emptyState, PRIVATE_DIR, PRIVATE_FILE, type BatchDone } from './state.js';
import { emptyPlanCounts, emptyWriteCounts, isRejectedRow, type RunStatus, type SyncResult, type WriteCounts } from './types.js';
import { writeBatches } from './writeBatches.js';
import { maintainRegistrations } from '../registrations/approval.js';
import { sendDecisionNotices } from '../registrations/notices.js';
import type { DeliveryOptions } from '../signals/deliver.js';
import { deliverPartnerSignals } from './signals.js';


Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

export interface SyncOptions extends PlanRunOptions {
  runsDir: string;
  now?: () => Date;
  /** Test hook: throw after this many batches are written, as a crash would. */
  crashAfterBatch?: number;
  /** Source label for the run record. */
  source?: string;
  /** How partner signals reach their owners (config signals.notify); none: they are recorded only. */
  signalDelivery?: DeliveryOptions;
}

function newRunId(now: Date): string {
  return `run-${now.toISOString().replace(/[-:.TZ]/g, '').slice(0, 17)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * One sync run: read (incrementally after the first run) -> load sources -> match -> plan -> write ->
 * record, checkpointing after every batch so a crash or a pause resumes where it stopped; per-record
 * failures go to the errors CSV, Partner_Sync_Error__c and the run record. Never throws for per-record
 * failures; throws for a failed read or configuration.
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
  const resumed = options.dryRun === true ? undefined : store.loadPending();
  const runId = resumed?.pending.runId ?? newRunId(started);
  const runDir = path.join(options.runsDir, runId);
  mkdirSync(runDir, { recursive: true, mode: PRIVATE_DIR });
  const runLog = path.join(runDir, 'run.log');
  const notes: RunNotes = {
    warnings: [],
    failures: [],
    partnerSources: [],
    log: (message) => appendFileSync(runLog, `${now().toISOString()} ${message}\n`, { mode: PRIVATE_FILE }),
  };
  // the client's retries and row-lock backoffs are part of the run's story
  client.onEvent = notes.log;
  // what the writes did, over every attempt of this run
  const tally = emptyWriteCounts();
  // lowered on a resume by what earlier attempts used, so the run's API calls cover the whole run
  let callsBefore = client.calls;
  // what the signal step did, for the result (a paused or dry run has none)
  const signalStep: { outcome?: SyncResult['signals'] } = {};

  let run: PlannedRun;
  let doneBatches: BatchDone[] = [];
  if (resumed !== undefined) {
    const resume = await resumeRun(client, resumed, notes, tally);
    callsBefore -= resume.callsSoFar;
    ({ doneBatches } = resume);
    run = resume;
  } else {
    const planned = await planRun(options, notes, runId, started, callsBefore);
    if ('paused' in planned) {
      notes.warnings.push(messages.getMessage('warning.PausedReading', [planned.paused.message]));
      notes.log(`paused while reading: ${planned.paused.message}`);
      const counts = emptyPlanCounts();
      const nothing = { runId, startedAt: started.toISOString(), mode: planned.mode, batches: [], state: emptyState(), counts: { read: 0, matched: 0 }, nextWatermark: '', planCounts: counts, hashes: {} };
      return finish({ mode: planned.mode, pending: nothing, plan: { counts, overlapHashes: {}, byPartnerPopulation: {}, matched: 0 }, referralOutcomes: [] }, 'Paused', []);
    }
    run = planned.planned;
    if (options.dryRun === true) {
      notes.log(`dry run: ${JSON.stringify(run.plan.counts)}`);
      return finish(run, 'Dry run', run.pending.batches.flatMap((b) => b.records).slice(0, 5));
    }
    // a plan with nothing to write has nothing to resume: a crash before its checkpoint just plans again
    if (run.pending.batches.length > 0) store.startPending(run.pending);
  }

  const written = await writeBatches({ client, store, pending: run.pending, doneBatches, plan: run.plan, mode: run.mode, progress: options.progress, crashAfterBatch: options.crashAfterBatch }, tally, notes.failures);
  if (written.paused !== undefined) {
    notes.warnings.push(messages.getMessage('warning.PausedWriting', [written.paused.message]));
    notes.log(`paused: ${written.paused.message}`);
    return finish(run, 'Paused', []);
  }
  // before the checkpoint, so a signal a channel could not take is looked for again by the next run
  // a checkpoint of an older version plans no signals
  const detected = run.plan.counts.signalsCreate ?? 0;
  const signals = await deliverPartnerSignals(client, options.signalDelivery, detected, run.pending.state.signalsDue === true, notes);
  signalStep.outcome = { detected, delivered: signals.outcome?.delivered ?? 0, messages: signals.outcome?.messages ?? 0, undelivered: signals.outcome?.failures.length ?? 0 };
  store.finish({ ...written.state, watermark: run.pending.nextWatermark, signalsDue: signals.due });
  if (run.registrationsDue === true) await maintainDealRegistrations(client, now(), notes);
  // maintenance may have converted or expired some: those are notices too
  if ((run.noticesDue === true || run.registrationsDue === true) && (options.decisionNotices ?? []).length > 0) await notifyPartners(client, options.decisionNotices ?? [], now, notes);
  // rows the partner or referral files could not give are reported ("completed with N rejected rows"), not a partial run:
  // Partial (exit 3) means the org refused records the sync meant to write
  return finish(run, notes.failures.some((f) => !isRejectedRow(f)) ? 'Partial' : 'Succeeded', []);

  /** The record step: the result, errors.csv and the run record in the org. */
  async function finish(planned: PlannedRun, status: RunStatus, sample: SObjectRecord[]): Promise<SyncResult> {
    const result = resultOf(runId, planned, status, tally, notes, runLog, sample);
    result.signals = signalStep.outcome ?? { detected: planned.plan.counts.signalsCreate ?? 0, delivered: 0, messages: 0, undelivered: 0 };
    result.errorsCsv = writeErrorsCsv(runDir, notes.failures);
    if (status !== 'Dry run') await recordRun(client, result, new Date(planned.pending.startedAt), now(), options.source ?? 'partnerlens', callsBefore, notes.log);
    result.apiCalls = client.calls - callsBefore;
    result.durationMs = now().getTime() - started.getTime();
    notes.log(`${status}: ${JSON.stringify(result.counts)}, ${result.apiCalls} API calls`);
    return result;
  }
}

/** Approvals made in the components become leads/opportunities, lapsed protections Expired (docs/registrations.md). */
async function maintainDealRegistrations(client: SyncOptions['client'], now: Date, notes: RunNotes): Promise<void> {
  try {
    const done = await maintainRegistrations(client, now);
    notes.log(`deal registrations: ${done.applied.length} applied, ${done.converted.length} converted, ${done.expired.length} expired`);
    if (done.applied.length + done.converted.length + done.expired.length > 0) notes.warnings.push(messages.getMessage('info.Registrations', [done.applied.length, done.converted.length, done.expired.length]));
    notes.failures.push(...done.failures);
  } catch (e) {
    // the sync's own writes are done and checkpointed; the next run tries the registrations again
    notes.warnings.push(messages.getMessage('warning.RegistrationsFailed', [e instanceof Error ? e.message : String(e)]));
  }
}

/** Partners with a decision URL hear their registrations' decisions; an unreachable one is a warning, resent next run. */
async function notifyPartners(client: SyncOptions['client'], targets: NonNullable<SyncOptions['decisionNotices']>, now: () => Date, notes: RunNotes): Promise<void> {
  try {
    const done = await sendDecisionNotices(client, targets, { now });
    notes.log(`decision notices: ${done.sent.length} sent, ${done.failures.length} not delivered`);
    if (done.sent.length > 0) notes.warnings.push(messages.getMessage('info.DecisionNotices', [done.sent.length]));
    for (const f of done.failures) notes.warnings.push(messages.getMessage('warning.DecisionNoticeFailed', [f.key, f.message]));
  } catch (e) {
    notes.warnings.push(messages.getMessage('warning.DecisionNoticeFailed', ['(all)', e instanceof Error ? e.message : String(e)]));
  }
}

function resultOf(runId: string, run: PlannedRun, status: RunStatus, tally: WriteCounts, notes: RunNotes, runLog: string, sample: SObjectRecord[]): SyncResult {
  const { failures, warnings, partnerSources } = notes;
  return {
    runId,
    mode: run.mode,
    status,
    counts: { read: run.pending.counts.read, matched: run.pending.counts.matched, created: tally.created, updated: tally.updated, deactivated: tally.deactivated, failed: failures.length, rejected: failures.filter(isRejectedRow).length },
    plan: run.plan.counts,
    apiCalls: 0,
    durationMs: 0,
    warnings,
    failures,
    runLog,
    byPartnerPopulation: run.plan.byPartnerPopulation,
    partnerSources,
    referrals: { flagged: tally.flagged, created: tally.leadsCreated, outcomes: run.referralOutcomes },
    sample,
  };
}

