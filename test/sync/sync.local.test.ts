import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { BudgetGuard } from '../../src/org/budget';
import { runSync } from '../../src/sync/engine';
import type { SyncResult } from '../../src/sync/types';
import { loadPartnerFiles, loadReferralFiles } from '../../src/sync/fromConfig';
import { defaultRetryPolicy } from '../../src/org/retry';
import { CheckpointStore } from '../../src/sync/state';
import { localConfigSchema } from '../../src/config/localConfig';
import { exitCodeFor } from '../../src/common/exitCodes';
import { API_VERSION } from '../../src/schema/dataModel';

// Integration: the sync against the local org over real HTTP through jsforce, as against a real org.
jest.setTimeout(60_000);

interface World {
  org: LocalOrg;
  dir: string;
  accounts: string[];
}

async function world(dailyApiLimit?: number): Promise<World> {
  const org = await startLocalOrg({ dailyApiLimit });
  const dir = mkdtempSync(path.join(tmpdir(), 'plsync-'));
  const { store } = org;
  store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
  store.insert('Partner__c', { Name: 'Globex', External_Id__c: 'globex', Domain__c: 'globex.com', Status__c: 'Active', Sharing_Level__c: 'Counts only' });
  const accounts: string[] = [];
  const partnerA = ['id,company,website,population,owner'];
  const partnerB = ['id,company,website,population'];
  for (let i = 0; i < 60; i++) {
    const type = i % 3 === 0 ? 'Prospect' : 'Customer';
    const id = store.insert('Account', { Name: `Company ${i}`, Website: `https://www.company${i}.com`, Type: type }).id as string;
    accounts.push(id);
    if (i % 4 === 0) store.insert('Opportunity', { Name: `Deal ${i}`, AccountId: id, StageName: 'Prospecting', CloseDate: '2026-12-31' });
    if (i % 2 === 0) partnerA.push(`A${i},Company ${i} Inc,company${i}.com,Customer,Ann Owner`);
    if (i % 5 === 0) partnerB.push(`B${i},Company ${i},http://company${i}.com/about,Prospect`);
  }
  for (let i = 0; i < 10; i++) store.insert('Lead', { LastName: `Lead ${i}`, Company: `Lead Co ${i}`, Email: `person${i}@leadco${i}.io`, Status: 'Open - Not Contacted' });
  partnerA.push('L1,Lead Co 1,leadco1.io,Prospect,');
  writeFileSync(path.join(dir, 'acme.csv'), partnerA.join('\n'));
  writeFileSync(path.join(dir, 'globex.csv'), partnerB.join('\n'));
  return { org, dir, accounts };
}

async function sync(w: World, extra: { faults?: boolean; crashAfterBatch?: number; checkpoint?: string; referrals?: string } = {}): Promise<SyncResult> {
  const client = new OrgClient(connectionFor(w.org.instanceUrl, w.org.accessToken), { retry: defaultRetryPolicy({ baseMs: 1, maxMs: 5, attempts: 8 }), budget: new BudgetGuard(80) });
  const config = { ...localConfigSchema.parse({ partnerFiles: [{ partner: 'acme', file: 'acme.csv' }, { partner: 'globex.com', file: 'globex.csv' }] }), baseDir: w.dir };
  return runSync({
    client,
    store: new CheckpointStore(path.join(w.dir, extra.checkpoint ?? 'cp'), 'local'),
    runsDir: path.join(w.dir, 'runs'),
    loadPartners: () => loadPartnerFiles(config),
    loadReferrals: () => loadReferralFiles(extra.referrals === undefined ? [] : [{ partner: 'acme', file: extra.referrals }], w.dir),
    crashAfterBatch: extra.crashAfterBatch,
    // the integration test sees its own writes at once: no clock skew to allow for
    overlapSeconds: 0,
  });
}

/** The org's sync output, comparable across orgs (ids differ; external ids and values do not). */
function snapshot(org: LocalOrg): unknown {
  const overlaps = org.store.query('SELECT External_Id__c, Active__c, Match_Method__c, Our_Population__c, Partner_Population__c, Partner_Owner_Name__c, Account__r.Name, Lead__r.Name FROM Partner_Overlap__c ORDER BY External_Id__c').records;
  const influence = org.store.query('SELECT External_Id__c, Origin__c, Role__c, Opportunity__r.Name, Partner__r.Name FROM Partner_Influence__c ORDER BY External_Id__c').records;
  const leads = org.store.query('SELECT Name, Partner_Overlap_Count__c FROM Lead ORDER BY Name').records;
  const opportunities = org.store.query('SELECT Name, Primary_Partner__r.Name FROM Opportunity ORDER BY Name').records;
  const strip = (rows: Record<string, unknown>[]): unknown => rows.map((r) => JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === 'attributes' ? undefined : typeof v === 'string' ? v.replace(/\|[0-9A-Za-z]{18}\|/, '|<id>|') : v))));
  return { overlaps: strip(overlaps), influence: strip(influence), leads: strip(leads), opportunities: strip(opportunities) };
}

