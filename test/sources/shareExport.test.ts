import { matchOverlaps } from '../../src/match/matchOverlaps.js';
import type { PartnerRecord } from '../../src/match/types.js';
import { parsePartnerFile } from '../../src/sources/partnerFile.js';
import { buildShareExport, type ExportRecord, type SharePartner } from '../../src/sources/shareExport.js';

const records: ExportRecord[] = [
  { id: '001A', object: 'Account', population: 'Prospect', name: 'Acme Inc', website: 'https://www.acme.com/about', duns: '12-345-6789', ownerName: 'Ann Owner', ownerEmail: 'ann@ourco.com', opportunityStage: 'Negotiation' },
  { id: '001A', object: 'Account', population: 'Customer', name: 'Acme Inc', website: 'https://www.acme.com/about', duns: '12-345-6789', ownerName: 'Ann Owner', ownerEmail: 'ann@ourco.com' },
  { id: '001B', object: 'Account', population: 'Open Opportunity', name: '=HYPERLINK("http://evil")', website: 'beta.co.uk', ownerName: 'Bo' },
  { id: '00QC', object: 'Lead', population: 'Lead', name: 'Gamma', email: 'jane.private@gamma.io' },
  { id: '00QD', object: 'Lead', population: 'Lead', name: 'Solo', email: 'solo@gmail.com' },
  { id: '001E', object: 'Account', population: 'Prospect', name: 'Delta', website: 'delta.com' },
];
const partner = (sharingLevel: SharePartner['sharingLevel'], externalId = 'acme-partner'): SharePartner => ({ name: 'Acme Partners', externalId, sharingLevel });

describe('buildShareExport', () => {
  it('refuses Hidden partners, saying why and what to change', () => {
    expect(() => buildShareExport(partner('Hidden'), records)).toThrow('Sharing with partner Acme Partners is Hidden: nothing may be exported to them.');
  });

  it('Counts only: counts each record once, in its most advanced population', () => {
    const result = buildShareExport(partner('Counts only'), records);
    expect(result).toEqual({ level: 'Counts only', counts: { Customer: 1, 'Open Opportunity': 1, Prospect: 1, Lead: 2 }, csv: 'population,count\nCustomer,1\nOpen Opportunity,1\nProspect,1\nLead,2\n' });
  });

  it('All records: every record with a company domain, owner e-mail included, no ids or personal e-mails leaked', () => {
    const result = buildShareExport(partner('All records'), records);
    if (result.level === 'Counts only') throw new Error('expected rows');
    expect(result.skipped).toBe(1);
    expect(result.rows.map((r) => [r.companyName, r.domain, r.population, r.duns, r.ownerName, r.ownerEmail])).toEqual([
      ['Acme Inc', 'acme.com', 'Customer', '123456789', 'Ann Owner', 'ann@ourco.com'],
      ['=HYPERLINK("http://evil")', 'beta.co.uk', 'Open Opportunity', undefined, 'Bo', undefined],
      ['Gamma', 'gamma.io', 'Lead', undefined, undefined, undefined],
      ['Delta', 'delta.com', 'Prospect', undefined, undefined, undefined],
    ]);
    expect(result.csv).not.toMatch(/001A|00QC|jane\.private|solo@|about/);
    expect(result.csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('Overlapping records: only records the partner file matched, owner name but no owner e-mail or stage', () => {
    const theirs: PartnerRecord[] = [{ partnerRecordId: 'x1', companyName: 'ACME', domain: 'acme.com', population: 'Customer' }];
    const matches = matchOverlaps(records, theirs, { nameFallback: false, emailDomains: true, disputed: new Set() });
    const result = buildShareExport(partner('Overlapping records'), records, matches);
    if (result.level === 'Counts only') throw new Error('expected rows');
    expect(result.rows).toEqual([{ partnerRecordId: expect.stringMatching(/^pl-[0-9a-f]{20}$/) as unknown as string, companyName: 'Acme Inc', domain: 'acme.com', population: 'Customer', duns: '123456789', ownerName: 'Ann Owner' }]);
    expect(buildShareExport(partner('Overlapping records'), records, []).csv).toBe('record_id,company_name,website,population,duns,owner_name,owner_email,opportunity_stage\n');
  });

  it('gives each partner its own stable ids', () => {
    const ids = (externalId: string) => {
      const result = buildShareExport(partner('All records', externalId), records);
      return result.level === 'Counts only' ? [] : result.rows.map((r) => r.partnerRecordId);
    };
    expect(ids('p1')).toEqual(ids('p1'));
    expect(ids('p1').filter((id) => ids('p2').includes(id))).toEqual([]);
  });

  it('writes exactly what parsePartnerFile reads back', () => {
    const result = buildShareExport(partner('All records'), records);
    if (result.level === 'Counts only') throw new Error('expected rows');
    const read = parsePartnerFile(result.csv, 'from-us.csv');
    expect(read.errors).toEqual([]);
    expect(read.records).toEqual(result.rows);
  });
});
