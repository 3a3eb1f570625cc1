import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { decide } from '../../src/registrations/approval';
import { intakeRegistrations } from '../../src/registrations/intake';
import { maintainRegistrations } from '../../src/usecases/registrations';

// Intake, approval and expiry against the local org, read back by SOQL.
describe('deal registrations on the local org', () => {
  jest.setTimeout(60_000);
  let org: LocalOrg;
  let client: OrgClient;
  const ids: Record<string, string> = {};
  const q = (soql: string): Record<string, unknown>[] => org.store.query(soql).records as Record<string, unknown>[];
  const now = new Date('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    org = await startLocalOrg();
    client = new OrgClient(connectionFor(org.instanceUrl, org.accessToken));
    const insert = (object: string, fields: Record<string, unknown>): string => {
      const r = org.store.insert(object, fields);
      if (!r.success) throw new Error(JSON.stringify(r));
      return r.id as string;
    };
    ids.orbit = insert('Partner__c', { Name: 'Orbit Cloud', External_Id__c: 'orbit', Domain__c: 'orbitcloud.io', Status__c: 'Active', Type__c: 'Reseller' });
    ids.nimbus = insert('Partner__c', { Name: 'Nimbus', External_Id__c: 'nimbus', Domain__c: 'nimbus.io', Status__c: 'Active', Type__c: 'Technology' });
    ids.ended = insert('Partner__c', { Name: 'Gone', External_Id__c: 'gone', Status__c: 'Ended' });
    ids.initech = insert('Account', { Name: 'Initech', Website: 'https://initech.com' });
    ids.globex = insert('Account', { Name: 'Globex', Website: 'globex.de' });
    ids.globexOpp = insert('Opportunity', { Name: 'Globex renewal', AccountId: ids.globex, StageName: 'Prospecting', CloseDate: '2027-01-31' });
  });
  afterAll(async () => org.stop());

  it('imports: Submitted with the account linked, Existing deal rejected, name-only to review, a new company Submitted', async () => {
    const result = await intakeRegistrations(client, {
      partner: 'orbit',
      now,
      registrations: [
        { registrationId: 'o-1', company: 'Initech Inc', domain: 'www.initech.com', contactName: 'Bill Lumbergh', contactEmail: 'bill@initech.com', estimatedAmount: 50000 },
        { registrationId: 'o-2', company: 'Globex GmbH', contactEmail: 'hank@globex.de' },
        { registrationId: 'o-3', company: 'Hooli' },
        { registrationId: 'o-4', company: 'Pied Piper', domain: 'piedpiper.com', contactName: 'Richard Hendricks' },
      ],
    });
    expect(result.failures).toEqual([]);
    expect(result.outcomes.map((o) => [o.registrationId, o.outcome, o.status, o.conflict])).toEqual([
      ['o-1', 'submitted', 'Submitted', undefined],
      ['o-2', 'rejected', 'Rejected', 'Existing deal'],
      ['o-3', 'submitted', 'Submitted', undefined],
      ['o-4', 'submitted', 'Submitted', undefined],
    ]);
    const rows = q("SELECT External_Id__c, Status__c, Conflict__c, Account__c, Opportunity__c, Match_Method__c, Submitted_At__c FROM Partner_Registration__c ORDER BY External_Id__c");
    expect(rows.map((r) => [r.External_Id__c, r.Status__c, r.Conflict__c ?? null, r.Account__c ?? null, r.Opportunity__c ?? null])).toEqual([
      ['orbit|o-1', 'Submitted', null, ids.initech, null],
      ['orbit|o-2', 'Rejected', 'Existing deal', ids.globex, null],
      ['orbit|o-3', 'Submitted', null, null, null],
      ['orbit|o-4', 'Submitted', null, null, null],
    ]);
  });

  it('a replayed import writes nothing and decides nothing again; the same partner re-registering gets its registration', async () => {
    const before = q('SELECT Id, Status__c, SystemModstamp FROM Partner_Registration__c ORDER BY Id');
    const replay = await intakeRegistrations(client, { partner: 'orbit', now: new Date('2026-12-02T10:00:00Z'), registrations: [{ registrationId: 'o-1', company: 'Initech Inc', domain: 'initech.com' }, { registrationId: 'o-9', company: 'Initech', domain: 'initech.com' }] });
    expect(replay.outcomes.map((o) => o.outcome)).toEqual(['unchanged', 'duplicate']);
    expect(replay.outcomes[1]?.id).toBe(replay.outcomes[0]?.id);
    expect(q('SELECT Id, Status__c, SystemModstamp FROM Partner_Registration__c ORDER BY Id')).toEqual(before);
  });

  it("a second partner's registration of a pending company is rejected and linked to the first; a name-only one goes to review", async () => {
    const result = await intakeRegistrations(client, { partner: 'nimbus.io', now: new Date('2026-12-01T10:00:05Z'), registrations: [{ registrationId: 'n-1', company: 'Pied Piper Inc', contactEmail: 'erlich@piedpiper.com' }, { registrationId: 'n-2', company: 'Hooli Inc' }] });
    expect(result.outcomes.map((o) => [o.outcome, o.conflict])).toEqual([['rejected', 'Other partner'], ['review', 'Name only']]);
    const [first] = q("SELECT Id FROM Partner_Registration__c WHERE External_Id__c = 'orbit|o-4'");
    const rows = q("SELECT External_Id__c, Status__c, Conflicting_Registration__c, Decision_Reason__c FROM Partner_Registration__c WHERE Partner__c = '" + ids.nimbus + "' ORDER BY External_Id__c");
    expect(rows[0]).toMatchObject({ Status__c: 'Rejected', Conflicting_Registration__c: first?.Id });
    expect(String(rows[0]?.Decision_Reason__c)).toMatch(/first in wins: Orbit Cloud registered this company first/);
    expect(rows[1]).toMatchObject({ Status__c: 'Under review' });
  });

  it('refuses an unknown or ended partner, writing nothing', async () => {
    const count = q('SELECT Id FROM Partner_Registration__c').length;
    await expect(intakeRegistrations(client, { partner: 'nobody', now, registrations: [{ registrationId: 'x', company: 'X' }] })).rejects.toThrow(/No partner nobody/);
    await expect(intakeRegistrations(client, { partner: 'gone', now, registrations: [{ registrationId: 'x', company: 'X' }] })).rejects.toThrow(/Gone is Ended/);
    expect(q('SELECT Id FROM Partner_Registration__c')).toHaveLength(count);
  });

  it('approval of an account match creates the opportunity and a Reseller influence row in one idempotent step', async () => {
    const [reg] = q("SELECT Name FROM Partner_Registration__c WHERE External_Id__c = 'orbit|o-1'");
    const result = await decide(client, { ref: String(reg?.Name), decision: 'approve', now });
    expect(result).toMatchObject({ status: 'Approved', protectionUntil: '2027-03-01', applied: { failures: [] } });
    const [row] = q("SELECT Status__c, Decided_By__c, Decided_At__c, Protection_Until__c, Opportunity__c, Lead__c FROM Partner_Registration__c WHERE External_Id__c = 'orbit|o-1'");
    expect(row).toMatchObject({ Status__c: 'Approved', Protection_Until__c: '2027-03-01' });
    expect(row?.Decided_By__c).toMatch(/^005/);
    const opps = q(`SELECT Id, AccountId, Amount, Source_Partner__c, Partner_Sourced__c, Partner_Registration_Id__c FROM Opportunity WHERE AccountId = '${ids.initech}'`);
    expect(opps).toEqual([expect.objectContaining({ Id: row?.Opportunity__c, Amount: 50000, Source_Partner__c: ids.orbit, Partner_Sourced__c: true, Partner_Registration_Id__c: 'orbit|o-1' })]);
    const influence = q(`SELECT Partner__c, Role__c, Origin__c, External_Id__c FROM Partner_Influence__c WHERE Opportunity__c = '${String(row?.Opportunity__c)}'`);
    expect(influence).toEqual([expect.objectContaining({ Partner__c: ids.orbit, Role__c: 'Reseller', Origin__c: 'Sync', External_Id__c: 'reg|orbit|o-1' })]);
    // applying again (the sync does it every run) finds the same records
    const again = await maintainRegistrations(client, now);
    expect(again.applied).toEqual([]);
    expect(q(`SELECT Id FROM Opportunity WHERE AccountId = '${ids.initech}'`)).toHaveLength(1);
    await expect(decide(client, { ref: String(reg?.Name), decision: 'approve', now })).rejects.toThrow(/already Approved/);
  });

  it('approval without an account makes a partner-sourced Lead; rejection needs a reason; overriding an existing deal needs --override and a reason', async () => {
    const [pied] = q("SELECT Name FROM Partner_Registration__c WHERE External_Id__c = 'orbit|o-4'");
    await decide(client, { ref: String(pied?.Name), decision: 'approve', now });
    const leads = q("SELECT Company, LastName, FirstName, Partner_Sourced__c, Source_Partner__c, Partner_Referral_Id__c FROM Lead WHERE Partner_Referral_Id__c = 'reg|orbit|o-4'");
    expect(leads).toEqual([expect.objectContaining({ Company: 'Pied Piper', LastName: 'Hendricks', FirstName: 'Richard', Partner_Sourced__c: true, Source_Partner__c: ids.orbit })]);

    await expect(decide(client, { ref: 'orbit|o-3', decision: 'reject', reason: '  ', now })).rejects.toThrow(/a rejection needs a reason/);
    await decide(client, { ref: 'orbit|o-3', decision: 'reject', reason: 'Hooli is a competitor', now });
    expect(q("SELECT Status__c, Decision_Reason__c FROM Partner_Registration__c WHERE External_Id__c = 'orbit|o-3'")[0]).toMatchObject({ Status__c: 'Rejected', Decision_Reason__c: 'Hooli is a competitor' });

    await expect(decide(client, { ref: 'orbit|o-2', decision: 'approve', now })).rejects.toThrow(/conflict \(Existing deal\): approving it needs an override and a reason/);
    await decide(client, { ref: 'orbit|o-2', decision: 'approve', override: true, reason: 'Partner brings the buyer', now });
    const [globex] = q("SELECT Status__c, Opportunity__c FROM Partner_Registration__c WHERE External_Id__c = 'orbit|o-2'");
    expect(globex).toMatchObject({ Status__c: 'Approved', Opportunity__c: ids.globexOpp });
    expect(q(`SELECT Role__c FROM Partner_Influence__c WHERE Opportunity__c = '${ids.globexOpp}'`)).toEqual([expect.objectContaining({ Role__c: 'Reseller' })]);
  });

  it('expires approved registrations past their protection, after which another partner is accepted', async () => {
    const later = new Date('2027-03-02T09:00:00Z');
    const maintained = await maintainRegistrations(client, later);
    expect(maintained.expired.length).toBe(3);
    expect(q("SELECT Status__c FROM Partner_Registration__c WHERE External_Id__c = 'orbit|o-1'")[0]).toMatchObject({ Status__c: 'Expired' });
    const second = await intakeRegistrations(client, { partner: 'nimbus', now: later, registrations: [{ registrationId: 'n-3', company: 'Initech', domain: 'initech.com' }] });
    // Initech now has the registered (open) opportunity: the existing-deal rule applies, not first-in-wins
    expect(second.outcomes[0]).toMatchObject({ outcome: 'rejected', conflict: 'Existing deal' });
  });
});
