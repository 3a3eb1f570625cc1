import { arrivedBefore, decideRegistration, isActive, protectionUntil } from '../../src/registrations/conflicts';
import { DEFAULT_RULES, type AccountView, type ExistingRegistration, type IncomingRegistration } from '../../src/registrations/types';

const T0 = '2026-12-01T10:00:00.000Z';
const incoming = (over: Partial<IncomingRegistration> = {}): IncomingRegistration => ({
  registrationId: 'r1', externalId: 'orbit|r1', partnerId: 'P-ORBIT', partnerName: 'Orbit', submittedAt: '2026-12-01T10:00:01.000Z', company: 'Globex GmbH', domain: 'globex.de', ...over,
});
const registration = (over: Partial<ExistingRegistration> = {}): ExistingRegistration => ({
  id: 'REG1', name: 'DR-000001', externalId: 'nimbus|n1', partnerId: 'P-NIMBUS', partnerName: 'Nimbus', company: 'Globex', domain: 'https://www.globex.de/', status: 'Submitted', submittedAt: T0, ...over,
});
const account = (over: Partial<AccountView> = {}): AccountView => ({ id: 'ACC1', name: 'Globex', website: 'globex.de', openOpportunities: [], ...over });

describe('deal registration conflict rules', () => {
  const cases: { name: string; regs: ExistingRegistration[]; accounts: AccountView[]; input?: Partial<IncomingRegistration>; rules?: Partial<typeof DEFAULT_RULES>; expect: Record<string, unknown> }[] = [
    { name: 'a new company with no match is Submitted', regs: [], accounts: [], expect: { kind: 'new', status: 'Submitted' } },
    { name: 'a matched account without an open deal is Submitted and linked', regs: [], accounts: [account()], expect: { kind: 'new', status: 'Submitted', accountId: 'ACC1', matchMethod: 'Domain' } },
    {
      name: 'an open opportunity on the matched account rejects it (Existing deal)',
      regs: [],
      accounts: [account({ openOpportunities: [{ id: 'OPP1', name: 'Globex renewal' }] })],
      expect: { kind: 'new', status: 'Rejected', conflict: 'Existing deal', accountId: 'ACC1', opportunityId: 'OPP1' },
    },
    { name: 'the existing-deal rule can be switched off', regs: [], accounts: [account({ openOpportunities: [{ id: 'OPP1' }] })], rules: { rejectExistingDeal: false }, expect: { kind: 'new', status: 'Submitted', accountId: 'ACC1' } },
    { name: "another partner's pending registration of the same domain wins (first in)", regs: [registration()], accounts: [], expect: { kind: 'new', status: 'Rejected', conflict: 'Other partner', conflicting: expect.objectContaining({ id: 'REG1' }) } },
    { name: 'matching by the contact e-mail domain counts', regs: [registration()], accounts: [], input: { domain: undefined, contactEmail: 'Jo <jo@globex.de>'.replace(/.*<|>/g, '') }, expect: { status: 'Rejected', conflict: 'Other partner', matchMethod: 'Email domain' } },
    { name: 'DUNS decides over names', regs: [registration({ domain: undefined, company: 'Totally Other', duns: '123456780' })], accounts: [], input: { domain: undefined, duns: '123456780' }, expect: { status: 'Rejected', conflict: 'Other partner', matchMethod: 'DUNS' } },
    { name: 'first-in-wins can be switched off', regs: [registration()], accounts: [], rules: { firstInWins: false }, expect: { kind: 'new', status: 'Submitted' } },
    { name: "another partner's approved registration inside its protection wins", regs: [registration({ status: 'Approved', protectionUntil: '2027-02-01' })], accounts: [], expect: { status: 'Rejected', conflict: 'Other partner' } },
    { name: 'an expired protection lets the second partner in', regs: [registration({ status: 'Approved', protectionUntil: '2026-11-30' })], accounts: [], expect: { kind: 'new', status: 'Submitted' } },
    { name: 'a registration marked Expired holds nothing', regs: [registration({ status: 'Expired', protectionUntil: '2026-11-30' })], accounts: [], expect: { kind: 'new', status: 'Submitted' } },
    { name: 'a rejected registration holds nothing', regs: [registration({ status: 'Rejected' })], accounts: [], expect: { kind: 'new', status: 'Submitted' } },
    { name: 'the same partner registering again gets its existing registration', regs: [registration({ partnerId: 'P-ORBIT', externalId: 'orbit|r0' })], accounts: [], expect: { kind: 'duplicate', existing: expect.objectContaining({ id: 'REG1' }) } },
    {
      name: 'a match by name only goes to review, never rejected',
      regs: [registration({ domain: undefined, company: 'Globex AG' })],
      accounts: [],
      input: { domain: undefined, company: 'Globex Aktiengesellschaft' },
      expect: { kind: 'new', status: 'Under review', conflict: 'Name only', conflicting: expect.objectContaining({ id: 'REG1' }) },
    },
    {
      name: 'an account matched by name only with an open deal goes to review, not rejected',
      regs: [],
      accounts: [account({ website: undefined, openOpportunities: [{ id: 'OPP1' }] })],
      input: { domain: undefined, company: 'Globex' },
      expect: { kind: 'new', status: 'Under review', conflict: 'Name only', accountId: 'ACC1', matchMethod: 'Name' },
    },
    { name: 'same name on a different domain is another company', regs: [registration({ domain: 'globex-tools.com' })], accounts: [], input: { company: 'Globex', domain: 'globex.de' }, expect: { kind: 'new', status: 'Submitted' } },
    { name: 'a registration that arrived later never wins', regs: [registration({ submittedAt: '2026-12-01T10:00:02.000Z' })], accounts: [], expect: { kind: 'new', status: 'Submitted' } },
  ];

  it.each(cases)('$name', ({ regs, accounts, input, rules, expect: expected }) => {
    const decision = decideRegistration(incoming(input), regs, accounts, { ...DEFAULT_RULES, ...rules });
    expect(decision).toMatchObject(expected);
    if (expected.status === 'Submitted') expect(decision).not.toHaveProperty('conflict');
  });

  it('two partners registering the same company within a second: exactly one wins, the same one in either order', () => {
    const a = incoming({ externalId: 'orbit|x', partnerId: 'P-ORBIT', submittedAt: '2026-12-01T10:00:00.200Z' });
    const b = incoming({ externalId: 'nimbus|x', partnerId: 'P-NIMBUS', partnerName: 'Nimbus', submittedAt: '2026-12-01T10:00:00.900Z' });
    const asExisting = (r: IncomingRegistration, id: string): ExistingRegistration => ({ id, externalId: r.externalId, partnerId: r.partnerId, partnerName: r.partnerName, company: r.company, domain: r.domain, status: 'Submitted', submittedAt: r.submittedAt });
    // each decided against the org holding both (the re-check after a concurrent write)
    const both = [asExisting(a, 'A'), asExisting(b, 'B')];
    const verdicts = [decideRegistration(a, both, [], DEFAULT_RULES), decideRegistration(b, both, [], DEFAULT_RULES)];
    expect(verdicts.map((v) => (v.kind === 'new' ? v.status : v.kind))).toEqual(['Submitted', 'Rejected']);
    expect(verdicts[1]).toMatchObject({ conflict: 'Other partner', conflicting: expect.objectContaining({ id: 'A' }) });
    // the same instant: the smaller external id wins, whichever is decided first
    const c = { ...b, submittedAt: a.submittedAt };
    const tie = [asExisting(a, 'A'), asExisting(c, 'C')];
    expect(decideRegistration(c, tie, [], DEFAULT_RULES)).toMatchObject({ status: 'Submitted' });
    expect(decideRegistration(a, tie, [], DEFAULT_RULES)).toMatchObject({ status: 'Rejected', conflicting: expect.objectContaining({ id: 'C' }) });
  });

  it('orders arrivals by time, then external id; protection is days from approval', () => {
    expect(arrivedBefore({ submittedAt: T0, externalId: 'b' }, { submittedAt: '2026-12-01T10:00:00.001Z', externalId: 'a' })).toBe(true);
    expect(arrivedBefore({ submittedAt: T0, externalId: 'b' }, { submittedAt: T0, externalId: 'a' })).toBe(false);
    expect(protectionUntil(new Date('2026-12-01T15:00:00Z'), 90)).toBe('2027-03-01');
    expect(isActive(registration({ status: 'Approved', protectionUntil: '2026-12-01' }), '2026-12-01T23:00:00Z')).toBe(true);
    expect(isActive(registration({ status: 'Approved', protectionUntil: undefined }), T0)).toBe(false);
  });
});
