import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { BudgetGuard } from '../../src/org/budget';
import { runSync } from '../../src/sync/engine';
import { CheckpointStore } from '../../src/sync/state';

// A manager approves in the component (a plain record update: Status__c Approved); the next sync creates the
// lead or opportunity and the Sourced influence, and marks lapsed protections Expired. A run with nothing due
// costs no extra call.
describe('the sync applies approved registrations and expires lapsed ones', () => {
  jest.setTimeout(60_000);
  let org: LocalOrg;
  let dir: string;
  const q = (soql: string): Record<string, unknown>[] => org.store.query(soql).records as Record<string, unknown>[];
  const sync = async (now = new Date()): Promise<{ calls: number; warnings: string[]; failed: number }> => {
    const client = new OrgClient(connectionFor(org.instanceUrl, org.accessToken), { budget: new BudgetGuard(80) });
    const before = org.apiUsage().used;
    const r = await runSync({ client, store: new CheckpointStore(path.join(dir, 'cp'), 'local'), runsDir: path.join(dir, 'runs'), loadPartners: async () => [], now: () => now });
    return { calls: org.apiUsage().used - before, warnings: r.warnings, failed: r.counts.failed };
  };

  beforeAll(async () => {
    org = await startLocalOrg();
    dir = mkdtempSync(path.join(tmpdir(), 'plregsync-'));
  });
  afterAll(async () => org.stop());

  it('creates the lead and the opportunity of component approvals once, and expires a lapsed one', async () => {
    const partner = String(org.store.insert('Partner__c', { Name: 'Orbit', External_Id__c: 'orbit', Status__c: 'Active' }).id);
    const account = String(org.store.insert('Account', { Name: 'Initech', Website: 'initech.com' }).id);
    const reg = (fields: Record<string, unknown>): string => String(org.store.insert('Partner_Registration__c', { Partner__c: partner, Submitted_At__c: '2026-11-01T09:00:00.000Z', ...fields }).id);
    reg({ External_Id__c: 'orbit|a', Company__c: 'Initech', Account__c: account, Status__c: 'Approved', Protection_Until__c: '2027-03-01', Decided_At__c: '2026-12-01T09:00:00.000Z', Estimated_Amount__c: 1000 });
    reg({ External_Id__c: 'orbit|b', Company__c: 'Hooli', Contact_Name__c: 'Gavin Belson', Status__c: 'Approved', Protection_Until__c: '2027-03-01' });
    // approved, never applied, and lapsed by now: its lead is still made (an approval's effect is never lost), then it expires
    const lapsed = reg({ External_Id__c: 'orbit|c', Company__c: 'Umbrella', Status__c: 'Approved', Protection_Until__c: '2026-11-30' });
    // an override of an existing deal approved in the component: the deal gets the influence, no second opportunity
    const globex = String(org.store.insert('Account', { Name: 'Globex', Website: 'globex.de' }).id);
    const deal = String(org.store.insert('Opportunity', { Name: 'Globex renewal', AccountId: globex, StageName: 'Prospecting', CloseDate: '2027-01-31' }).id);
    reg({ External_Id__c: 'orbit|d', Company__c: 'Globex', Account__c: globex, Conflict__c: 'Existing deal', Status__c: 'Approved', Protection_Until__c: '2027-03-01' });
    const settled = await sync(new Date('2026-12-03T10:00:00Z'));
    expect(settled.failed).toBe(0);
    expect(settled.warnings.join('\n')).toMatch(/4 approval\(s\) applied.*1 expired/s);
    const rows = q("SELECT External_Id__c, Status__c, Opportunity__c, Lead__c FROM Partner_Registration__c ORDER BY External_Id__c");
    expect(rows[0]).toMatchObject({ Status__c: 'Approved', Opportunity__c: expect.stringMatching(/^006/) });
    expect(rows[1]).toMatchObject({ Status__c: 'Approved', Lead__c: expect.stringMatching(/^00Q/) });
    expect(q(`SELECT Status__c FROM Partner_Registration__c WHERE Id = '${lapsed}'`)[0]).toMatchObject({ Status__c: 'Expired' });
    expect(q(`SELECT Role__c, Partner__c FROM Partner_Influence__c WHERE Opportunity__c = '${String(rows[0]?.Opportunity__c)}'`)).toEqual([expect.objectContaining({ Role__c: 'Sourced', Partner__c: partner })]);
    expect(q("SELECT Id FROM Lead WHERE Partner_Referral_Id__c = 'reg|orbit|b'")).toHaveLength(1);
    expect(q(`SELECT Id FROM Opportunity WHERE AccountId = '${globex}'`)).toEqual([expect.objectContaining({ Id: deal })]);
    expect(q(`SELECT Role__c FROM Partner_Influence__c WHERE Opportunity__c = '${deal}'`)).toEqual([expect.objectContaining({ Role__c: 'Sourced' })]);
    expect(q("SELECT Opportunity__c FROM Partner_Registration__c WHERE External_Id__c = 'orbit|d'")[0]).toMatchObject({ Opportunity__c: deal });
  });

  it('a run with nothing due makes no registration call and changes nothing', async () => {
    const first = await sync(new Date('2026-12-03T10:05:00Z'));
    const second = await sync(new Date('2026-12-03T10:06:00Z'));
    expect(second.warnings.join('\n')).not.toMatch(/Deal registrations/);
    expect(second.calls).toBeLessThanOrEqual(first.calls);
    expect(q('SELECT Id FROM Opportunity')).toHaveLength(2);
    expect(q('SELECT Id FROM Lead')).toHaveLength(2);
  });

  it('follows the deal: a converted lead links its opportunity with the influence, a won deal is Converted, never Expired', async () => {
    const partner = String(q("SELECT Id FROM Partner__c WHERE External_Id__c = 'orbit'")[0]?.Id);
    const regOf = (key: string): Record<string, unknown> => q(`SELECT Status__c, Lead__c, Opportunity__c FROM Partner_Registration__c WHERE External_Id__c = '${key}'`)[0] ?? {};
    // orbit|b's lead is converted by a rep; the store lets a test write what convertLead leaves (IsConverted is read-only)
    const hooli = String(org.store.insert('Account', { Name: 'Hooli' }).id);
    const converted = String(org.store.insert('Opportunity', { Name: 'Hooli - platform', AccountId: hooli, StageName: 'Prospecting', CloseDate: '2027-02-01' }).id);
    const lead = String(org.store.insert('Lead', { LastName: 'Belson', Company: 'Hooli', IsConverted: true, ConvertedOpportunityId: converted, ConvertedAccountId: hooli }, { allowReadOnly: true }).id);
    const b = String(q("SELECT Id FROM Partner_Registration__c WHERE External_Id__c = 'orbit|b'")[0]?.Id);
    org.store.update('Partner_Registration__c', b, { Lead__c: lead });
    // orbit|a's registered opportunity is won, after its protection lapsed: Converted wins over Expired
    const won = String(regOf('orbit|a').Opportunity__c);
    org.store.update('Opportunity', won, { StageName: 'Closed Won' });
    const first = await sync(new Date('2027-03-05T10:00:00Z'));
    expect(first.failed).toBe(0);
    expect(first.warnings.join('\n')).toMatch(/1 approval\(s\) applied.*1 converted \(deal won\).*2 expired/s);
    expect(q(`SELECT Role__c, Partner__c, Origin__c FROM Partner_Influence__c WHERE Opportunity__c = '${converted}'`)).toEqual([
      expect.objectContaining({ Role__c: 'Sourced', Partner__c: partner, Origin__c: 'Sync' }),
    ]);
    expect(regOf('orbit|a')).toMatchObject({ Status__c: 'Converted' });
    // orbit|b follows its converted opportunity; its protection lapsed (2027-03-01) on an open deal: it expires (as orbit|d)
    expect(regOf('orbit|b')).toMatchObject({ Status__c: 'Expired', Lead__c: lead, Opportunity__c: converted });
    // once settled, nothing is due and a run makes no registration call
    const idle = await sync(new Date('2027-03-05T10:10:00Z'));
    expect(idle.warnings.join('\n')).not.toMatch(/Deal registrations/);
    expect(q(`SELECT Id FROM Partner_Influence__c WHERE Opportunity__c = '${converted}'`)).toHaveLength(1);
  });
});
