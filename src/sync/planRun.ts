import { Messages } from '@salesforce/core';
import { settingsFromRecord } from '../config/settings.js';
import { matchOverlaps } from '../match/matchOverlaps.js';
import type { OurRecord } from '../match/types.js';
import { BudgetExceededError } from '../org/budget.js';
import type { OrgClient } from '../org/client.js';
import type { NoticeTarget } from '../registrations/notices.js';
import type { SharingLevel } from '../schema/dataModel.js';
import type { PartnerRow } from '../schema/partnerRecord.js';
import { planExchanges, type ExchangeData } from './exchanges.js';
import { activePartner, resolvePartner } from './partnerResolution.js';
import { planSync, type PartnerMatches } from './plan.js';
import { readOrg, SETTINGS_SOQL } from './readOrg.js';
import { planReferrals, referralHash, referralQueries, referralView, type PartnerReferrals, type ReferralData } from './referrals.js';
import { planSignals, type SignalOptions } from './signals.js';
import { emptyState, type BatchDone, type CheckpointStore, type PendingRun } from './state.js';
import { addWriteCounts, type FailedRecord, type PartnerData, type PartnerSource, type PlanSummary, type ReferralOutcome, type RunMode, type SyncProgress, type SyncState, type WriteBatch, type WriteCounts } from './types.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

/** The steps before any write: read the org, load the partners' data, match, plan (or pick up a checkpointed plan). */

export interface PlanRunOptions {
  client: OrgClient;
  store: CheckpointStore;
  /** Partner data by partner reference; partners without data this run are left as they are. */
  loadPartners: () => Promise<PartnerData[]>;
  /** Referral files by partner reference (config `referralFiles`, or `referrals import`). */
  loadReferrals?: () => Promise<ReferralData[]>;
  /** Completed private exchanges by partner reference (config `privateResults`): recorded as Partner_Exchange__c. */
  loadExchanges?: () => ExchangeData[];
  dryRun?: boolean;
  /** Ignore the watermark and re-read everything (finds deleted records; rewrites nothing that is equal). */
  full?: boolean;
  overlapSeconds?: number;
  progress?: SyncProgress;
  /** Partners told of their registrations' decisions (config registrationIntake decisionUrl). */
  decisionNotices?: readonly NoticeTarget[];
  /** Partner signals: the kinds recorded and whether they are delivered (config signals). */
  signals?: SignalOptions;
}

/** What a run has to say so far, over all its attempts: its warnings, refused rows and the partner data it used. */
export interface RunNotes {
  warnings: string[];
  failures: FailedRecord[];
  partnerSources: PartnerSource[];
  log: (message: string) => void;
}

export interface PlannedRun {
  mode: RunMode;
  pending: PendingRun;
  plan: PlanSummary;
  referralOutcomes: ReferralOutcome[];
  /** Approved deal registrations to apply or expire after the writes (not known on a resume: the next run sees them). */
  registrationsDue?: boolean;
  noticesDue?: boolean;
}

/** A fresh plan, or the budget guard's stop before any write (the next run then starts afresh). */
export type PlanRunResult = { planned: PlannedRun } | { paused: BudgetExceededError; mode: RunMode };

function ourRecords(state: SyncState): OurRecord[] {
  const out: OurRecord[] = [];
  for (const [id, a] of Object.entries(state.accounts)) for (const population of a.pops) out.push({ id, object: 'Account', population, name: a.name, website: a.website, duns: a.duns });
  for (const [id, l] of Object.entries(state.leads)) if (l.inPopulation) out.push({ id, object: 'Lead', population: 'Lead', name: l.name, website: l.website, email: l.email });
  return out;
}

/** Matches each Active partner's data against our records; data for unknown, inactive or other-source partners is skipped with a warning. */
function matchPartnerData(data: readonly PartnerData[], org: Awaited<ReturnType<typeof readOrg>>, notes: RunNotes): PartnerMatches[] {
  const disputed = new Set(org.state.disputed);
  const ours = ourRecords(org.state);
  const out: PartnerMatches[] = [];
  for (const d of data) {
    if (resolvePartner(org.partners, d.partner) !== undefined) {
      for (const p of d.problems) notes.failures.push({ object: 'partner file', key: p.key, code: 'INVALID_ROW', message: p.message, fields: p.fields ?? '' });
    }
    const found = activePartner(org.partners, d.partner, 'data');
    if ('warning' in found) {
      notes.warnings.push(found.warning);
      continue;
    }
    const { row } = found;
    if ((row.source ?? 'File') !== d.source) {
      notes.warnings.push(messages.getMessage('warning.SourceMismatch', [row.name, row.source ?? 'File', d.source === 'File' ? 'partner file' : 'private exchange result', d.from]));
      continue;
    }
    notes.partnerSources.push({ partner: row.name, source: d.source, from: d.from, records: d.records.length });
    notes.log(`partner data: ${row.name} from ${d.source} ${d.from}: ${d.records.length} records`);
    const matches = matchOverlaps(ours, d.records, { nameFallback: org.settings.nameFallback, emailDomains: org.settings.emailDomainMatch, disputed });
    out.push({ partner: { id: row.id, name: row.name, externalId: row.externalId ?? row.id, domain: row.domain, sharingLevel: row.sharingLevel as SharingLevel | undefined }, matches });
  }
  return out;
}

/**
 * Reads the referral files, queries the Leads and Contacts they could match (one composite call per
 * 100 referrals; none when every referral was handled by an earlier run) and plans the Lead writes.
 */
