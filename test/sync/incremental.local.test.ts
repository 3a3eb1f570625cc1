import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { BudgetGuard } from '../../src/org/budget';
import { runSync } from '../../src/sync/engine';
import type { SyncResult } from '../../src/sync/types';
import { loadPartnerFiles } from '../../src/sync/fromConfig';
import { CheckpointStore } from '../../src/sync/state';
import { filterReads } from '../../src/config/populationFilter';
import { localConfigSchema } from '../../src/config/localConfig';
import { STATE_VERSION } from '../../src/sync/types';

// Integration: what the incremental read re-checks, against the local org over real HTTP. The sync's own
// writes touch records (influence rows bump their opportunities' roll-ups, lead overlap counts bump leads):
// a re-sync must see they did not move, and still see every change that does move a record.
jest.setTimeout(120_000);

interface World {
  org: LocalOrg;
  dir: string;
  accounts: string[];
  opps: string[];
}

/**
 * `settle`: wait a second after seeding, so no run's watermark (its start, truncated to the second) falls in the
 * second the records were created: accounts in no population are not in the state, so one re-read is re-checked.
 */
async function world(seed: (w: World, partnerRows: string[]) => void, settle = false): Promise<World> {
  const w: World = { org: await startLocalOrg(), dir: mkdtempSync(path.join(tmpdir(), 'plincr-')), accounts: [], opps: [] };
  w.org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
  const rows = ['id,company,website,population'];
  seed(w, rows);
  writeFileSync(path.join(w.dir, 'acme.csv'), rows.join('\n'));
  if (settle) await new Promise((resolve) => setTimeout(resolve, 1100));
  return w;
}

async function sync(w: World): Promise<SyncResult & { calls: number; changed: number }> {
  const client = new OrgClient(connectionFor(w.org.instanceUrl, w.org.accessToken), { budget: new BudgetGuard(80) });
  const config = { ...localConfigSchema.parse({ partnerFiles: [{ partner: 'acme', file: 'acme.csv' }] }), baseDir: w.dir };
  const before = w.org.apiUsage().used;
  // overlapSeconds 0: the re-sync reads every row the previous run wrote (all are at or after its start)
  const result = await runSync({ client, store: new CheckpointStore(path.join(w.dir, 'cp'), 'local'), runsDir: path.join(w.dir, 'runs'), loadPartners: () => loadPartnerFiles(config), overlapSeconds: 0 });
  const changed = /(\d+) of our records new or changed/.exec(readFileSync(result.runLog, 'utf8'))?.[1];
  return { ...result, calls: w.org.apiUsage().used - before, changed: Number(changed) };
}

const written = (r: SyncResult): number => r.counts.created + r.counts.updated + r.counts.deactivated;

function activeOverlap(w: World, account: string): boolean | undefined {
  const [row] = w.org.store.query(`SELECT Active__c FROM Partner_Overlap__c WHERE Account__c = '${account}'`).records;
  return row === undefined ? undefined : row.Active__c === true;
}

describe('incremental read after the sync’s own writes', () => {
  let w: World | undefined;
  afterEach(async () => w?.org.stop());

  it('a re-sync right after a full sync that put influence on 1,800 opportunities costs at most 5 calls and writes nothing', async () => {
    w = await world((x, rows) => {
      for (let i = 0; i < 1800; i++) {
        const id = x.org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' }).id as string;
        x.accounts.push(id);
        x.opps.push(x.org.store.insert('Opportunity', { Name: `Deal ${i}`, AccountId: id, StageName: 'Prospecting', CloseDate: '2026-12-31', Amount: 5000 }).id as string);
        rows.push(`A${i},Company ${i},company${i}.com,Customer`);
      }
      for (let i = 0; i < 300; i++) {
        x.org.store.insert('Lead', { LastName: `Lead ${i}`, Company: `Lead Co ${i}`, Email: `p${i}@leadco${i}.io`, Status: 'Open - Not Contacted' });
        if (i % 3 === 0) rows.push(`L${i},Lead Co ${i},leadco${i}.io,Prospect`);
      }
    });
    const first = await sync(w);
    expect(first).toMatchObject({ status: 'Succeeded', mode: 'Full' });
    expect(first.plan).toMatchObject({ overlapsCreate: 1900, influenceCreate: 1800, leadsUpdate: 100, primarySet: 1800 });
    expect(w.org.store.query("SELECT COUNT() FROM Opportunity WHERE Primary_Partner__r.External_Id__c = 'acme'").totalSize).toBe(1800);
    // the writes touched what the sync reads: every opportunity's roll-up and primary partner, every matched lead's count
    expect(w.org.store.query('SELECT COUNT() FROM Opportunity WHERE Partner_Influence_Count__c = 1').totalSize).toBe(1800);
    expect(w.org.store.query('SELECT COUNT() FROM Lead WHERE Partner_Overlap_Count__c = 1').totalSize).toBe(100);

    const second = await sync(w);
    expect(second).toMatchObject({ status: 'Succeeded', mode: 'Incremental' });
    expect(written(second)).toBe(0);
    expect(second.calls).toBeLessThanOrEqual(5);
    // none of the touched records was re-checked against the populations
    expect(second.changed).toBe(0);
  });
});

