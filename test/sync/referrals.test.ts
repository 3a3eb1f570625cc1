import type { Referral } from '../../src/sources/referralFile';
import { countOutcomes, planReferrals, referralQueries, type LeadRow, type ReferralView } from '../../src/sync/referrals';

const P1 = 'a0P000000000001AAA';
const P2 = 'a0P000000000002AAA';

function referral(email: string, id = `R-${email}`): Referral {
  return { referralId: id, company: 'Acme', email, firstName: 'Ann', lastName: 'Lee', referralDate: '2026-11-20' };
}

function lead(id: string, email: string, extra: Partial<LeadRow> = {}): LeadRow {
  return { id, email, converted: false, sourced: false, ...extra };
}

function plan(view: ReferralView, referrals: Referral[], partnerId = P1) {
  return planReferrals([{ partnerId, partnerName: 'Orbit', referrals }], view);
}

describe('planReferrals', () => {
  const cases: { name: string; view: ReferralView; email: string; outcome: string; by?: string; record?: string }[] = [
    { name: 'an open lead with the e-mail, any case', view: { leads: [lead('L1', 'ann.lee@acme.com')], contacts: [] }, email: 'Ann.Lee@ACME.com', outcome: 'flagged', by: 'email', record: 'L1' },
    { name: 'a converted lead is not flagged; its contact is reported', view: { leads: [lead('L1', 'ann.lee@acme.com', { converted: true })], contacts: [{ id: 'C1', email: 'ann.lee@acme.com' }] }, email: 'ann.lee@acme.com', outcome: 'contact', by: 'email', record: 'C1' },
    { name: 'the one open lead at the company domain', view: { leads: [lead('L2', 'cfo@eu.acme.com')], contacts: [] }, email: 'ann.lee@acme.com', outcome: 'flagged', by: 'domain', record: 'L2' },
    { name: 'several open leads at the domain: a new lead, not a guess', view: { leads: [lead('L2', 'a@acme.com'), lead('L3', 'b@acme.com')], contacts: [] }, email: 'ann.lee@acme.com', outcome: 'created' },
    { name: 'a customer contact at the domain: reported, no lead', view: { leads: [], contacts: [{ id: 'C2', email: 'boss@acme.com' }] }, email: 'ann.lee@acme.com', outcome: 'contact', by: 'domain', record: 'C2' },
    { name: 'free-mail never matches by domain', view: { leads: [lead('L4', 'someone@gmail.com')], contacts: [{ id: 'C3', email: 'other@gmail.com' }] }, email: 'ann.lee.77@gmail.com', outcome: 'created' },
    { name: 'a lead another partner sourced stays theirs', view: { leads: [lead('L5', 'ann.lee@acme.com', { sourced: true, sourcePartner: P2 })], contacts: [] }, email: 'ann.lee@acme.com', outcome: 'other-partner', by: 'email', record: 'L5' },
    { name: 'a lead this partner sourced is unchanged', view: { leads: [lead('L6', 'x@acme.com', { sourced: true, sourcePartner: P1 }), lead('L7', 'y@acme.com')], contacts: [] }, email: 'ann.lee@acme.com', outcome: 'unchanged', by: 'domain', record: 'L6' },
    { name: 'nothing matches: a new lead', view: { leads: [lead('L8', 'x@other.com')], contacts: [] }, email: 'ann.lee@acme.com', outcome: 'created' },
  ];
  it.each(cases)('$name', ({ view, email, outcome, by, record }) => {
    const result = plan(view, [referral(email)]);
    expect(result.outcomes).toEqual([expect.objectContaining({ email, outcome, ...(by ? { by } : {}) })]);
    const o = result.outcomes[0];
    if (record !== undefined) expect(o?.leadId ?? o?.contactId).toBe(record);
    const writes = result.batches.flatMap((b) => b.records.map((r) => ({ kind: b.kind, key: b.key, r })));
    if (outcome === 'flagged') expect(writes).toEqual([{ kind: 'referral-flag', key: 'Id', r: { Id: record, Partner_Sourced__c: true, Source_Partner__c: P1, Partner_Referral_Date__c: '2026-11-20' } }]);
    else if (outcome === 'created') {
      expect(writes).toEqual([{ kind: 'referral-lead', key: 'Partner_Referral_Id__c', r: expect.objectContaining({ Partner_Referral_Id__c: `R-${email}`, Email: email, LastName: 'Lee', Company: 'Acme', LeadSource: 'Partner Referral', Partner_Sourced__c: true, Source_Partner__c: P1 }) }]);
      expect(result.settled).toEqual({});
    } else {
      expect(writes).toEqual([]);
      expect(Object.keys(result.settled)).toEqual([`R-${email}`]);
    }
  });

  it('recognises a lead it created before by referral id, even converted, and never creates it twice', () => {
    const view = { leads: [lead('L9', 'changed@elsewhere.com', { referralId: 'R-1', converted: true })], contacts: [] };
    const result = plan(view, [referral('ann.lee@acme.com', 'R-1'), referral('ann.lee@acme.com', 'R-1')]);
    expect(result.batches).toEqual([]);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['unchanged', 'unchanged']);
  });

  it('flags one lead once when several referrals point at it; the first partner keeps it', () => {
    const view = { leads: [lead('L1', 'ann.lee@acme.com')], contacts: [] };
    const result = planReferrals(
      [
        { partnerId: P1, partnerName: 'Orbit', referrals: [referral('ann.lee@acme.com', 'A'), referral('bob@acme.com', 'B')] },
        { partnerId: P2, partnerName: 'Northwind', referrals: [referral('ann.lee@acme.com', 'C')] },
      ],
      view,
    );
    expect(result.outcomes.map((o) => `${o.referralId} ${o.outcome}`)).toEqual(['A flagged', 'B unchanged', 'C other-partner']);
    expect(result.batches.map((b) => b.records.length)).toEqual([1]);
    expect(countOutcomes(result.outcomes)).toEqual({ flagged: 1, created: 0, unchanged: 1, 'other-partner': 1, contact: 0 });
  });

  it('queries by referral id, e-mail and e-mail domain, quoting what the partner typed', () => {
    const q = referralQueries([referral("o'brien@acme.co.uk", "R'1"), referral('x@gmail.com')]);
    expect(Object.keys(q)).toEqual(['referralLeads#0', 'referralContacts#0']);
    expect(q['referralLeads#0']).toContain("Partner_Referral_Id__c IN ('R\\'1', 'R-x@gmail.com')");
    expect(q['referralLeads#0']).toContain("Email LIKE '%@acme.co.uk' OR Email LIKE '%.acme.co.uk'");
    expect(q['referralLeads#0']).not.toContain('%@gmail.com');
  });
});
