import { createHash } from 'node:crypto';
import type { MatchMethod, Population } from '../schema/dataModel.js';
import { normaliseCompanyName } from './companyName.js';
import { domainLabel, websiteDomain } from './domain.js';
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

/**
 * The domain keys a record can match on: its website's (websiteDomain: no key for profiles on shared
 * hosts, placeholders, tenants keyed on the tenant), then (if allowed) its e-mail's (emailDomain: no key
 * for free-mail, disposable and example addresses). Our org's records and partner records both use it.
 */
export function ourDomainKeys(record: Pick<OurRecord, 'website' | 'email'>, emailDomains: boolean): { website?: string; email?: string } {
  const fromWebsite = websiteDomain(record.website);
  const fromEmail = emailDomains ? emailDomain(record.email) : undefined;
  return {
    website: 'domain' in fromWebsite ? fromWebsite.domain : undefined,
    email: fromEmail !== undefined && 'domain' in fromEmail ? fromEmail.domain : undefined,
  };
}

interface Keys {
  duns?: string;
  website?: string;
  email?: string;
  name?: string;
  /** The name as written, for the reason of a Name match. */
  rawName?: string;
  /** Only partner records found by the private exchange: the key the exchange already normalised. */
  privateKey?: string;
}

/** The keys of any record, ours or a partner's: one normalisation path for both sides. */
function recordKeys(record: { website?: string; email?: string; duns?: string; name?: string }, opts: MatchOptions): Keys {
  return {
    ...ourDomainKeys(record, opts.emailDomains),
    duns: normaliseDuns(record.duns),
    ...(opts.nameFallback ? { name: normaliseCompanyName(record.name), rawName: record.name?.trim() } : {}),
  };
}

function partnerKeys(record: PartnerRecord, opts: MatchOptions): Keys {
  if (record.privateMatch === true) {
    const privateKey = record.domain?.trim();
    return { privateKey: privateKey === '' ? undefined : privateKey, duns: normaliseDuns(record.duns) };
  }
  return recordKeys({ website: record.domain, email: record.email, duns: record.duns, name: record.companyName }, opts);
}

function ourKeys(record: OurRecord, opts: MatchOptions): Keys {
  return recordKeys(record, opts);
}

type Found = { key: string; method: MatchMethod; reason: string };

/** Partner_Overlap__c.Match_Reason__c is Text(255). */
const REASON_MAX = 255;
function clipReason(reason: string): string {
  return reason.length <= REASON_MAX ? reason : `${reason.slice(0, REASON_MAX - 1)}…`;
}

function domainsOf(keys: Keys): string[] {
  return [keys.website, keys.email].filter((d): d is string => d !== undefined);
}

/**
 * A pair of domains, one per side, that differ only in their public suffix (acme.de / acme.com,
 * acme.co.uk / acme.com.au): one company's country sites, or two companies — a Name match at most.
 */
function sameLabelDomains(ours: Keys, theirs: Keys): [string, string] | undefined {
  for (const a of domainsOf(ours)) {
    for (const b of domainsOf(theirs)) {
      // tenant keys (acme.wordpress.com, sites.google.com/view/acme) have no label of their own
      const label = domainLabel(a);
      if (label !== undefined && label === domainLabel(b)) return [a, b];
    }
  }
  return undefined;
}

/** The best way two records match, or undefined when they don't or when evidence contradicts it. */
function bestMatch(ours: Keys, theirs: Keys): Found | undefined {
  if (ours.duns !== undefined && theirs.duns !== undefined) {
    // DUNS identifies a legal entity: different numbers are two companies even on one domain (subsidiaries)
    return ours.duns === theirs.duns ? { key: ours.duns, method: 'DUNS', reason: 'same DUNS' } : undefined;
  }
  if (theirs.privateKey !== undefined) {
    return theirs.privateKey === ours.website || theirs.privateKey === ours.email
      ? { key: theirs.privateKey, method: 'Private', reason: clipReason(`private exchange: ${theirs.privateKey}`) }
      : undefined;
  }
  if (ours.website !== undefined && ours.website === theirs.website) {
    return { key: ours.website, method: 'Domain', reason: clipReason(`website ${ours.website} = ${theirs.website}`) };
  }
  // an e-mail domain on either side (our Lead's address, a partner's contact) meeting a domain on the other
  const emailPairs = [
    [ours.email, theirs.website, 'e-mail', 'website'],
    [ours.email, theirs.email, 'e-mail', 'e-mail'],
    [ours.website, theirs.email, 'website', 'e-mail'],
  ] as const;
  for (const [a, b, whatA, whatB] of emailPairs) {
    if (a !== undefined && a === b) return { key: a, method: 'Email domain', reason: clipReason(`${whatA} ${a} = ${whatB} ${b}`) };
  }
  if (ours.name !== undefined && ours.name === theirs.name) {
    const names = `name '${ours.rawName ?? ours.name}' ~ '${theirs.rawName ?? theirs.name}'`;
    const oursHasDomain = ours.website !== undefined || ours.email !== undefined;
    const theirsHasDomain = theirs.website !== undefined || theirs.email !== undefined;
    if (!oursHasDomain || !theirsHasDomain) return { key: ours.name, method: 'Name', reason: clipReason(names) };
    // a name never overrules domains that disagree ("Acme" at acme.com and at acme-tools.com are two
    // companies), except that the same label on another suffix is a lower-confidence Name match
    const pair = sameLabelDomains(ours, theirs);
    return pair === undefined ? undefined : { key: ours.name, method: 'Name', reason: clipReason(`${names} on ${pair[0]} / ${pair[1]}`) };
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