describe('incremental read: changes that move an account are still picked up', () => {
  let w: World | undefined;
  afterEach(async () => w?.org.stop());

  // Type null: the accounts are in our Open Opportunity population only, through the semi-join reading Amount
  const seed = (x: World, rows: string[]): void => {
    x.org.store.insert('Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default', Open_Opportunity_Filter__c: 'Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false AND Amount > 1000)' });
    for (let i = 0; i < 24; i++) {
      const id = x.org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com` }).id as string;
      x.accounts.push(id);
      // accounts 0..19 have a deal over 1000, account 20 one of 500, accounts 21..23 none
      if (i <= 20) x.opps.push(x.org.store.insert('Opportunity', { Name: `Deal ${i}`, AccountId: id, StageName: 'Prospecting', CloseDate: '2026-12-31', Amount: i === 20 ? 500 : 5000 }).id as string);
      rows.push(`A${i},Company ${i},company${i}.com,Customer`);
    }
  };
  const at = (x: World, i: number): string => x.accounts[i] as string;
  const opp = (x: World, i: number): string => x.opps[i] as string;

  it('closing a deal, moving it to another account and changing Amount re-check exactly those accounts', async () => {
    w = await world(seed, true);
    const first = await sync(w);
    // account 20 (a deal of 500) is in no population: no overlap, no influence
    expect(first.plan).toMatchObject({ overlapsCreate: 20, influenceCreate: 20 });
    expect(await sync(w)).toMatchObject({ mode: 'Incremental', changed: 0, counts: { created: 0, updated: 0, deactivated: 0 } });

    const { store } = w.org;
    store.update('Opportunity', opp(w, 0), { StageName: 'Closed Lost' }); // account 0 leaves
    store.update('Opportunity', opp(w, 1), { AccountId: at(w, 21) }); // account 1 leaves, account 21 joins
    store.update('Opportunity', opp(w, 2), { Amount: 800 }); // account 2 leaves (Amount is read by the filter)
    store.update('Opportunity', opp(w, 20), { Amount: 2000 }); // account 20 joins
    store.update('Opportunity', opp(w, 3), { Description: 'a field no filter reads' }); // account 3 does not move
    store.update('Account', at(w, 22), { Type: 'Customer' }); // account 22 joins the Customer population
    store.update('Account', at(w, 4), { Description: 'a field no filter reads' }); // account 4 does not move
    const third = await sync(w);
    expect(third).toMatchObject({ status: 'Succeeded', mode: 'Incremental', plan: { overlapsCreate: 3, overlapsUpdate: 0, overlapsDeactivate: 3 } });
    // deal 20 now sits on an account in the population: it gets its influence row (deal 1 keeps the one it has)
    expect(third.plan.influenceCreate).toBe(1);
    expect([0, 1, 2].map((i) => activeOverlap(w as World, at(w as World, i)))).toEqual([false, false, false]);
    expect([21, 20, 22, 3, 4].map((i) => activeOverlap(w as World, at(w as World, i)))).toEqual([true, true, true, true, true]);
    // re-checked: 0, 1 and 21, 2, 20, 22; not 3 nor 4
    expect(third.changed).toBe(6);
    expect(w.org.store.query(`SELECT Our_Population__c FROM Partner_Overlap__c WHERE Account__c = '${at(w, 22)}'`).records[0]).toMatchObject({ Our_Population__c: 'Customer' });

    // and back: re-opening the deal brings account 0 in again
    store.update('Opportunity', opp(w, 0), { StageName: 'Prospecting' });
    expect(await sync(w)).toMatchObject({ mode: 'Incremental', changed: 1, counts: { updated: 1, deactivated: 0 } });
    expect(activeOverlap(w, at(w, 0))).toBe(true);
  });

  it('an admin changing a population filter makes the next run a full read that applies it', async () => {
    w = await world(seed, true);
    await sync(w);
    w.org.store.update('Opportunity', opp(w, 5), { Amount: 3000 });
    expect(await sync(w)).toMatchObject({ mode: 'Incremental', changed: 1, counts: { created: 0, updated: 0, deactivated: 0 } });
    // no record changes; only the filter does: account 5 (3000) no longer qualifies
    const settings = String(w.org.store.query('SELECT Id FROM Partner_Sync_Setting__c').records[0]?.Id);
    w.org.store.update('Partner_Sync_Setting__c', settings, { Open_Opportunity_Filter__c: 'Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false AND Amount > 4000)' });
    const next = await sync(w);
    expect(next).toMatchObject({ status: 'Succeeded', mode: 'Full', counts: { created: 0, updated: 0, deactivated: 1 } });
    expect(activeOverlap(w, at(w, 5))).toBe(false);
    expect(await sync(w)).toMatchObject({ mode: 'Incremental', changed: 0 });
  });

  type Saved = { version: number; filters?: string; opps: Record<string, { account: string }>; accounts: Record<string, { watched?: string }>; influenceRows?: unknown; primary?: unknown };
  it.each([
    // the shape version 1 wrote: opportunity id -> AccountId, no watched values on accounts, no filters
    ['1', (v: Saved): unknown => ({ ...v, version: 1, filters: undefined, influenceRows: undefined, primary: undefined, opps: Object.fromEntries(Object.entries(v.opps).map(([id, o]) => [id, o.account])), accounts: Object.fromEntries(Object.entries(v.accounts).map(([id, a]) => [id, { ...a, watched: undefined }])) })],
    // version 2: no influence rows, no Primary_Partner__c values
    ['2', (v: Saved): unknown => ({ ...v, version: 2, influenceRows: undefined, primary: undefined })],
  ])('a version %s checkpoint loads as a full read that rewrites nothing, and incremental runs follow', async (_version, older) => {
    w = await world(seed, true);
    await sync(w);
    const [cp] = readdirSync(path.join(w.dir, 'cp'));
    const file = path.join(w.dir, 'cp', cp as string, 'state.json');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    expect(saved.version).toBe(STATE_VERSION);
    writeFileSync(file, JSON.stringify(older(saved)));
    const migrated = await sync(w);
    expect(migrated).toMatchObject({ status: 'Succeeded', mode: 'Full', counts: { created: 0, updated: 0, deactivated: 0, failed: 0 } });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: STATE_VERSION });
    w.org.store.update('Opportunity', opp(w, 0), { StageName: 'Closed Lost' });
    const next = await sync(w);
    expect(next).toMatchObject({ mode: 'Incremental', changed: 1, counts: { deactivated: 1 } });
    expect(next.calls).toBeLessThanOrEqual(5);
  });
});

describe('filterReads', () => {
  it.each([
    ['Account', "Type = 'Customer'", { own: ['Type'], opportunity: [], followable: true }],
    ['Account', 'Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false AND Amount > 1000)', { own: ['Id'], opportunity: ['IsClosed', 'Amount'], followable: true }],
    ['Account', "Id NOT IN (SELECT AccountId FROM Opportunity WHERE CALENDAR_YEAR(CloseDate) = 2024 AND Owner.IsActive = true AND (NOT StageName = 'X'))", { own: ['Id'], opportunity: ['CloseDate', 'Owner.IsActive', 'StageName'], followable: true }],
    ['Account', "Parent.Type = 'X' OR type = 'Y' OR Type = 'Z' OR CALENDAR_YEAR(CreatedDate) = 2024", { own: ['Parent.Type', 'type', 'CreatedDate'], opportunity: [], followable: true }],
    // records the incremental read cannot map back: any change to an account re-checks it
    ['Account', 'Id IN (SELECT AccountId FROM Contact)', { own: ['Id'], opportunity: [], followable: false }],
    ['Account', 'ParentId IN (SELECT AccountId FROM Opportunity)', { own: ['ParentId'], opportunity: [], followable: false }],
  ])('%s WHERE %s', (object, where, expected) => {
    expect(filterReads(object, where)).toEqual(expected);
  });
});
