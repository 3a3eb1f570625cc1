import { createHash } from 'node:crypto';
import type { MatchMethod, Population } from '../schema/dataModel.js';
import { normaliseCompanyName } from './companyName.js';
import { registrableDomain } from './domain.js';
import { normaliseDuns } from './duns.js';
import { emailDomain } from './email.js';
import type { MatchOptions, OurRecord, OverlapMatch, PartnerRecord } from './types.js';

/** Stronger evidence first: one overlap per pair, labelled with the best method that matched it. */
const METHOD_RANK: Readonly<Record<MatchMethod, number>> = { DUNS: 0, Private: 1, Domain: 2, 'Email domain': 3, Name: 4 };
/** When one record sits in two populations, the overlap reports the most advanced one. */
const POPULATION_RANK: Readonly<Record<Population, number>> = { Customer: 0, 'Open Opportunity': 1, Prospect: 2, Lead: 3 };

// '|' joins the parts of a key; escaping it (and the escape character) keeps ("a|b","c") and ("a","b|c") apart.
function escapePart(part: string): string {
  return part.replace(/%/g, '%25').replace(/\|/g, '%7C');
}

/** The identity of one (our record, partner record) pair, as kept in MatchOptions.disputed. */
export function pairKey(ourId: string, partnerRecordId: string): string {
  return `${escapePart(ourId)}|${escapePart(partnerRecordId)}`;
}

const EXTERNAL_ID_MAX = 255;

/**
 * Partner_Overlap__c.External_Id__c: readable when it fits in 255 characters, else a SHA-256 of the same
 * text ("h:" + 64 hex, never containing '|', so it cannot collide with a readable one). Stable across runs.
 */
export function overlapExternalId(partnerExternalId: string, ourId: string, partnerRecordId: string): string {
  const readable = `${escapePart(partnerExternalId)}|${pairKey(ourId, partnerRecordId)}`;
  if (readable.length <= EXTERNAL_ID_MAX) return readable;
  return `h:${createHash('sha256').update(readable).digest('hex')}`;
}

/** The domain keys one of our records can match on: its website's, then (if allowed) its e-mail's. */
export function ourDomainKeys(record: Pick<OurRecord, 'website' | 'email'>, emailDomains: boolean): { website?: string; email?: string } {
  const website = registrableDomain(record.website);
  const fromEmail = emailDomains ? emailDomain(record.email) : undefined;
  return { website, email: fromEmail !== undefined && 'domain' in fromEmail ? fromEmail.domain : undefined };
}

interface Keys {
  duns?: string;
  website?: string;
  email?: string;
  name?: string;
  /** Only partner records found by the private exchange: the key the exchange already normalised. */
  privateKey?: string;
}

function partnerKeys(record: PartnerRecord, opts: MatchOptions): Keys {
  if (record.privateMatch === true) {
    const privateKey = record.domain?.trim();
    return { privateKey: privateKey === '' ? undefined : privateKey, duns: normaliseDuns(record.duns) };
  }
  const { website, email } = ourDomainKeys({ website: record.domain, email: record.email }, opts.emailDomains);
  return {
    duns: normaliseDuns(record.duns),
    website,
    email,
    name: opts.nameFallback ? normaliseCompanyName(record.companyName) : undefined,
  };
}

function ourKeys(record: OurRecord, opts: MatchOptions): Keys {
  return {
    ...ourDomainKeys(record, opts.emailDomains),
    duns: normaliseDuns(record.duns),
    name: opts.nameFallback ? normaliseCompanyName(record.name) : undefined,
  };
}

