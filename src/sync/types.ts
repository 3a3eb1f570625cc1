// Types a run shares between its plan, its checkpoint and its record (no logic beyond empty values, so any
// sync module may import them and none imports another for its types).
import type { Population } from '../schema/dataModel.js';
import type { SObjectRecord } from '../org/client.js';
import type { PartnerRecord } from '../match/types.js';

/** A record the org refused, or a partner/referral file row the sync could not use. */
export interface FailedRecord {
  object: string;
  key: string;
  code: string;
  message: string;
  fields: string;
}

/** A partner or referral file row the sync could not use (the source's problem, not the org's): reported, not written. */
export function isRejectedRow(f: FailedRecord): boolean {
  return f.code === 'INVALID_ROW' && f.object.endsWith(' file');
}

/** The partner data a run used for one partner. */
export interface PartnerSource {
  partner: string;
  source: 'File' | 'Private exchange';
  from: string;
  records: number;
}

/** What a run's writes did, summed over its batches (and over the attempts of a resumed run). */
export interface WriteCounts {
  created: number;
  updated: number;
  deactivated: number;
  /** Referral Leads flagged / created. */
  flagged: number;
  leadsCreated: number;
}

export function emptyWriteCounts(): WriteCounts {
  return { created: 0, updated: 0, deactivated: 0, flagged: 0, leadsCreated: 0 };
}

export function addWriteCounts(into: WriteCounts, from: WriteCounts): void {
  for (const k of Object.keys(into) as (keyof WriteCounts)[]) into[k] += from[k];
}

/** Our side as last read: enough to match and to notice what changed. */
export interface AccountState {
  name?: string;
  website?: string;
  duns?: string;
  pops: Population[];
  /** Values of the Account fields the Account filters read: a change there may move the account in or out. */
  watched: string;
}

/** An open opportunity with an account, as last read. */
export interface OppState {
  account: string;
  /** Values of the Opportunity fields an Account filter reads through a semi-join (beyond AccountId and IsClosed). */
  watched: string;
}

export interface LeadState {
  name?: string;
  email?: string;
  website?: string;
  inPopulation: boolean;
  overlapCount: number;
  /** Values of the fields the Lead filter reads: a change there may move the lead in or out. */
  watched: string;
}

export interface OverlapState {
  id?: string;
  active: boolean;
  /** Hash of the fields the sync writes: equal hash, nothing to write. */
  hash: string;
  partnerId: string;
  leadId?: string;
  /** Our account (Account__c), so a vanished overlap still names the deal it leaves. */
  accountId?: string;
  /** The partner's population (Partner_Population__c) as last written: what signals compare against. */
  population?: Population;
}

/** A Partner_Influence__c row of any origin (Manual, Rule, Sync), as last read: what the Primary_Partner__c rule compares. */
export interface InfluenceRowState {
  opp: string;
  partner: string;
  origin?: string;
  role?: string;
  /** Attribution_Percent__c; blank counts as 0. */
  percent: number;
  /** Touch_Date__c, or the date of CreatedDate when it is blank (YYYY-MM-DD). */
  date?: string;
}

/** A non-blank Opportunity.Primary_Partner__c as the org holds it. */
export interface PrimaryState {
  /** The Partner__c Id the org holds. */
  partner: string;
  /** The sync wrote this value and nobody changed it since: only then does the sync clear it when the last influence row goes. */
  bySync: boolean;
}

/**
 * The checkpoint format; a checkpoint of another version loads as a full read (src/sync/state.ts `stateFrom`).
 * Version 3 added influenceRows and primary (Opportunity.Primary_Partner__c); version 4 each overlap's account and
 * partner population (what partner signals compare against).
 */
export const STATE_VERSION = 4;

/** What the org holds of the sync's own output and of our populations, as of the last finished run. */
export interface SyncState {
  version: typeof STATE_VERSION;
  /** Incremental reads start here (ISO date-time, overlap window already subtracted). */
  watermark?: string;
  /** The population filters the state was read with: when the admin changes one, the next run reads everything. */
  filters?: string;
  accounts: Record<string, AccountState>;
  leads: Record<string, LeadState>;
  /** Open opportunities with an account. */
  opps: Record<string, OppState>;
  overlaps: Record<string, OverlapState>;
  /** Rule influence rows the sync created: External_Id__c -> Id. */
  influence: Record<string, string>;
  /** `${opportunityId}|${partnerId}` of Manual influence rows. */
  manual: string[];
  /** Every Partner_Influence__c row, any origin: Id -> row (the Primary_Partner__c rule reads them). */
  influenceRows: Record<string, InfluenceRowState>;
  /** Opportunities whose Primary_Partner__c is not blank: Opportunity Id -> value (absent = blank). */
  primary: Record<string, PrimaryState>;
  /** pairKey(ourId, partnerRecordId) of disputed overlaps. */
  disputed: string[];
  /** Referrals handled (Partner_Referral_Id__c -> referralHash): an unchanged referral costs no query. */
  referrals?: Record<string, string>;
  /** Partner signals wait for delivery (a channel failed last run): this run looks for them even if it detects none. */
  signalsDue?: boolean;
}

