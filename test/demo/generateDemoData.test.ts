import path from 'node:path';
import { demoOurRecords, generateDemoData } from '../../src/demo/generateDemoData.js';
import type { DemoData, DemoRecord, ExpectedOverlap } from '../../src/demo/types.js';
import { computeImpact, type ImpactData } from '../../src/impact/metrics.js';
import { emailDomain } from '../../src/match/email.js';
import { matchOverlaps } from '../../src/match/matchOverlaps.js';
import { AccountFields, LeadFields, OpportunityFields, PartnerInfluence } from '../../src/schema/dataModel.js';
import { readForceApp } from '../../src/metadata/forceAppModel.js';
import { STANDARD_OBJECT_NAMES, STANDARD_OBJECTS } from '../../src/schema/standardObjects.js';
import { parsePartnerFile } from '../../src/sources/partnerFile.js';
import { parseReferralFile } from '../../src/sources/referralFile.js';
import type { PartnerFileError } from '../../src/sources/fileError.js';

const demo = generateDemoData({ seed: 7 });
const defaults = { nameFallback: false, emailDomains: true, disputed: new Set<string>() };

function records(data: DemoData, object: string): DemoRecord[] {
  const found = data.objects.find((o) => o.object === object);
  if (found === undefined) throw new Error(`no ${object} in the demo`);
  return found.records;
}

/** One comparable line per overlap; the partner record id only where the file states it. */
function overlapLine(o: Omit<ExpectedOverlap, 'variant'>): string {
  return [o.partnerRef, o.ourRef, o.ourObject, o.ourPopulation, o.partnerCompanyName, o.partnerRecordId ?? '-', o.partnerPopulation, o.method, o.key].join(' | ');
}

