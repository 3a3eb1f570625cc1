import { createHash } from 'node:crypto';
import { SfError } from '@salesforce/core';
import { toCsv } from '../common/csv.js';
import { normaliseDuns } from '../match/duns.js';
import { ourDomainKeys } from '../match/matchOverlaps.js';
import type { OurRecord, OverlapMatch } from '../match/types.js';
import { Picklists, type Population, type SharingLevel } from '../schema/dataModel.js';
import { sourceMessages } from './fileError.js';
import { PARTNER_FILE_HEADER } from './partnerFile.js';
import { definedOnly } from './table.js';

/** One of our records as it may be shared: OurRecord plus what its owner and deal say. */
export interface ExportRecord extends OurRecord {
  ownerName?: string;
  ownerEmail?: string;
  opportunityStage?: string;
}

/** One row of the file we give a partner, in partnerFile's columns. */
export interface ShareRow {
  partnerRecordId: string;
  companyName: string;
  domain: string;
  population: Population;
  duns?: string;
  ownerName?: string;
  ownerEmail?: string;
  opportunityStage?: string;
}

export interface SharePartner {
  name: string;
  /** Partner__c.External_Id__c: salts the record ids we hand this partner. */
  externalId: string;
  sharingLevel: SharingLevel;
}

export type ShareExport =
  | { level: 'Counts only'; counts: Record<Population, number>; csv: string }
  | { level: 'Overlapping records' | 'All records'; rows: ShareRow[]; csv: string; /** records with no domain to share (free-mail-only leads) */ skipped: number };

const POPULATIONS = Picklists['Partner_Overlap__c.Our_Population__c'];
const COUNT_HEADER = ['population', 'count'] as const;

/**
 * The file we give a partner, honouring Sharing_Level__c (docs: what each level shares):
 * - Hidden: nothing (an error);
 * - Counts only: how many of our records are in each population;
 * - Overlapping records: only our records that matched the partner's last file (`matches`): company
 *   name, registrable domain, DUNS, population and the owner's name, so their rep knows whom to ask;
 * - All records: every population record, plus owner e-mail and opportunity stage.
 * Never shared: our Salesforce ids (each row gets an id opaque to the partner, stable per partner),
 * raw websites (only the registrable domain), personal e-mail addresses (a lead counts by its
 * company's domain; leads with only free-mail are skipped). The CSV reads back with parsePartnerFile,
 * so two companies running PartnerLens exchange files symmetrically.
 */
export function buildShareExport(partner: SharePartner, records: readonly ExportRecord[], matches: readonly OverlapMatch[] = []): ShareExport {
  if (partner.sharingLevel === 'Hidden') {
    throw new SfError(sourceMessages.getMessage('error.SharingHidden', [partner.name]), 'SharingHidden', sourceMessages.getMessages('error.SharingHidden.actions'), 2);
  }
  const distinct = mostAdvancedPerRecord(records);
  if (partner.sharingLevel === 'Counts only') {
    const counts = Object.fromEntries(POPULATIONS.map((p) => [p, 0])) as Record<Population, number>;
    for (const record of distinct) counts[record.population]++;
    return { level: partner.sharingLevel, counts, csv: toCsv(POPULATIONS.map((p) => [p, counts[p]]), { header: true, columns: [...COUNT_HEADER] }) };
  }
  const matched = new Set(matches.map((m) => m.ourId));
  const chosen = partner.sharingLevel === 'All records' ? distinct : distinct.filter((r) => matched.has(r.id));
  const full = partner.sharingLevel === 'All records';
  const rows: ShareRow[] = [];
  for (const record of chosen) {
    const keys = ourDomainKeys(record, true);
    const domain = keys.website ?? keys.email;
    if (domain === undefined) continue;
    rows.push({
      partnerRecordId: opaqueId(partner.externalId, record.id),
      companyName: record.name?.trim() || domain,
      domain,
      population: record.population,
      ...definedOnly({ duns: normaliseDuns(record.duns), ownerName: record.ownerName, ...(full ? { ownerEmail: record.ownerEmail, opportunityStage: record.opportunityStage } : {}) }),
    });
  }
  return { level: partner.sharingLevel, rows, csv: shareCsv(rows), skipped: chosen.length - rows.length };
}

const SHARE_COLUMNS = ['partnerRecordId', 'companyName', 'domain', 'population', 'duns', 'ownerName', 'ownerEmail', 'opportunityStage'] as const;

function shareCsv(rows: readonly ShareRow[]): string {
  return toCsv(
    rows.map((row) => SHARE_COLUMNS.map((c) => row[c] ?? '')),
    { header: true, columns: SHARE_COLUMNS.map((c) => PARTNER_FILE_HEADER[c]) },
  );
}

/** One row per record id, in its most advanced population (a customer with an open deal is a Customer). */
function mostAdvancedPerRecord(records: readonly ExportRecord[]): ExportRecord[] {
  const byId = new Map<string, ExportRecord>();
  for (const record of records) {
    const earlier = byId.get(record.id);
    if (earlier === undefined || POPULATIONS.indexOf(record.population) < POPULATIONS.indexOf(earlier.population)) byId.set(record.id, record);
  }
  return [...byId.values()];
}

/** Stable for one partner, different across partners, so partners cannot join our files with each other. */
function opaqueId(partnerExternalId: string, ourId: string): string {
  return `pl-${createHash('sha256').update(`${partnerExternalId}|${ourId}`).digest('hex').slice(0, 20)}`;
}