/** The best way two records match, or undefined when they don't or when evidence contradicts it. */
function bestMatch(ours: Keys, theirs: Keys): { key: string; method: MatchMethod } | undefined {
  if (ours.duns !== undefined && theirs.duns !== undefined) {
    // DUNS identifies a legal entity: different numbers are two companies even on one domain (subsidiaries)
    return ours.duns === theirs.duns ? { key: ours.duns, method: 'DUNS' } : undefined;
  }
  if (theirs.privateKey !== undefined) {
    return theirs.privateKey === ours.website || theirs.privateKey === ours.email ? { key: theirs.privateKey, method: 'Private' } : undefined;
  }
  if (ours.website !== undefined && ours.website === theirs.website) return { key: ours.website, method: 'Domain' };
  // an e-mail domain on either side (our Lead's address, a partner's contact) meeting a domain on the other
  const emailPairs = [
    [ours.email, theirs.website],
    [ours.email, theirs.email],
    [ours.website, theirs.email],
  ] as const;
  for (const [a, b] of emailPairs) {
    if (a !== undefined && a === b) return { key: a, method: 'Email domain' };
  }
  if (ours.name !== undefined && ours.name === theirs.name) {
    // a name never overrules domains that disagree: "Acme" at acme.com and "Acme" at acme.de are two companies
    const oursHasDomain = ours.website !== undefined || ours.email !== undefined;
    const theirsHasDomain = theirs.website !== undefined || theirs.email !== undefined;
    return oursHasDomain && theirsHasDomain ? undefined : { key: ours.name, method: 'Name' };
  }
  return undefined;
}

function addTo(index: Map<string, number[]>, key: string | undefined, position: number): void {
  if (key === undefined) return;
  const list = index.get(key);
  if (list === undefined) index.set(key, [position]);
  else if (list[list.length - 1] !== position) list.push(position);
}

function isBetter(candidate: OverlapMatch, current: OverlapMatch): boolean {
  return (
    METHOD_RANK[candidate.method] - METHOD_RANK[current.method] ||
    POPULATION_RANK[candidate.ourPopulation] - POPULATION_RANK[current.ourPopulation] ||
    POPULATION_RANK[candidate.partnerRecord.population] - POPULATION_RANK[current.partnerRecord.population]
  ) < 0;
}

/**
 * Our records matched to a partner's, by hash join on normalised keys (DUNS, domains, optionally names).
 * One overlap per (our id, partner record id): the strongest method wins, then the most advanced
 * populations when a record appears twice. Disputed pairs are never returned. Results follow the order
 * of `ours`, then of `theirs`.
 */
export function matchOverlaps(ours: readonly OurRecord[], theirs: readonly PartnerRecord[], opts: MatchOptions): OverlapMatch[] {
  const theirKeys = theirs.map((record) => partnerKeys(record, opts));
  const byDuns = new Map<string, number[]>();
  const byDomain = new Map<string, number[]>();
  const byName = new Map<string, number[]>();
  theirKeys.forEach((keys, position) => {
    addTo(byDuns, keys.duns, position);
    addTo(byDomain, keys.website, position);
    addTo(byDomain, keys.email, position);
    addTo(byDomain, keys.privateKey, position);
    addTo(byName, keys.name, position);
  });

  const matches = new Map<string, OverlapMatch>();
  const candidates = new Set<number>();
  for (const record of ours) {
    const keys = ourKeys(record, opts);
    candidates.clear();
    for (const [index, key] of [
      [byDuns, keys.duns],
      [byDomain, keys.website],
      [byDomain, keys.email],
      [byName, keys.name],
    ] as const) {
      if (key === undefined) continue;
      for (const position of index.get(key) ?? []) candidates.add(position);
    }
    for (const position of candidates) {
      const partnerRecord = theirs[position] as PartnerRecord;
      const pair = pairKey(record.id, partnerRecord.partnerRecordId);
      if (opts.disputed.has(pair)) continue;
      const found = bestMatch(keys, theirKeys[position] as Keys);
      if (found === undefined) continue;
      const match: OverlapMatch = { ourId: record.id, ourObject: record.object, ourPopulation: record.population, partnerRecord, ...found };
      const current = matches.get(pair);
      if (current === undefined || isBetter(match, current)) matches.set(pair, match);
    }
  }
  return [...matches.values()];
}
