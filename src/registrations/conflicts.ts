import { matchOverlaps } from '../match/matchOverlaps.js';
import type { MatchOptions, OurRecord, PartnerRecord } from '../match/types.js';
import type { AccountView, ConflictRules, Decision, ExistingRegistration, IncomingRegistration, RegistrationMatchMethod } from './types.js';

// Name matches are looked for (so they reach review) but never decide on their own; e-mail domains count.
const MATCH_OPTIONS: MatchOptions = { nameFallback: true, emailDomains: true, disputed: new Set() };

interface Hit<T> {
  item: T;
  method: RegistrationMatchMethod;
  reason: string;
}

/** The incoming registration as the matcher's partner-side record. */
function asPartnerRecord(r: IncomingRegistration): PartnerRecord {
  return { partnerRecordId: r.externalId, companyName: r.company, domain: r.domain, email: r.contactEmail, duns: r.duns, population: 'Prospect' };
}

/** Which of `items` are the incoming registration's company, strongest evidence first. */
function companyHits<T>(incoming: IncomingRegistration, items: readonly T[], asOurs: (item: T, index: number) => OurRecord): Hit<T>[] {
  const ours = items.map(asOurs);
  const rank = { DUNS: 0, Domain: 1, 'Email domain': 2, Name: 3, Private: 4 } as const;
  return matchOverlaps(ours, [asPartnerRecord(incoming)], MATCH_OPTIONS)
    .filter((m) => m.method !== 'Private')
    .map((m) => ({ item: items[Number(m.ourId)] as T, method: m.method as RegistrationMatchMethod, reason: m.reason ?? m.method }))
    .sort((a, b) => rank[a.method] - rank[b.method]);
}

function today(iso: string): string {
  return iso.slice(0, 10);
}

/** Pending, or approved and still inside its protection period: it holds the company against other partners. */
export function isActive(r: ExistingRegistration, now: string): boolean {
  if (r.status === 'Submitted' || r.status === 'Under review') return true;
  return r.status === 'Approved' && r.protectionUntil !== undefined && r.protectionUntil >= today(now);
}

/** First in: earlier arrival, then the smaller external id (two arrivals in one instant still have one winner). */
export function arrivedBefore(a: { submittedAt: string; externalId: string }, b: { submittedAt: string; externalId: string }): boolean {
  const ta = Date.parse(a.submittedAt);
  const tb = Date.parse(b.submittedAt);
  return ta !== tb ? ta < tb : a.externalId < b.externalId;
}

/**
 * The conflict rules, in order (docs/registrations.md):
 * 1. the same partner already registered this company and it is still active -> that registration (no duplicate);
 * 2. another partner's active registration that arrived first -> Rejected (Other partner), linked;
 * 3. an open opportunity on the matched account -> Rejected (Existing deal) unless switched off;
 * 4. otherwise Submitted, the matched account linked.
 * A match on the company name alone never rejects: it goes to review (Under review, Name only).
 * `registrations` are the ones already in the org (or decided earlier in this batch); only those that
 * arrived before `incoming` can win against it.
 */
export function decideRegistration(incoming: IncomingRegistration, registrations: readonly ExistingRegistration[], accounts: readonly AccountView[], rules: ConflictRules): Decision {
  const earlier = registrations.filter((r) => r.externalId !== incoming.externalId && isActive(r, incoming.submittedAt) && arrivedBefore(r, incoming));
  const regHits = companyHits(incoming, earlier, (r, i) => ({ id: String(i), object: 'Account', population: 'Prospect', name: r.company, website: r.domain, email: r.contactEmail, duns: r.duns }));

  const samePartner = regHits.find((h) => h.item.partnerId === incoming.partnerId && h.method !== 'Name');
  if (samePartner !== undefined) return { kind: 'duplicate', existing: samePartner.item, reason: `already registered by this partner (${samePartner.reason})` };

  const account = companyHits(incoming, accounts, (a, i) => ({ id: String(i), object: 'Account', population: 'Customer', name: a.name, website: a.website, duns: a.duns }))[0];
  const linked = account === undefined ? {} : { accountId: account.item.id, matchMethod: account.method, matchReason: account.reason };

  const otherPartner = rules.firstInWins ? regHits.filter((h) => h.item.partnerId !== incoming.partnerId).sort((a, b) => (arrivedBefore(a.item, b.item) ? -1 : 1)) : [];
  const strongOther = otherPartner.find((h) => h.method !== 'Name');
  if (strongOther !== undefined) {
    return { kind: 'new', status: 'Rejected', conflict: 'Other partner', conflicting: strongOther.item, reason: `first in wins: ${strongOther.item.partnerName ?? 'another partner'} registered this company first (${strongOther.reason})`, ...linked, matchMethod: strongOther.method, matchReason: strongOther.reason };
  }

  const opportunity = account?.item.openOpportunities[0];
  if (rules.rejectExistingDeal && account !== undefined && account.method !== 'Name' && opportunity !== undefined) {
    return { kind: 'new', status: 'Rejected', conflict: 'Existing deal', opportunityId: opportunity.id, reason: `existing deal: open opportunity ${opportunity.name ?? opportunity.id} on ${account.item.name ?? account.item.id} (${account.reason})`, ...linked };
  }

  const nameOther = otherPartner[0];
  if (nameOther !== undefined) {
    return { kind: 'new', status: 'Under review', conflict: 'Name only', conflicting: nameOther.item, reason: `review: ${nameOther.item.partnerName ?? 'another partner'} registered a company of the same name (${nameOther.reason}); nothing else matched`, ...linked };
  }
  if (account !== undefined && account.method === 'Name') {
    return { kind: 'new', status: 'Under review', conflict: 'Name only', reason: `review: matched account ${account.item.name ?? account.item.id} by name only (${account.reason})`, ...linked };
  }
  return { kind: 'new', status: 'Submitted', reason: account === undefined ? 'no conflict: a new company' : `no conflict: matched account ${account.item.name ?? account.item.id} (${account.reason}) has no open opportunity`, ...linked };
}

/** The last day of protection for a registration approved on `approvedAt`. */
export function protectionUntil(approvedAt: Date, days: number): string {
  return new Date(approvedAt.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
