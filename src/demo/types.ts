import type { MatchMethod, Population, SharingLevel } from '../schema/dataModel.js';

export type FieldValue = string | number | boolean | null;

/** One record to create in the org, before it has an id. */
export interface DemoRecord {
  /** Stable demo key ('acct-00042'); the loader maps it to the id the org assigns. */
  ref: string;
  /** Field values by API name. */
  values: Record<string, FieldValue>;
  /** Lookup fields (API name) whose value is the ref of a record created earlier. */
  lookups: Record<string, string>;
}

export interface DemoObject {
  object: string;
  records: DemoRecord[];
}

/** A file a partner sent us, as it would land in the file drop. */
export interface DemoFile {
  partnerRef: string;
  /** Relative path, e.g. partners/orbit-cloud.csv. */
  path: string;
  content: string;
}

export interface DemoPartner {
  ref: string;
  name: string;
  externalId: string;
  domain: string;
  type: 'Technology' | 'Reseller' | 'SI';
  sharingLevel: SharingLevel;
  partnerFile: DemoFile;
  /** The same partner's file a week later: a few rows moved (prospects became customers or open deals), for signals. */
  nextWeekFile: DemoFile;
  referralFile?: DemoFile;
}

/** An overlap the sync must find, known from how the data was built (not from running the matcher). */
export interface ExpectedOverlap {
  partnerRef: string;
  ourRef: string;
  ourObject: 'Account' | 'Lead';
  /** The most advanced population the record is in under the default filters. */
  ourPopulation: Population;
  /** As written in the partner's file. */
  partnerCompanyName: string;
  /** Set when the partner's file carries its own ids; otherwise the parser derives one. */
  partnerRecordId?: string;
  partnerPopulation: Population;
  method: MatchMethod;
  key: string;
  /** How the partner wrote the company's key: 'www', 'url-path', 'upper-case', 'duns', 'contact-email', ... */
  variant: string;
}

/** A partner row planted to look like one of ours but which must never match. */
export interface ExpectedDecoy {
  partnerRef: string;
  partnerCompanyName: string;
  reason: 'near-miss-suffix' | 'other-tenant' | 'shared-host-profile' | 'duns-conflict' | 'free-mail' | 'partner-only';
  /** The record of ours it imitates, if any. */
  ourRef?: string;
}

/** A row the parser must reject, where it must say so. */
export interface ExpectedFileError {
  path: string;
  line: number;
  /** The column named in the error; undefined for whole-row problems. */
  field?: string;
}

/**
 * What the sync must do with a referral: flag the existing open lead with the same e-mail (any case),
 * else the one existing open lead at the same company e-mail domain, else create a new lead. A free-mail
 * referral never matches by domain. No Contact shares a referral's e-mail or domain, and every lead
 * a referral points at is open and not yet partner-sourced.
 */
export interface ExpectedReferral {
  partnerRef: string;
  /** Set when the file carries ids; otherwise the parser derives one. */
  referralId?: string;
  email: string;
  outcome: 'flag-existing' | 'create-lead';
  leadRef?: string;
  by?: 'email' | 'domain';
  freeMail: boolean;
}

export interface DemoExpectation {
  overlaps: ExpectedOverlap[];
  decoys: ExpectedDecoy[];
  fileErrors: ExpectedFileError[];
  referrals: ExpectedReferral[];
  /** Rows each file repeats (dropped by the parser), by path. */
  duplicateRows: Record<string, number>;
  /** The rows each partner's next-week file moved: what the demo's second sync sees as partner signals. */
  nextWeekMoves: { partnerRef: string; ourRef: string; from: Population; to: Population }[];
}

export interface DemoData {
  seed: number;
  /** YYYY-MM-DD the dates are relative to. */
  today: string;
  /** In insert order: lookups only point at records of objects listed earlier. */
  objects: DemoObject[];
  partners: DemoPartner[];
  expected: DemoExpectation;
}