describe('generateDemoData', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(generateDemoData({ seed: 7 }))).toBe(JSON.stringify(demo));
    expect(JSON.stringify(generateDemoData({ seed: 8 }))).not.toBe(JSON.stringify(demo));
  });

  it('builds a CRM of the requested size with three active partners of different kinds and sharing levels', () => {
    expect(records(demo, 'Account')).toHaveLength(3000);
    expect(records(demo, 'Opportunity').length).toBeGreaterThan(3000);
    expect(records(demo, 'Lead').length).toBeGreaterThan(2000);
    expect(demo.partners.map((p) => [p.type, p.sharingLevel])).toEqual([
      ['Technology', 'Overlapping records'],
      ['Reseller', 'All records'],
      ['SI', 'Counts only'],
    ]);
    expect(records(demo, 'Partner__c').every((p) => p.values.Status__c === 'Active')).toBe(true);
    const leads = records(demo, 'Lead');
    const freeMail = leads.filter((l) => {
      const result = emailDomain(String(l.values.Email));
      return 'excluded' in result && result.excluded === 'free-mail';
    });
    expect(freeMail.length).toBeGreaterThan(100);
    expect(leads.filter((l) => l.values.IsConverted === true).every((l) => l.lookups.ConvertedOpportunityId !== undefined && l.lookups.ConvertedAccountId !== undefined)).toBe(true);
    expect(records(demo, 'Account').some((a) => a.values[AccountFields.DUNS] !== null)).toBe(true);
  });

  it('only points lookups at records of objects created earlier', () => {
    const seen = new Set<string>();
    const dangling: string[] = [];
    for (const { records: list } of demo.objects) {
      for (const r of list) dangling.push(...Object.values(r.lookups).filter((ref) => !seen.has(ref)));
      for (const r of list) seen.add(r.ref);
    }
    expect(seen.size).toBeGreaterThan(10_000);
    expect(dangling).toEqual([]);
  });

  it('only uses fields the org has', () => {
    const model = readForceApp(path.join(__dirname, '../../force-app'), STANDARD_OBJECT_NAMES);
    for (const { object, records: list } of demo.objects) {
      const standard = STANDARD_OBJECTS.find((o) => o.name === object)?.fields.map((f) => f.name) ?? [];
      const custom = Object.keys(model.objects[object]?.fields ?? {});
      const known = new Set([...standard, ...custom, 'CreatedDate', 'Name']);
      const used = new Set(list.flatMap((r) => [...Object.keys(r.values), ...Object.keys(r.lookups)]));
      expect([...used].filter((f) => !known.has(f))).toEqual([]);
    }
  });

  it('dates everything within the last 18 months of `today`, deals closing after they open', () => {
    const today = Date.parse(`${demo.today}T23:59:59Z`);
    const oldest = today - 19 * 31 * 86_400_000;
    for (const o of records(demo, 'Opportunity')) {
      const created = Date.parse(String(o.values.CreatedDate));
      expect(created).toBeGreaterThan(oldest);
      expect(created).toBeLessThan(today);
      expect(Date.parse(String(o.values.CloseDate))).toBeGreaterThanOrEqual(Date.parse(String(o.values.CreatedDate).slice(0, 10)));
    }
  });

  it('plants overlaps that matchOverlaps on the parsed partner files finds exactly', () => {
    const ours = demoOurRecords(demo);
    const found: string[] = [];
    for (const partner of demo.partners) {
      const file = parsePartnerFile(partner.partnerFile.content, partner.partnerFile.path);
      const explicitIds = !partner.partnerFile.path.includes('northwind');
      for (const m of matchOverlaps(ours, file.records, defaults)) {
        found.push(overlapLine({
          partnerRef: partner.ref, ourRef: m.ourId, ourObject: m.ourObject, ourPopulation: m.ourPopulation, partnerCompanyName: m.partnerRecord.companyName,
          partnerRecordId: explicitIds ? m.partnerRecord.partnerRecordId : undefined, partnerPopulation: m.partnerRecord.population, method: m.method, key: m.key,
        }));
      }
    }
    const expected = demo.expected.overlaps.map(overlapLine);
    expect(found.sort()).toEqual(expected.sort());
    expect(new Set(demo.expected.overlaps.map((o) => o.method))).toEqual(new Set(['Domain', 'Email domain', 'DUNS']));
    expect(new Set(demo.expected.overlaps.map((o) => o.variant)).size).toBeGreaterThanOrEqual(9);
    expect(new Set(demo.expected.overlaps.map((o) => o.ourObject))).toEqual(new Set(['Account', 'Lead']));
    expect(demo.expected.decoys.filter((d) => d.reason !== 'partner-only').map((d) => d.reason).sort()).toEqual(
      ['duns-conflict', 'duns-conflict', 'free-mail', 'free-mail', 'free-mail', 'near-miss-suffix', 'near-miss-suffix', 'near-miss-suffix', 'near-miss-suffix', 'near-miss-suffix', 'near-miss-suffix', 'other-tenant', 'other-tenant', 'other-tenant', 'shared-host-profile', 'shared-host-profile', 'shared-host-profile'],
    );
  });

  it('has an account whose Website is a LinkedIn page, and it matches nothing by domain', () => {
    const ours = demoOurRecords(demo);
    const onLinkedIn = ours.filter((r) => r.website?.includes('linkedin.com/company/') === true);
    expect(onLinkedIn.length).toBeGreaterThan(0);
    const ids = new Set(onLinkedIn.map((r) => r.id));
    let profileRows = 0;
    for (const partner of demo.partners) {
      const file = parsePartnerFile(partner.partnerFile.content, partner.partnerFile.path);
      profileRows += file.records.filter((r) => r.domain?.includes('linkedin.com/company/') === true).length;
      const matches = matchOverlaps(ours, file.records, { ...defaults, nameFallback: true });
      expect(matches.filter((m) => ids.has(m.ourId))).toEqual([]);
      expect(matches.filter((m) => m.key === 'linkedin.com')).toEqual([]);
    }
    // every partner file holds another company's LinkedIn page: without the shared-host rule they would meet on linkedin.com
    expect(profileRows).toBe(demo.partners.length);
  });

  it('puts bad and repeated rows in the files where the parsers report them', () => {
    const reported: string[] = [];
    const duplicates: Record<string, number> = {};
    const note = (errors: PartnerFileError[]) => reported.push(...errors.map((e) => `${e.file}:${e.line ?? '-'}:${e.field ?? '-'}`));
    for (const partner of demo.partners) {
      const file = parsePartnerFile(partner.partnerFile.content, partner.partnerFile.path);
      note(file.errors);
      duplicates[file.file] = file.duplicateCount;
      if (partner.referralFile) {
        const referrals = parseReferralFile(partner.referralFile.content, partner.referralFile.path);
        note(referrals.errors);
        duplicates[referrals.file] = referrals.duplicateCount;
      }
    }
    expect(reported.sort()).toEqual(demo.expected.fileErrors.map((e) => `${e.path}:${e.line}:${e.field ?? '-'}`).sort());
    expect(duplicates).toEqual(demo.expected.duplicateRows);
    expect(Object.values(duplicates).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
  });

  it('expects each referral to flag the lead it was built from, or to create one', () => {
    const leads = records(demo, 'Lead').filter((l) => l.values.IsConverted === false);
    const byEmail = new Map(leads.map((l) => [String(l.values.Email).toLowerCase(), l.ref]));
    const byDomain = new Map<string, string[]>();
    for (const l of leads) {
      const d = emailDomain(String(l.values.Email));
      if ('domain' in d) byDomain.set(d.domain, [...(byDomain.get(d.domain) ?? []), l.ref]);
    }
    const parsed = demo.partners.flatMap((p) => (p.referralFile ? parseReferralFile(p.referralFile.content, p.referralFile.path).referrals.map((r) => ({ partnerRef: p.ref, ...r })) : []));
    expect(parsed.map((r) => r.email).sort()).toEqual(demo.expected.referrals.map((r) => r.email).sort());
    for (const r of demo.expected.referrals) {
      const domain = emailDomain(r.email);
      const sameEmail = byEmail.get(r.email.toLowerCase());
      const sameDomain = 'domain' in domain ? (byDomain.get(domain.domain) ?? []) : [];
      if (r.by === 'email') expect(sameEmail).toBe(r.leadRef);
      else if (r.by === 'domain') expect([sameEmail, sameDomain]).toEqual([undefined, [r.leadRef]]);
      else expect([sameEmail, sameDomain]).toEqual([undefined, []]);
    }
    // no Contact shares a referral's e-mail or company domain (the sync would point the referral at the Contact)
    const contactKeys = new Set(records(demo, 'Contact').flatMap((c) => {
      const d = emailDomain(String(c.values.Email));
      return [String(c.values.Email).toLowerCase(), ...('domain' in d ? [d.domain] : [])];
    }));
    expect(demo.expected.referrals.filter((r) => {
      const d = emailDomain(r.email);
      return contactKeys.has(r.email.toLowerCase()) || ('domain' in d && contactKeys.has(d.domain));
    })).toEqual([]);
    expect(demo.expected.referrals.map((r) => `${r.outcome}:${r.by ?? (r.freeMail ? 'free-mail' : 'new')}`).sort()).toEqual(
      ['create-lead:free-mail', 'create-lead:free-mail', ...Array(8).fill('create-lead:new'), ...Array(4).fill('flag-existing:domain'), ...Array(6).fill('flag-existing:email')].sort(),
    );
  });

  it('shows a clear partner lift in the impact report', () => {
    const report = computeImpact(impactData(demo));
    const { lift, leads } = report.overall;
    expect(lift.withPartner.closed).toBeGreaterThan(200);
    expect(lift.winRateLift).toBeGreaterThan(0.12);
    expect(lift.cycleDaysDelta).toBeLessThan(-20);
    expect((leads.partnerSourced.rate ?? 0) - (leads.ordinary.rate ?? 0)).toBeGreaterThan(0.15);
    expect(report.overall.sourced.revenue).toBeGreaterThan(0);
  });

  it('tags a few won or open partner-sourced deals by hand', () => {
    const opps = new Map(records(demo, 'Opportunity').map((o) => [o.ref, o]));
    const influences = records(demo, PartnerInfluence.apiName);
    expect(influences.length).toBeGreaterThanOrEqual(3);
    for (const i of influences) {
      expect(i.values).toMatchObject({ [PartnerInfluence.Role]: 'Sourced', [PartnerInfluence.Origin]: 'Manual' });
      const opp = opps.get(i.lookups[PartnerInfluence.Opportunity] ?? '');
      expect(opp?.values.StageName).not.toBe('Closed Lost');
      expect(opp?.lookups[OpportunityFields.SourcePartner]).toBe(i.lookups[PartnerInfluence.Partner]);
    }
  });

  it('scales down and keeps its expectation exact', () => {
    const small = generateDemoData({ seed: 3, accounts: 60 });
    const ours = demoOurRecords(small);
    const count = small.partners.reduce((n, p) => n + matchOverlaps(ours, parsePartnerFile(p.partnerFile.content, p.partnerFile.path).records, defaults).length, 0);
    expect(count).toBe(small.expected.overlaps.length);
    expect(small.expected.overlaps.length).toBeGreaterThan(0);
  });

  it('rejects a malformed today', () => {
    expect(() => generateDemoData({ seed: 1, accounts: 5, today: 'soon' })).toThrow('today must be YYYY-MM-DD');
  });
});

