// Partner signals: what moved on a partner's side of an overlap since the previous sync. Pure: the state the org
// held before this run, this run's desired overlaps and the clock in; Partner_Signal__c rows out.
import { PartnerSignal as S, type Population, type SignalKind } from '../schema/dataModel.js';
import type { SObjectRecord } from '../org/client.js';

/** An overlap as the org held it before this run (the sync's state) or as this run wants it. */
export interface OverlapView {
  partnerId: string;
  accountId?: string;
  leadId?: string;
  population?: Population;
  active: boolean;
}

export interface DetectInput {
  /** Overlap External_Id__c -> the overlap before this run's writes. */
  before: Readonly<Record<string, OverlapView>>;
  /** Overlap External_Id__c -> the overlap after them, for the partners whose data this run read (others are left out). */
  after: Readonly<Record<string, OverlapView>>;
  /** The partners whose data this run read: only their overlaps can have moved. */
  partners: readonly { id: string; externalId: string }[];
  /** Open opportunities by account (sorted ids): "our open deal". */
  openOpps: ReadonlyMap<string, readonly string[]>;
  kinds: ReadonlySet<SignalKind>;
  /** Notification_Status__c of a new signal: Pending when a channel is on, Off otherwise. */
  notify: boolean;
  now: Date;
}

export interface DetectedSignal {
  row: SObjectRecord;
  /** The overlap External_Id__c whose Id goes into Overlap__c at write time (the overlap may be new this run). */
  overlapRef: string;
}

/** Customer > Open Opportunity > Prospect > Lead: a pair with several partner records counts by its best one. */
const RANK: Record<Population, number> = { Customer: 4, 'Open Opportunity': 3, Prospect: 2, Lead: 1 };

interface Pair {
  partnerId: string;
  accountId?: string;
  leadId?: string;
  before?: { population: Population; ref: string };
  after?: { population: Population; ref: string };
}

function better(current: Pair['before'], population: Population | undefined, ref: string): Pair['before'] {
  if (population === undefined) return current;
  return current === undefined || RANK[population] > RANK[current.population] ? { population, ref } : current;
}

/**
 * The kind of a pair's move, or undefined when nothing worth a signal moved:
 * - Prospect_Became_Customer: any non-customer population (prospect, lead, open opportunity) became Customer;
 * - Partner_Opened_Deal: a prospect or lead became an Open Opportunity on an account we have an open deal on;
 * - New_Overlap_On_Open_Deal / Overlap_Lost_On_Open_Deal: the pair appeared / disappeared on such an account.
 */
export function kindOf(from: Population | undefined, to: Population | undefined, openDeal: boolean): SignalKind | undefined {
  if (from === to) return undefined;
  if (from === undefined) return openDeal ? 'New_Overlap_On_Open_Deal' : undefined;
  if (to === undefined) return openDeal ? 'Overlap_Lost_On_Open_Deal' : undefined;
  if (to === 'Customer') return 'Prospect_Became_Customer';
  if (to === 'Open Opportunity' && (from === 'Prospect' || from === 'Lead') && openDeal) return 'Partner_Opened_Deal';
  return undefined;
}

/**
 * The idempotency key: partner, our record, kind, the move and the day. A re-run (or a resumed run) writes the
 * same key, so the same move is one signal; the same move again on a later day is a new one.
 */
export function signalExternalId(partnerExternalId: string, ourId: string, kind: SignalKind, from: string | undefined, to: string | undefined, now: Date): string {
  return `${partnerExternalId}:${ourId}:${kind}:${from ?? ''}>${to ?? ''}:${now.toISOString().slice(0, 10)}`;
}

/**
 * Compares each (partner, our record) pair's partner population before and after this run. A partner with no
 * overlap before this run is being seen for the first time: its overlaps are the baseline, not news.
 */
export function detectSignals(input: DetectInput): DetectedSignal[] {
  const processed = new Map(input.partners.map((p) => [p.id, p.externalId]));
  const seenBefore = new Set(Object.values(input.before).map((o) => o.partnerId));
  const pairs = new Map<string, Pair>();
  const pairOf = (o: OverlapView): Pair | undefined => {
    const ours = o.accountId ?? o.leadId;
    if (ours === undefined || !processed.has(o.partnerId) || !seenBefore.has(o.partnerId)) return undefined;
    const key = `${o.partnerId}|${ours}`;
    let pair = pairs.get(key);
    if (pair === undefined) pairs.set(key, (pair = { partnerId: o.partnerId, accountId: o.accountId, leadId: o.leadId }));
    return pair;
  };
  for (const [ref, o] of Object.entries(input.before)) {
    const pair = o.active ? pairOf(o) : undefined;
    if (pair !== undefined) pair.before = better(pair.before, o.population, ref);
  }
  for (const [ref, o] of Object.entries(input.after)) {
    const pair = o.active ? pairOf(o) : undefined;
    if (pair !== undefined) pair.after = better(pair.after, o.population, ref);
  }
  const out: DetectedSignal[] = [];
  for (const pair of [...pairs.values()].sort((a, b) => `${a.partnerId}|${a.accountId ?? a.leadId}`.localeCompare(`${b.partnerId}|${b.accountId ?? b.leadId}`))) {
    const opp = pair.accountId === undefined ? undefined : input.openOpps.get(pair.accountId)?.[0];
    const from = pair.before?.population;
    const to = pair.after?.population;
    const kind = kindOf(from, to, opp !== undefined);
    if (kind === undefined || !input.kinds.has(kind)) continue;
    const ourId = (pair.accountId ?? pair.leadId) as string;
    out.push({
      overlapRef: (pair.after ?? pair.before)!.ref,
      row: {
        [S.ExternalId]: signalExternalId(processed.get(pair.partnerId) as string, ourId, kind, from, to, input.now),
        [S.Partner]: pair.partnerId,
        [S.Account]: pair.accountId ?? null,
        [S.Lead]: pair.leadId ?? null,
        [S.Opportunity]: opp ?? null,
        [S.Kind]: kind,
        [S.FromPopulation]: from ?? null,
        [S.ToPopulation]: to ?? null,
        // no Status__c: a new signal takes the picklist default (New), and the same move upserted again the same day
        // keeps what a rep did with it
        [S.DetectedAt]: input.now.toISOString(),
        [S.NotificationStatus]: input.notify ? 'Pending' : 'Off',
        [S.NotificationAttempts]: 0,
      },
    });
  }
  return out;
}
