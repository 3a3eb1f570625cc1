import { Messages } from '@salesforce/core';
import { createHash } from 'node:crypto';
import { overlapExternalId } from '../match/matchOverlaps.js';
import type { OverlapMatch } from '../match/types.js';
import { LeadFields, OpportunityFields, PartnerInfluence, PartnerOverlap, type Population, type SharingLevel } from '../schema/dataModel.js';
import type { SObjectRecord } from '../org/client.js';
import { emptyPlanCounts, type BatchKind, type InfluenceRowState, type Plan, type SyncState, type WriteBatch } from './types.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

export interface PartnerInfo {
  id: string;
  name: string;
  externalId: string;
  domain?: string;
  sharingLevel?: SharingLevel;
}

/** One partner's matches this run; only partners whose data was read take part (others are left as they are). */
export interface PartnerMatches {
  partner: PartnerInfo;
  matches: OverlapMatch[];
}

export interface PlanInput {
  state: SyncState;
  partners: PartnerMatches[];
  today: string;
  ruleInfluence: boolean;
  maxDeactivationPercent: number;
  bulkThreshold: number;
  batchSize?: number;
  /** Partner__c Id -> Name, for the last tie-break of the Primary_Partner__c rule. */
  partnerNames?: Record<string, string>;
  /** Opportunities whose Source_Partner__c is set (a converted partner-sourced lead): each gets its Sourced row. */
  sourcedDeals?: readonly { opp: string; partner: string }[];
}

/** Partner populations whose overlap with our account makes the partner an influencer on its open deals. */
const INFLUENCING: ReadonlySet<Population> = new Set(['Customer', 'Open Opportunity']);
const SHARES_OWNERS: ReadonlySet<string> = new Set(['Overlapping records', 'All records']);
/** Deactivation guard applies from this many active overlaps on (a partner with 2 rows may lose both). */
const GUARD_MIN_ACTIVE = 10;

function clip(value: string | undefined, max: number): string | null {
  return value === undefined || value === '' ? null : value.slice(0, max);
}

