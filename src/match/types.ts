import type { MatchMethod, Population } from '../schema/dataModel.js';

/** One of our CRM records in a population, as read from the org. */
export interface OurRecord {
  id: string;
  object: 'Account' | 'Lead';
  population: Population;
  name?: string;
  website?: string;
  email?: string;
  duns?: string;
}

/** One record a partner shares with us (from a file drop, an overlap API or the private exchange). */
export interface PartnerRecord {
  partnerRecordId: string;
  companyName: string;
  /** Website, URL or domain as given by the partner. */
  domain?: string;
  email?: string;
  population: Population;
  ownerName?: string;
  ownerEmail?: string;
  opportunityStage?: string;
  duns?: string;
  /** Found by the private exchange (psi/): `domain` already holds the normalised key. */
  privateMatch?: boolean;
}

/** One of our records matched to one of the partner's: becomes a Partner_Overlap__c. */
export interface OverlapMatch {
  ourId: string;
  ourObject: 'Account' | 'Lead';
  ourPopulation: Population;
  partnerRecord: PartnerRecord;
  /** The normalised key both sides share (domain, DUNS or normalised name); never a raw e-mail. */
  key: string;
  method: MatchMethod;
  /**
   * Why it matched, for a rep to judge (Partner_Overlap__c.Match_Reason__c, at most 255 characters):
   * "same DUNS", "website acme.com = acme.com", "name 'Acme GmbH' ~ 'Acme Inc' on acme.de / acme.com".
   * Set by matchOverlaps; absent on overlaps read back from an org written before the field existed.
   */
  reason?: string;
}

export interface MatchOptions {
  /** Match on normalised company name when nothing better matches (low confidence, labelled 'Name'). */
  nameFallback: boolean;
  /** Match our Leads' e-mail domains against partner domains. */
  emailDomains: boolean;
  /** pairKey(ourId, partnerRecordId) of overlaps a rep marked wrong: never returned again. */
  disputed: ReadonlySet<string>;
}