export type BatchKind = 'overlap' | 'deactivate' | 'lead' | 'influence' | 'primary' | 'referral-flag' | 'referral-lead' | 'exchange' | 'signal';

/** One write call (or one Bulk API job): the unit the run checkpoints after. */
export interface WriteBatch {
  kind: BatchKind;
  object: string;
  /** The field the records are upserted by ('Id' = update by record id). */
  key: string;
  bulk: boolean;
  records: SObjectRecord[];
  /** For influence rows and signals: the overlap External_Id__c whose Id goes into Overlap__c at write time. */
  overlapRefs?: (string | null)[];
  /** For referral writes: the referral each record settles, checkpointed once the record is written. */
  referralRefs?: { id: string; hash: string }[];
}

export interface PlanCounts {
  overlapsCreate: number;
  overlapsUpdate: number;
  overlapsDeactivate: number;
  leadsUpdate: number;
  influenceCreate: number;
  /** Opportunity.Primary_Partner__c set (or changed) to the partner with the largest role. */
  primarySet: number;
  /** Opportunity.Primary_Partner__c cleared: the last influence row went and the sync had set the value. */
  primaryClear: number;
  /** Partner_Exchange__c rows for completed private exchanges the org does not hold yet. */
  exchangesCreate: number;
  /** Partner_Signal__c rows: what moved on a partner's side since the previous sync (src/signals/detect.ts). */
  signalsCreate: number;
}

export function emptyPlanCounts(): PlanCounts {
  return { overlapsCreate: 0, overlapsUpdate: 0, overlapsDeactivate: 0, leadsUpdate: 0, influenceCreate: 0, primarySet: 0, primaryClear: 0, exchangesCreate: 0, signalsCreate: 0 };
}

export interface Plan {
  batches: WriteBatch[];
  counts: PlanCounts;
  matched: number;
  warnings: string[];
  /** Desired overlap hashes, for the state after the run. */
  overlapHashes: Record<string, { hash: string; partnerId: string; leadId?: string; accountId?: string; population?: Population }>;
  /** Overlaps per partner and our population (for the summary). */
  byPartnerPopulation: Record<string, Partial<Record<Population, number>>>;
}

/**
 * What became of one referral:
 * - flagged: an open Lead with the same e-mail (or the one open Lead at its company domain) is now Partner_Sourced__c;
 * - created: a new Lead (upserted by Partner_Referral_Id__c, so never twice);
 * - unchanged: already imported, or the matching Lead is already sourced by this partner;
 * - other-partner: the matching Lead is already sourced by another partner (the first partner keeps it);
 * - contact: the person or company is an existing customer contact: reported, no Lead.
 * Several open Leads at the domain and none with the e-mail: a Lead is created for the referred person
 * (marked `ambiguous`) rather than guessing which Lead the partner meant.
 */
export type ReferralOutcomeKind = 'flagged' | 'created' | 'unchanged' | 'other-partner' | 'contact';

export interface ReferralOutcome {
  partner: string;
  referralId: string;
  email: string;
  outcome: ReferralOutcomeKind;
  /** How the existing record was found. */
  by?: 'referral id' | 'email' | 'domain';
  leadId?: string;
  contactId?: string;
  /** Set when several open leads share the domain (a Lead is created). */
  ambiguous?: number;
}

export type RunStatus = 'Succeeded' | 'Partial' | 'Paused' | 'Failed' | 'Dry run';
export type RunMode = 'Full' | 'Incremental' | 'Dry run' | 'Resume';

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

/** What the write step needs of a plan (a resumed run has only what its checkpoint kept). */
export type PlanSummary = Pick<Plan, 'counts' | 'overlapHashes' | 'byPartnerPopulation' | 'matched'>;

export interface SyncResult {
  runId: string;
  mode: RunMode;
  status: RunStatus;
  /**
   * failed: every record or file row not written; rejected: those of them that are partner or referral file rows
   * the sync could not use (isRejectedRow). A run whose only failures are rejected rows is Succeeded ("completed
   * with N rejected rows", exit 0); one the org refused records of is Partial (exit 3).
   */
  counts: { read: number; matched: number; created: number; updated: number; deactivated: number; failed: number; rejected: number };
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
  /** Partner signals this run recorded, and those it delivered (in how many messages) or could not. */
  signals?: { detected: number; delivered: number; messages: number; undelivered: number };
  sample: SObjectRecord[];
}