function overlapRow(partner: PartnerInfo, m: OverlapMatch): SObjectRecord {
  const owners = partner.sharingLevel === undefined || SHARES_OWNERS.has(partner.sharingLevel);
  const p = m.partnerRecord;
  return {
    [PartnerOverlap.ExternalId]: overlapExternalId(partner.externalId, m.ourId, p.partnerRecordId),
    [PartnerOverlap.Partner]: partner.id,
    [PartnerOverlap.Account]: m.ourObject === 'Account' ? m.ourId : null,
    [PartnerOverlap.Lead]: m.ourObject === 'Lead' ? m.ourId : null,
    [PartnerOverlap.MatchKey]: clip(m.key, 255),
    [PartnerOverlap.MatchMethod]: m.method,
    [PartnerOverlap.MatchReason]: clip(m.reason, 255),
    [PartnerOverlap.OurPopulation]: m.ourPopulation,
    [PartnerOverlap.PartnerPopulation]: p.population,
    [PartnerOverlap.PartnerRecordId]: clip(p.partnerRecordId, 255),
    [PartnerOverlap.PartnerCompanyName]: clip(p.companyName, 255),
    [PartnerOverlap.PartnerOwnerName]: owners ? clip(p.ownerName, 121) : null,
    [PartnerOverlap.PartnerOwnerEmail]: owners ? clip(p.ownerEmail, 80) : null,
    [PartnerOverlap.PartnerOpportunityStage]: clip(p.opportunityStage, 80),
  };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * A Partner_Influence__c row as the state keeps it: one the plan writes, or one read from the org (whose
 * CreatedDate stands in for a blank Touch_Date__c).
 */
export function influenceRowOf(row: SObjectRecord): InfluenceRowState {
  const percent = row[PartnerInfluence.AttributionPercent];
  return {
    opp: String(row[PartnerInfluence.Opportunity]),
    partner: String(row[PartnerInfluence.Partner]),
    origin: text(row[PartnerInfluence.Origin]),
    role: text(row[PartnerInfluence.Role]),
    percent: typeof percent === 'number' ? percent : 0,
    date: text(row[PartnerInfluence.TouchDate]) ?? text(row.CreatedDate)?.slice(0, 10),
  };
}

export function hashRow(row: SObjectRecord): string {
  return createHash('sha256').update(JSON.stringify(row)).digest('base64url').slice(0, 22);
}

export function chunk(kind: BatchKind, object: string, key: string, records: SObjectRecord[], input: Pick<PlanInput, 'bulkThreshold' | 'batchSize'>, refs?: (string | null)[]): WriteBatch[] {
  if (records.length === 0) return [];
  if (records.length > input.bulkThreshold) return [{ kind, object, key, bulk: true, records, overlapRefs: refs }];
  const size = input.batchSize ?? 200;
  const out: WriteBatch[] = [];
  for (let i = 0; i < records.length; i += size) out.push({ kind, object, key, bulk: false, records: records.slice(i, i + size), overlapRefs: refs?.slice(i, i + size) });
  return out;
}

const lower = (s: string): string => s.toLowerCase();
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders influence rows by the size of the partner's role, largest first; the Primary_Partner__c rule takes the
 * first. Deterministic, whatever order the rows were read in:
 * 1. a Sourced row before any other role (Influenced, Co-sell, Reseller, Referral rank alike);
 * 2. the higher Attribution_Percent__c (blank counts as 0);
 * 3. the earlier date: Touch_Date__c, or the day of CreatedDate when it is blank; a row with neither comes last;
 * 4. the partner's Name, case-insensitive (code-unit order, not locale), then the Partner__c Id.
 */
export function compareInfluence(a: InfluenceRowState, b: InfluenceRowState, names: Record<string, string> = {}): number {
  const sourced = Number(b.role === 'Sourced') - Number(a.role === 'Sourced');
  if (sourced !== 0) return sourced;
  if (a.percent !== b.percent) return b.percent - a.percent;
  if (a.date !== b.date) return a.date === undefined ? 1 : b.date === undefined ? -1 : byCodeUnit(a.date, b.date);
  return byCodeUnit(lower(names[a.partner] ?? ''), lower(names[b.partner] ?? '')) || byCodeUnit(a.partner, b.partner);
}

/** The partner with the largest role among one opportunity's influence rows (undefined when there is none). */
export function primaryPartner(rows: readonly InfluenceRowState[], names: Record<string, string> = {}): string | undefined {
  let best: InfluenceRowState | undefined;
  for (const r of rows) if (best === undefined || compareInfluence(r, best, names) < 0) best = r;
  return best?.partner;
}

/**
 * Primary_Partner__c writes: on every opportunity with influence rows (those read and the Rule rows this plan
 * creates), the partner `primaryPartner` picks, where the org holds another value (an admin's included); on an
 * opportunity with none left, null, but only where the value is one the sync wrote (a value an admin set on a deal
 * without influence rows stays).
 */
function planPrimary(state: SyncState, created: readonly InfluenceRowState[], names: Record<string, string>): { set: SObjectRecord[]; clear: SObjectRecord[] } {
  const rowsByOpp = new Map<string, InfluenceRowState[]>();
  for (const r of [...Object.values(state.influenceRows), ...created]) {
    const list = rowsByOpp.get(r.opp);
    if (list === undefined) rowsByOpp.set(r.opp, [r]);
    else list.push(r);
  }
  const set: SObjectRecord[] = [];
  const clear: SObjectRecord[] = [];
  for (const opp of [...new Set([...rowsByOpp.keys(), ...Object.keys(state.primary)])].sort(byCodeUnit)) {
    const held = state.primary[opp];
    const want = primaryPartner(rowsByOpp.get(opp) ?? [], names);
    if (want !== undefined && want !== held?.partner) set.push({ Id: opp, [OpportunityFields.PrimaryPartner]: want });
    else if (want === undefined && held?.bySync === true) clear.push({ Id: opp, [OpportunityFields.PrimaryPartner]: null });
  }
  return { set, clear };
}

/**
 * A Sourced row (Origin Sync) for each deal whose Source_Partner__c names a partner without a Sourced row on it: the
 * deals converted from partner-sourced leads, which otherwise show the partner nowhere in their influence. Never where
 * a person tagged that partner on the deal (a Manual row) or where a Sourced row for it exists or existed.
 */
function planSourced(input: PlanInput, manual: ReadonlySet<string>, influence: Map<string, { row: SObjectRecord; ref?: string }>): void {
  const sourcedPairs = new Set(Object.values(input.state.influenceRows).filter((r) => r.role === 'Sourced').map((r) => `${r.opp}|${r.partner}`));
  for (const { opp, partner } of input.sourcedDeals ?? []) {
    const ext = `sourced|${opp}|${partner}`;
    if (sourcedPairs.has(`${opp}|${partner}`) || manual.has(`${opp}|${partner}`) || input.state.influence[ext] !== undefined || influence.has(ext)) continue;
    // no overlap behind it: the partner sourced the lead, it did not overlap the account
    influence.set(ext, {
      row: {
        [PartnerInfluence.ExternalId]: ext,
        [PartnerInfluence.Opportunity]: opp,
        [PartnerInfluence.Partner]: partner,
        [PartnerInfluence.Role]: 'Sourced',
        [PartnerInfluence.Origin]: 'Sync',
        [PartnerInfluence.TouchDate]: input.today,
      },
    });
  }
}

/**
 * The writes that turn what the org holds (state) into what the matches say: new and changed
 * overlaps, vanished ones set inactive (never deleted), lead overlap counts, and Rule influence on open
 * opportunities of accounts that overlap a partner's customers or open deals (never where a Manual row
 * for that partner exists, never updating an existing row), and Opportunity.Primary_Partner__c (`planPrimary`).
 * Pure: no I/O, `today` passed in.
 */
export function planSync(input: PlanInput): Plan {
  const { state, today } = input;
  const manual = new Set(state.manual);
  const upserts: SObjectRecord[] = [];
  const deactivations: SObjectRecord[] = [];
  const influence = new Map<string, { row: SObjectRecord; ref?: string }>();
  const overlapHashes: Plan['overlapHashes'] = {};
  const byPartnerPopulation: Plan['byPartnerPopulation'] = {};
  const warnings: string[] = [];
  const leadCounts = new Map<string, number>();
  const oppsByAccount = new Map<string, string[]>();
  for (const [opp, { account }] of Object.entries(state.opps)) oppsByAccount.set(account, [...(oppsByAccount.get(account) ?? []), opp]);
  const counts = emptyPlanCounts();
  let matched = 0;

  for (const { partner, matches } of input.partners) {
    const seen = new Set<string>();
    const tally: Partial<Record<Population, number>> = {};
    for (const m of matches) {
      const row = overlapRow(partner, m);
      const ext = String(row[PartnerOverlap.ExternalId]);
      if (seen.has(ext)) continue;
      seen.add(ext);
      matched++;
      tally[m.ourPopulation] = (tally[m.ourPopulation] ?? 0) + 1;
      const hash = hashRow(row);
      overlapHashes[ext] = { hash, partnerId: partner.id, leadId: m.ourObject === 'Lead' ? m.ourId : undefined, accountId: m.ourObject === 'Account' ? m.ourId : undefined, population: m.partnerRecord.population };
      if (m.ourObject === 'Lead') leadCounts.set(m.ourId, (leadCounts.get(m.ourId) ?? 0) + 1);
      const current = state.overlaps[ext];
      if (current === undefined) {
        counts.overlapsCreate++;
        upserts.push({ ...row, [PartnerOverlap.Active]: true, [PartnerOverlap.FirstSeen]: today, [PartnerOverlap.LastSeen]: today });
      } else if (!current.active || current.hash !== hash) {
        counts.overlapsUpdate++;
        upserts.push({ ...row, [PartnerOverlap.Active]: true, [PartnerOverlap.LastSeen]: today });
      }
      if (input.ruleInfluence && m.ourObject === 'Account' && INFLUENCING.has(m.partnerRecord.population)) {
        for (const opp of oppsByAccount.get(m.ourId) ?? []) {
          const infExt = `rule|${opp}|${partner.id}`;
          if (state.influence[infExt] !== undefined || manual.has(`${opp}|${partner.id}`) || influence.has(infExt)) continue;
          influence.set(infExt, {
            ref: ext,
            row: {
              [PartnerInfluence.ExternalId]: infExt,
              [PartnerInfluence.Opportunity]: opp,
              [PartnerInfluence.Partner]: partner.id,
              [PartnerInfluence.Role]: 'Influenced',
              [PartnerInfluence.Origin]: 'Rule',
              [PartnerInfluence.TouchDate]: today,
            },
          });
        }
      }
    }
    byPartnerPopulation[partner.name] = tally;
    const active = Object.entries(state.overlaps).filter(([, o]) => o.active && o.partnerId === partner.id);
    const vanished = active.filter(([ext]) => !seen.has(ext));
    if (active.length >= GUARD_MIN_ACTIVE && (vanished.length / active.length) * 100 > input.maxDeactivationPercent) {
      warnings.push(messages.getMessage('warning.TooManyVanished', [partner.name, vanished.length, active.length, input.maxDeactivationPercent]));
      for (const [ext, o] of vanished) overlapHashes[ext] = { hash: o.hash, partnerId: o.partnerId, leadId: o.leadId, accountId: o.accountId, population: o.population };
      continue;
    }
    for (const [ext] of vanished) {
      counts.overlapsDeactivate++;
      deactivations.push({ [PartnerOverlap.ExternalId]: ext, [PartnerOverlap.Active]: false });
    }
  }
  // overlaps of partners not processed this run keep counting for their leads
  for (const [ext, o] of Object.entries(state.overlaps)) {
    if (overlapHashes[ext] !== undefined || !input.partners.every((p) => p.partner.id !== o.partnerId)) continue;
    if (o.active && o.leadId !== undefined) leadCounts.set(o.leadId, (leadCounts.get(o.leadId) ?? 0) + 1);
  }

  planSourced(input, manual, influence);

  const leadUpdates: SObjectRecord[] = [];
  for (const [id, lead] of Object.entries(state.leads)) {
    if (!lead.inPopulation) continue;
    const want = leadCounts.get(id) ?? 0;
    if (want !== lead.overlapCount) leadUpdates.push({ Id: id, [LeadFields.PartnerOverlapCount]: want });
  }
  counts.leadsUpdate = leadUpdates.length;
  counts.influenceCreate = influence.size;
  const influenceRows = [...influence.values()];
  // Bulk API chunks run in parallel: children of one opportunity in one chunk avoid roll-up lock errors
  influenceRows.sort((a, b) => String(a.row[PartnerInfluence.Opportunity]).localeCompare(String(b.row[PartnerInfluence.Opportunity])));
  const primary = planPrimary(state, influenceRows.map(({ row }) => influenceRowOf(row)), input.partnerNames ?? {});
  counts.primarySet = primary.set.length;
  counts.primaryClear = primary.clear.length;

  const batches = [
    ...chunk('overlap', PartnerOverlap.apiName, PartnerOverlap.ExternalId, upserts, input),
    ...chunk('deactivate', PartnerOverlap.apiName, PartnerOverlap.ExternalId, deactivations, input),
    ...chunk('lead', LeadFields.apiName, 'Id', leadUpdates, input),
    ...chunk('influence', PartnerInfluence.apiName, PartnerInfluence.ExternalId, influenceRows.map((r) => r.row), input, influenceRows.map((r) => r.ref ?? null)),
    // after the influence rows: a deal's primary partner may be the Rule row written just before
    ...chunk('primary', OpportunityFields.apiName, 'Id', [...primary.set, ...primary.clear], input),
  ];
  return { batches, counts, matched, warnings, overlapHashes, byPartnerPopulation };
}
