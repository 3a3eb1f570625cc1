import { Messages, SfError } from '@salesforce/core';
import { settingsFromRecord } from '../config/settings.js';
import { EXIT_CONFIG } from '../config/localConfig.js';
import type { OverlapMatch } from '../match/types.js';
import type { OrgClient, SObjectRecord } from '../org/client.js';
import { SETTINGS_SOQL } from '../sync/readOrg.js';
import { AccountFields, Partner, PartnerOverlap, type MatchMethod, type Population, type SharingLevel } from '../schema/dataModel.js';
import { buildShareExport, type ExportRecord, type ShareExport } from '../sources/shareExport.js';
import { resolvePartner } from '../sync/partnerResolution.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'partners');

export interface ShareExportResult {
  partner: { name: string; externalId?: string; sharingLevel: SharingLevel };
  export: ShareExport;
  /** Our population records read (one per record and population). */
  read: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The owner's name and e-mail of a record queried with Owner.Name, Owner.Email. */
function owner(r: SObjectRecord): { ownerName?: string; ownerEmail?: string } {
  const o = r.Owner;
  if (typeof o !== 'object' || o === null) return {};
  const { Name, Email } = o as { Name?: unknown; Email?: unknown };
  return { ownerName: str(Name), ownerEmail: str(Email) };
}

/**
 * The file we give partner `partnerRef` (External_Id__c or Domain__c): our populations read with the
 * org's filters as the sync reads them, the partner's active overlaps as "what matched", rendered by
 * src/sources/shareExport.ts at the partner's Sharing_Level__c.
 */
export async function exportForPartner(client: OrgClient, partnerRef: string): Promise<ShareExportResult> {
  const first = await client.queries({
    settings: SETTINGS_SOQL,
    partners: `SELECT Id, Name, ${Partner.ExternalId}, ${Partner.Domain}, ${Partner.Status}, ${Partner.SharingLevel} FROM ${Partner.apiName}`,
  });
  const settings = settingsFromRecord(first.settings?.[0]);
  const rows = (first.partners ?? []).map((r) => ({ id: String(r.Id), name: String(r.Name), externalId: str(r[Partner.ExternalId]), domain: str(r[Partner.Domain]), sharingLevel: str(r[Partner.SharingLevel]) }));
  const partner = resolvePartner(rows, partnerRef);
  if (partner === undefined) {
    throw new SfError(messages.getMessage('error.UnknownPartner', [partnerRef]), 'UnknownPartner', messages.getMessages('error.UnknownPartner.actions'), EXIT_CONFIG);
  }
  const sharingLevel = (partner.sharingLevel ?? 'Hidden') as SharingLevel;
  const pops = settings.populations;
  const queries: Record<string, string> = Object.fromEntries(
    pops.map((p) => [p.population, p.object === 'Account' ? `SELECT Id, Name, Website, ${AccountFields.DUNS}, Owner.Name, Owner.Email FROM Account WHERE ${p.where}` : `SELECT Id, Company, Email, Website, Owner.Name, Owner.Email FROM Lead WHERE ${p.where}`]),
  );
  queries.stages = 'SELECT AccountId, StageName FROM Opportunity WHERE IsClosed = false AND AccountId != null ORDER BY CloseDate';
  queries.overlaps = `SELECT ${PartnerOverlap.Account}, ${PartnerOverlap.Lead}, ${PartnerOverlap.OurPopulation}, ${PartnerOverlap.PartnerPopulation}, ${PartnerOverlap.PartnerRecordId}, ${PartnerOverlap.PartnerCompanyName}, ${PartnerOverlap.MatchKey}, ${PartnerOverlap.MatchMethod} FROM ${PartnerOverlap.apiName} WHERE ${PartnerOverlap.Partner} = '${partner.id}' AND ${PartnerOverlap.Active} = true AND ${PartnerOverlap.Disputed} = false`;
  // nothing is read for a partner we share nothing with
  const read = sharingLevel === 'Hidden' ? {} : await client.queries(queries);
  const stage = new Map<string, string>();
  for (const r of read.stages ?? []) if (!stage.has(String(r.AccountId))) stage.set(String(r.AccountId), String(r.StageName));
  const records: ExportRecord[] = pops.flatMap((p) =>
    (read[p.population] ?? []).map((r): ExportRecord => {
      const id = String(r.Id);
      return p.object === 'Account'
        ? { id, object: 'Account', population: p.population, name: str(r.Name), website: str(r.Website), duns: str(r[AccountFields.DUNS]), ...owner(r), opportunityStage: stage.get(id) }
        : { id, object: 'Lead', population: p.population, name: str(r.Company), website: str(r.Website), email: str(r.Email), ...owner(r) };
    }),
  );
  const matches: OverlapMatch[] = (read.overlaps ?? []).map((r) => {
    const lead = str(r[PartnerOverlap.Lead]);
    return {
      ourId: lead ?? String(r[PartnerOverlap.Account]),
      ourObject: lead !== undefined ? 'Lead' : 'Account',
      ourPopulation: r[PartnerOverlap.OurPopulation] as Population,
      key: String(r[PartnerOverlap.MatchKey] ?? ''),
      method: r[PartnerOverlap.MatchMethod] as MatchMethod,
      partnerRecord: { partnerRecordId: String(r[PartnerOverlap.PartnerRecordId]), companyName: String(r[PartnerOverlap.PartnerCompanyName] ?? ''), population: r[PartnerOverlap.PartnerPopulation] as Population },
    };
  });
  const built = buildShareExport({ name: partner.name, externalId: partner.externalId ?? partner.id, sharingLevel }, records, matches);
  return { partner: { name: partner.name, externalId: partner.externalId, sharingLevel }, export: built, read: records.length };
}