async function planReferralWrites(
  data: readonly ReferralData[],
  client: OrgClient,
  partners: readonly PartnerRow[],
  state: SyncState,
  notes: RunNotes,
): Promise<{ batches: WriteBatch[]; outcomes: ReferralOutcome[]; settled: Record<string, string> }> {
  const todo: PartnerReferrals[] = [];
  for (const d of data) {
    for (const p of d.problems) notes.failures.push({ object: 'referral file', key: p.key, code: 'INVALID_ROW', message: p.message, fields: p.fields ?? '' });
    const found = activePartner(partners, d.partner, 'referrals');
    if ('warning' in found) {
      notes.warnings.push(found.warning);
      continue;
    }
    const { row } = found;
    const fresh = d.referrals.filter((r) => state.referrals?.[r.referralId] !== referralHash(row.id, r));
    if (fresh.length > 0) todo.push({ partnerId: row.id, partnerName: row.name, referrals: fresh });
  }
  if (todo.length === 0) return { batches: [], outcomes: [], settled: {} };
  const rows = await client.queries(referralQueries(todo.flatMap((t) => t.referrals)));
  return planReferrals(todo, referralView(rows));
}

/** Read -> load sources -> match -> plan, for a run that has no checkpointed plan to resume. */
export async function planRun(options: PlanRunOptions, notes: RunNotes, runId: string, started: Date, callsBefore: number): Promise<PlanRunResult> {
  const { client, store } = options;
  const previous = options.full === true ? undefined : store.loadState();
  let mode: RunMode = options.dryRun === true ? 'Dry run' : previous?.watermark === undefined ? 'Full' : 'Incremental';
  try {
    options.progress?.phase('Reading the org');
    const fullPrevious = options.full === true ? { ...(store.loadState() ?? emptyState()), watermark: undefined } : previous;
    const org = await readOrg(client, fullPrevious, started, options.overlapSeconds ?? 300, options.decisionNotices);
    // the population filters changed since the checkpoint: the read was a full one
    if (org.full && mode === 'Incremental') mode = 'Full';
    notes.log(`${mode}: read ${org.read} rows, ${org.changed} of our records new or changed`);

    options.progress?.phase('Reading partner data');
    const partnerMatches = matchPartnerData(await options.loadPartners(), org, notes);

    options.progress?.phase('Planning');
    const full = planSync({
      state: org.state,
      partners: partnerMatches,
      today: started.toISOString().slice(0, 10),
      ruleInfluence: org.settings.ruleInfluence,
      maxDeactivationPercent: org.settings.maxDeactivationPercent,
      bulkThreshold: org.settings.bulkThreshold,
      partnerNames: Object.fromEntries(org.partners.map((p) => [p.id, p.name])),
      sourcedDeals: org.sourcedDeals,
    });
    notes.warnings.push(...full.warnings);
    const signals = planSignals(options.signals, org.state, full, partnerMatches, started, org.settings);
    full.counts.signalsCreate = signals.reduce((n, b) => n + b.records.length, 0);
    const referrals = await planReferralWrites((await options.loadReferrals?.()) ?? [], client, org.partners, org.state, notes);
    org.state.referrals = { ...org.state.referrals, ...referrals.settled };
    const exchanges = await planExchanges(client, org.partners, options.loadExchanges?.() ?? [], org.settings, notes.warnings);
    full.counts.exchangesCreate = exchanges.count;
    const pending: PendingRun = {
      runId,
      startedAt: started.toISOString(),
      mode,
      batches: [...full.batches, ...signals, ...referrals.batches, ...exchanges.batches],
      state: org.state,
      counts: { read: org.read, matched: full.matched },
      nextWatermark: org.nextWatermark,
      planCounts: full.counts,
      hashes: full.overlapHashes,
      referrals: referrals.outcomes,
      failures: [...notes.failures],
      warnings: [...notes.warnings],
      partnerSources: [...notes.partnerSources],
      apiCalls: client.calls - callsBefore,
    };
    for (const w of notes.warnings) notes.log(`warning: ${w}`);
    return { planned: { mode, pending, plan: full, referralOutcomes: referrals.outcomes, registrationsDue: org.registrationsDue, noticesDue: org.noticesDue } };
  } catch (e) {
    if (!(e instanceof BudgetExceededError)) throw e;
    return { paused: e, mode };
  }
}

/** A checkpointed plan picked up after a crash or a pause: the whole run's notes and counts so far, not only this attempt's. */
export async function resumeRun(client: OrgClient, resumed: { pending: PendingRun; done: BatchDone[] }, notes: RunNotes, tally: WriteCounts): Promise<PlannedRun & { doneBatches: BatchDone[]; callsSoFar: number }> {
  const { pending, done } = resumed;
  notes.log(`resuming ${pending.runId}: ${done.length} of ${pending.batches.length} batches already written`);
  notes.warnings.push(...(pending.warnings ?? []));
  notes.failures.push(...(pending.failures ?? []));
  notes.partnerSources.push(...(pending.partnerSources ?? []));
  let callsSoFar = pending.apiCalls ?? 0;
  for (const d of done) {
    callsSoFar += d.calls ?? 0;
    if (d.counts !== undefined) addWriteCounts(tally, d.counts);
    notes.failures.push(...(d.failures ?? []));
  }
  // the admin may have raised API_Budget_Percent__c since the pause: one query applies it
  if (client.budget !== undefined) {
    const [settings] = await client.query(SETTINGS_SOQL);
    client.budget.percent = settingsFromRecord(settings).apiBudgetPercent;
  }
  return {
    mode: 'Resume',
    pending,
    plan: { counts: pending.planCounts, overlapHashes: pending.hashes, byPartnerPopulation: {}, matched: pending.counts.matched },
    referralOutcomes: pending.referrals ?? [],
    doneBatches: done,
    callsSoFar,
  };
}