/** A REST call as the UI (or any API client) makes it: not through the sync, not through the org's store. */
async function rest(w: World, method: string, path: string, body?: unknown): Promise<{ id?: string }> {
  const response = await fetch(`${w.org.instanceUrl}/services/data/v${API_VERSION}${path}`, {
    method,
    headers: { Authorization: `Bearer ${w.org.accessToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? {} : ((await response.json()) as { id?: string });
}

/** The Name of a deal's primary partner, null when blank. */
function primaryOf(w: World, deal: string): string | null {
  const [row] = w.org.store.query(`SELECT Primary_Partner__r.Name FROM Opportunity WHERE Name = '${deal}'`).records;
  return (row?.Primary_Partner__r as { Name?: string } | null | undefined)?.Name ?? null;
}

describe('sync against the local org', () => {
  let w: World;
  afterEach(async () => w?.org.stop());

  it('creates overlaps, lead counts and influence; a re-run writes nothing in at most 5 calls; one change updates exactly that', async () => {
    w = await world();
    const dry = await runSync({ client: new OrgClient(connectionFor(w.org.instanceUrl, w.org.accessToken)), store: new CheckpointStore(path.join(w.dir, 'cp'), 'local'), runsDir: path.join(w.dir, 'runs'), loadPartners: () => loadPartnerFiles({ ...localConfigSchema.parse({ partnerFiles: [{ partner: 'acme', file: 'acme.csv' }] }), baseDir: w.dir }), dryRun: true });
    expect(dry).toMatchObject({ status: 'Dry run', plan: { overlapsCreate: 31, influenceCreate: 15, primarySet: 15, primaryClear: 0 } });
    expect(dry.sample).toHaveLength(5);
    expect(w.org.store.query('SELECT COUNT() FROM Partner_Overlap__c').totalSize + w.org.store.query('SELECT COUNT() FROM Partner_Sync_Run__c').totalSize).toBe(0);
    const first = await sync(w);
    expect(first.failures).toEqual([]);
    expect(first.status).toBe('Succeeded');
    // acme: 30 accounts (even i) + 1 lead; globex: 12 accounts (i % 5 == 0)
    const overlaps = w.org.store.query('SELECT COUNT() FROM Partner_Overlap__c WHERE Active__c = true').totalSize;
    expect(overlaps).toBe(30 + 1 + 12);
    expect(first.counts.created).toBeGreaterThanOrEqual(43);
    const acmeOwners = w.org.store.query("SELECT COUNT() FROM Partner_Overlap__c WHERE Partner__r.External_Id__c = 'acme' AND Partner_Owner_Name__c = 'Ann Owner'").totalSize;
    expect(acmeOwners).toBe(30);
    expect(w.org.store.query("SELECT COUNT() FROM Partner_Overlap__c WHERE Partner__r.External_Id__c = 'globex' AND Partner_Owner_Name__c != null").totalSize).toBe(0);
    // influence: opportunities on accounts i % 4 == 0 overlapping acme customers (all even i): 15
    expect(w.org.store.query("SELECT COUNT() FROM Partner_Influence__c WHERE Origin__c = 'Rule'").totalSize).toBe(15);
    expect(w.org.store.query('SELECT Partner_Overlap_Count__c FROM Lead WHERE Company = \'Lead Co 1\'').records[0]).toMatchObject({ Partner_Overlap_Count__c: 1 });
    expect(w.org.store.query('SELECT Status__c, Records_Created__c FROM Partner_Sync_Run__c').records).toEqual([expect.objectContaining({ Status__c: 'Succeeded' })]);
    // every overlap says why it matched, in Match_Reason__c (a field the local org reads from force-app)
    const reasons = w.org.store.query("SELECT Match_Method__c, Match_Reason__c, Account__r.Name FROM Partner_Overlap__c WHERE Partner__r.External_Id__c = 'acme' AND Account__c != null ORDER BY Account__r.Name").records;
    expect(reasons).toHaveLength(30);
    expect(reasons[0]).toMatchObject({ Match_Method__c: 'Domain', Match_Reason__c: 'website company0.com = company0.com' });
    const domainOf = (r: Record<string, unknown>): string => `${(r.Account__r as { Name: string }).Name.replace('Company ', 'company')}.com`;
    expect(reasons.map((r) => [r.Match_Method__c, r.Match_Reason__c])).toEqual(reasons.map((r) => ['Domain', `website ${domainOf(r)} = ${domainOf(r)}`]));

    const before = w.org.apiUsage().used;
    const second = await sync(w);
    expect(second.counts).toMatchObject({ created: 0, updated: 0, deactivated: 0, failed: 0 });
    expect(w.org.apiUsage().used - before).toBeLessThanOrEqual(5);
    expect(second.mode).toBe('Incremental');

    // account 1 (a customer no partner has) now shares acme's domain for company 2: exactly one new overlap
    w.org.store.update('Account', w.accounts[1] as string, { Website: 'company2.com' });
    const third = await sync(w);
    expect(third.counts).toMatchObject({ created: 1, updated: 0, deactivated: 0 });
    expect(w.org.store.query(`SELECT COUNT() FROM Partner_Overlap__c WHERE Account__c = '${w.accounts[1]}'`).totalSize).toBe(1);
  });

  // batches: overlaps, the lead count, influence, primary partners; a crash after the 1st or after the influence rows
  it.each([1, 3])('reaches the fault-free state with 10%% transient faults and after a crash after batch %i, without duplicates', async (crashAfterBatch) => {
    w = await world();
    await sync(w);
    const clean = snapshot(w.org);
    expect(clean).toMatchObject({ opportunities: expect.arrayContaining([{ Name: 'Deal 0', Primary_Partner__r: { Name: 'Acme Partners' } }]) });
    await w.org.stop();

    w = await world();
    w.org.faults.set({ rate: 0.1, seed: 7, kinds: ['http429', 'http503', 'lockRow'] });
    await expect(sync(w, { crashAfterBatch })).rejects.toThrow(/crash hook/);
    const resumed = await sync(w);
    expect(resumed.mode).toBe('Resume');
    w.org.faults.clear();
    expect(snapshot(w.org)).toEqual(clean);
    const dupes = w.org.store.query('SELECT External_Id__c FROM Partner_Overlap__c').records.length;
    expect(dupes).toBe(43);
    // the resumed run's checkpoint is the clean run's: a re-run writes nothing
    expect((await sync(w)).counts).toMatchObject({ created: 0, updated: 0, deactivated: 0, failed: 0 });
  });

  it('pauses cleanly at the API budget (exit 4), records the run, and a resumed run completes to the fault-free state', async () => {
    w = await world();
    await sync(w);
    const clean = snapshot(w.org);
    await w.org.stop();

    // 3 reads and 2 writes fit under 5% of 100 daily calls; the third write would not
    w = await world(100);
    w.org.store.insert('Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default', API_Budget_Percent__c: 5 });
    const paused = await sync(w);
    expect(paused.status).toBe('Paused');
    expect(exitCodeFor(paused)).toBe(4);
    expect(paused.warnings.at(-1)).toMatch(/API budget reached: \d+ of 100 daily requests used \(stop at 5%\)/);
    expect(readFileSync(paused.runLog, 'utf8')).toMatch(/paused: API budget reached: \d+ of 100 daily requests used/);
    expect(w.org.store.query("SELECT Status__c FROM Partner_Sync_Run__c WHERE Status__c = 'Paused'").totalSize).toBe(1);
    expect(snapshot(w.org)).not.toEqual(clean);

    // the admin raises the budget (the action the Paused message gives); the next run resumes
    w.org.store.update('Partner_Sync_Setting__c', String(w.org.store.query('SELECT Id FROM Partner_Sync_Setting__c').records[0]?.Id), { API_Budget_Percent__c: 80 });
    const resumed = await sync(w);
    expect(resumed.mode).toBe('Resume');
    expect(resumed.status).toBe('Succeeded');
    expect(snapshot(w.org)).toEqual(clean);
    expect(w.org.store.query('SELECT Status__c FROM Partner_Sync_Run__c').records.map((r) => r.Status__c)).toEqual(['Succeeded']);
  });

  it('a pause before any write (at the referral reads) records the run and leaves nothing to resume', async () => {
    w = await world(100);
    writeFileSync(path.join(w.dir, 'refs.csv'), 'company,email,last_name,referral_date\nInitech,pete@initech.com,Gibbons,2026-11-20\n');
    // the 3 population reads fit under 3% of 100 daily calls; the referral read would not
    w.org.store.insert('Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default', API_Budget_Percent__c: 3 });
    const paused = await sync(w, { referrals: 'refs.csv' });
    expect(paused).toMatchObject({ status: 'Paused', mode: 'Full', counts: { created: 0, updated: 0 } });
    expect(exitCodeFor(paused)).toBe(4);
    expect(w.org.store.query('SELECT COUNT() FROM Partner_Overlap__c').totalSize).toBe(0);
    expect(w.org.store.query("SELECT COUNT() FROM Partner_Sync_Run__c WHERE Status__c = 'Paused'").totalSize).toBe(1);
    w.org.store.update('Partner_Sync_Setting__c', String(w.org.store.query('SELECT Id FROM Partner_Sync_Setting__c').records[0]?.Id), { API_Budget_Percent__c: 80 });
    const next = await sync(w, { referrals: 'refs.csv' });
    expect(next).toMatchObject({ status: 'Succeeded', mode: 'Full', referrals: { created: 1 } });
    expect(w.org.store.query('SELECT COUNT() FROM Partner_Overlap__c').totalSize).toBe(43);
  });
});

describe('Opportunity.Primary_Partner__c', () => {
  let w: World;
  afterEach(async () => w?.org.stop());

  it('is set from rule influence, follows a Manual Sourced row added through REST, is cleared when the rows go, and leaves an admin value alone', async () => {
    w = await world();
    const { store } = w.org;
    const partner = (ext: string): string => String(store.query(`SELECT Id FROM Partner__c WHERE External_Id__c = '${ext}'`).records[0]?.Id);
    const deal = (name: string): string => String(store.query(`SELECT Id FROM Opportunity WHERE Name = '${name}'`).records[0]?.Id);
    // a deal without influence rows whose primary partner an admin set: the sync never touches it
    store.insert('Opportunity', { Name: 'Admin deal', AccountId: w.accounts[1], StageName: 'Prospecting', CloseDate: '2026-12-31', Primary_Partner__c: partner('globex') });

    const first = await sync(w);
    expect(first).toMatchObject({ status: 'Succeeded', plan: { influenceCreate: 15, primarySet: 15, primaryClear: 0 } });
    // the 15 deals (accounts i % 4 == 0) each have one Rule row, Acme's: Acme is primary on each
    expect(store.query("SELECT COUNT() FROM Opportunity WHERE Primary_Partner__r.External_Id__c = 'acme'").totalSize).toBe(15);
    expect(primaryOf(w, 'Admin deal')).toBe('Globex');
    // the run record counts them: 43 overlaps + 15 influence rows created; 1 lead count + 15 primary partners updated
    expect(store.query('SELECT Records_Created__c, Records_Updated__c FROM Partner_Sync_Run__c').records[0]).toMatchObject({ Records_Created__c: 58, Records_Updated__c: 16 });

    // a partner manager records Globex as the source of Deal 4 (as the UI does: a REST create, no Touch_Date__c)
    const manual = await rest(w, 'POST', '/sobjects/Partner_Influence__c', { Opportunity__c: deal('Deal 4'), Partner__c: partner('globex'), Role__c: 'Sourced', Origin__c: 'Manual' });
    let before = w.org.apiUsage().used;
    const second = await sync(w);
    expect(second).toMatchObject({ mode: 'Incremental', plan: { primarySet: 1, primaryClear: 0 }, counts: { created: 0, updated: 1, deactivated: 0 } });
    expect(w.org.apiUsage().used - before).toBeLessThanOrEqual(5);
    expect(primaryOf(w, 'Deal 4')).toBe('Globex');
    expect(primaryOf(w, 'Deal 8')).toBe('Acme Partners');

    // both rows of Deal 4 deleted (not seen by SystemModstamp; the roll-up count moves): the sync's value is cleared
    const rule = String(store.query(`SELECT Id FROM Partner_Influence__c WHERE Opportunity__c = '${deal('Deal 4')}' AND Origin__c = 'Rule'`).records[0]?.Id);
    await rest(w, 'DELETE', `/sobjects/Partner_Influence__c/${manual.id}`);
    await rest(w, 'DELETE', `/sobjects/Partner_Influence__c/${rule}`);
    before = w.org.apiUsage().used;
    const third = await sync(w);
    expect(third).toMatchObject({ mode: 'Incremental', plan: { primarySet: 0, primaryClear: 1, influenceCreate: 0 }, counts: { created: 0, updated: 1 } });
    expect(w.org.apiUsage().used - before).toBeLessThanOrEqual(5);
    expect(primaryOf(w, 'Deal 4')).toBeNull();
    expect(primaryOf(w, 'Admin deal')).toBe('Globex');

    // an admin sets Deal 4's primary partner by hand (no influence rows left): it stays; a re-run writes nothing
    await rest(w, 'PATCH', `/sobjects/Opportunity/${deal('Deal 4')}`, { Primary_Partner__c: partner('acme') });
    before = w.org.apiUsage().used;
    const fourth = await sync(w);
    expect(fourth).toMatchObject({ plan: { primarySet: 0, primaryClear: 0 }, counts: { created: 0, updated: 0, deactivated: 0, failed: 0 } });
    expect(w.org.apiUsage().used - before).toBeLessThanOrEqual(5);
    expect(primaryOf(w, 'Deal 4')).toBe('Acme Partners');

    // a full re-read agrees with the checkpoint: nothing to write (the value an admin set stays his)
    const full = await runSync({
      client: new OrgClient(connectionFor(w.org.instanceUrl, w.org.accessToken)),
      store: new CheckpointStore(path.join(w.dir, 'cp'), 'local'),
      runsDir: path.join(w.dir, 'runs'),
      loadPartners: () => loadPartnerFiles({ ...localConfigSchema.parse({ partnerFiles: [{ partner: 'acme', file: 'acme.csv' }, { partner: 'globex.com', file: 'globex.csv' }] }), baseDir: w.dir }),
      full: true,
      overlapSeconds: 0,
    });
    expect(full.plan).toMatchObject({ primarySet: 0, primaryClear: 0 });
  });
});

describe('deals converted from partner-sourced leads (Opportunity.Source_Partner__c)', () => {
  it('each gets one Sourced row (Origin Sync) and that partner as primary, on the full read and incrementally; a manual tag of the partner is left alone', async () => {
    const w = await world();
    try {
      const { store } = w.org;
      const acme = String(store.query("SELECT Id FROM Partner__c WHERE External_Id__c = 'acme'").records[0]!.Id);
      // what lead conversion leaves on the opportunity (LeadConvertSettings maps Lead.Source_Partner__c): a won deal and an open one
      const won = String(store.insert('Opportunity', { Name: 'Converted won', AccountId: w.accounts[1], StageName: 'Closed Won', CloseDate: '2026-06-30', Source_Partner__c: acme }).id);
      const open = String(store.insert('Opportunity', { Name: 'Converted open', AccountId: w.accounts[3], StageName: 'Prospecting', CloseDate: '2026-12-31', Source_Partner__c: acme }).id);
      const tagged = String(store.insert('Opportunity', { Name: 'Converted and tagged', AccountId: w.accounts[5], StageName: 'Prospecting', CloseDate: '2026-12-31', Source_Partner__c: acme }).id);
      store.insert('Partner_Influence__c', { Opportunity__c: tagged, Partner__c: acme, Role__c: 'Co-sell', Origin__c: 'Manual', Attribution_Percent__c: 40 });
      const sourcedRows = (): Record<string, unknown>[] =>
        store.query("SELECT Opportunity__c, Partner__c, Role__c, External_Id__c FROM Partner_Influence__c WHERE Origin__c = 'Sync' ORDER BY Opportunity__c").records as Record<string, unknown>[];
      const primaryOf = (id: string): unknown => store.query(`SELECT Primary_Partner__c FROM Opportunity WHERE Id = '${id}'`).records[0]!.Primary_Partner__c;

      expect((await sync(w)).status).toBe('Succeeded');
      expect(sourcedRows()).toEqual(
        [won, open].sort().map((opp) => expect.objectContaining({ Opportunity__c: opp, Partner__c: acme, Role__c: 'Sourced', External_Id__c: `sourced|${opp}|${acme}` })),
      );
      expect([primaryOf(won), primaryOf(open), primaryOf(tagged)]).toEqual([acme, acme, acme]);
      // the manual Co-sell tag stays the only row of its deal
      expect(store.query(`SELECT Role__c, Origin__c FROM Partner_Influence__c WHERE Opportunity__c = '${tagged}'`).records).toEqual([expect.objectContaining({ Role__c: 'Co-sell', Origin__c: 'Manual' })]);

      // a deal converted after the first run, written through the API: the incremental run gives it its row
      const later = (await rest(w, 'POST', '/sobjects/Opportunity', { Name: 'Converted later', AccountId: w.accounts[7], StageName: 'Prospecting', CloseDate: '2026-12-31', Source_Partner__c: acme })).id!;
      const second = await sync(w);
      expect(second.mode).toBe('Incremental');
      expect(sourcedRows().map((r) => r.Opportunity__c)).toEqual([won, open, later].sort());
      // and nothing twice
      const third = await sync(w);
      expect(third.plan.influenceCreate).toBe(0);
      expect(sourcedRows()).toHaveLength(3);
    } finally {
      await w.org.stop();
    }
  });
});