/** The demo as the impact report reads it after a sync: planted overlaps active, refs as ids. */
function impactData(data: DemoData): ImpactData {
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    partners: data.partners.map((p) => ({ id: p.ref, name: p.name })),
    opportunities: records(data, 'Opportunity').map((o) => ({
      id: o.ref, accountId: o.lookups.AccountId ?? null, amount: typeof o.values.Amount === 'number' ? o.values.Amount : null, currency: null,
      isClosed: String(o.values.StageName).startsWith('Closed'), isWon: o.values.StageName === 'Closed Won',
      createdDate: String(o.values.CreatedDate), closeDate: String(o.values.CloseDate), sourcePartnerId: o.lookups[OpportunityFields.SourcePartner] ?? null,
    })),
    influences: records(data, PartnerInfluence.apiName).map((i) => ({
      id: i.ref, opportunityId: i.lookups[PartnerInfluence.Opportunity] as string, partnerId: i.lookups[PartnerInfluence.Partner] as string,
      role: text(i.values[PartnerInfluence.Role]), percent: Number(i.values[PartnerInfluence.AttributionPercent]), touchDate: text(i.values[PartnerInfluence.TouchDate]), createdDate: null,
    })),
    overlaps: data.expected.overlaps.map((o) => ({
      partnerId: o.partnerRef, accountId: o.ourObject === 'Account' ? o.ourRef : null, leadId: o.ourObject === 'Lead' ? o.ourRef : null,
      ourPopulation: o.ourPopulation, partnerPopulation: o.partnerPopulation, active: true, disputed: false,
    })),
    leads: records(data, 'Lead').map((l) => ({
      id: l.ref, partnerSourced: l.values[LeadFields.PartnerSourced] === true, sourcePartnerId: l.lookups[LeadFields.SourcePartner] ?? null,
      isConverted: l.values.IsConverted === true, createdDate: String(l.values.CreatedDate),
    })),
  };
}
