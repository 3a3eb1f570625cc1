import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localConfigSchema } from '../../src/config/localConfig';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { fileFinish, fileRespond, fileStart } from '../../src/psi/fileTransport';
import { createPsiCompute, type PsiCompute } from '../../src/psi/pool';
import type { PsiMode, PsiRecord } from '../../src/psi/protocol';
import { runSync } from '../../src/sync/engine';
import type { SyncResult } from '../../src/sync/types';
import { loadExchanges, loadPartnerFiles, loadPrivateResults } from '../../src/sync/fromConfig';
import { defaultRetryPolicy } from '../../src/org/retry';
import { CheckpointStore } from '../../src/sync/state';
import { party } from '../psi/helpers';

// A partner whose Source__c is 'Private exchange' is synced from its latest completed exchange result.
jest.setTimeout(60_000);

let compute: PsiCompute;
beforeAll(() => {
  compute = createPsiCompute(0);
});
afterAll(() => compute.close());

interface World {
  org: LocalOrg;
  dir: string;
  /** Account id by company index. */
  accounts: Map<number, string>;
}

async function world(): Promise<World> {
  const org = await startLocalOrg();
  const dir = mkdtempSync(path.join(tmpdir(), 'plprivate-'));
  org.store.insert('Partner__c', { Name: 'Globex', External_Id__c: 'globex', Domain__c: 'globex.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records', Source__c: 'Private exchange' });
  const accounts = new Map<number, string>();
  for (let i = 0; i < 40; i++) {
    const id = org.store.insert('Account', { Name: `Company ${i}`, Website: `https://www.company${i}.com`, Type: i % 2 === 0 ? 'Customer' : 'Prospect' }).id as string;
    accounts.set(i, id);
    if (i % 4 === 0) org.store.insert('Opportunity', { Name: `Deal ${i}`, AccountId: id, StageName: 'Prospecting', CloseDate: '2026-12-31' });
  }
  return { org, dir, accounts };
}

/** Our side's records as the exchange reads them, and the partner's: it holds companies `shared` and 100 of its own. */
function records(shared: readonly number[]): { ours: PsiRecord[]; theirs: PsiRecord[] } {
  const ours = Array.from({ length: 40 }, (_, i): PsiRecord => ({ key: `company${i}.com`, population: i % 2 === 0 ? 'Customer' : 'Prospect' }));
  const theirs = [
    ...shared.map((i): PsiRecord => ({ key: `company${i}.com`, population: i % 3 === 0 ? 'Customer' : 'Lead', recordId: `G-${i}`, companyName: `Company ${i} GmbH` })),
    ...Array.from({ length: 100 }, (_, i): PsiRecord => ({ key: `globex-only-${i}.de`, population: 'Prospect', recordId: `G-only-${i}`, companyName: `Globex Only ${i}` })),
  ];
  return { ours, theirs };
}

/** One exchange by files: we start (our result in <dir>/psi), the partner answers from its own folder. */
async function exchange(w: World, mode: PsiMode, shared: readonly number[]): Promise<string> {
  const { ours, theirs } = records(shared);
  const stamp = `${mode}-${Date.now()}`;
  const m = (n: string) => path.join(w.dir, `${stamp}-${n}.json`);
  const files = { start: m('1'), response: m('2'), finish: m('3') };
  const opts = (d: string) => ({ dir: path.join(w.dir, d), compute, maxMessageBytes: 1e8 });
  const started = await fileStart(party('Globex', ours, { minSetSize: 10 }), mode, files.start, opts('psi'));
  await fileRespond(files.start, files.response, party('Us', theirs, { minSetSize: 10, sharingLevel: 'Overlapping records' }), opts('partner-side'));
  await fileFinish(files.response, files.finish, opts('psi'));
  await fileRespond(files.finish, m('4'), undefined, opts('partner-side'));
  if (mode === 'attributes') await fileFinish(m('4'), undefined, opts('psi'));
  return started.session;
}

const config = (w: World, extra: object = {}) => ({ ...localConfigSchema.parse({ privateResults: [{ partner: 'globex.com', file: 'psi/globex.result.json' }], ...extra }), baseDir: w.dir });

async function sync(w: World, options: { dryRun?: boolean; extra?: object } = {}): Promise<SyncResult> {
  const c = config(w, options.extra);
  return runSync({
    client: new OrgClient(connectionFor(w.org.instanceUrl, w.org.accessToken), { retry: defaultRetryPolicy({ baseMs: 1, maxMs: 5, attempts: 4 }) }),
    store: new CheckpointStore(path.join(w.dir, 'cp'), 'local'),
    runsDir: path.join(w.dir, 'runs'),
    loadPartners: async () => [...(await loadPartnerFiles(c)), ...loadPrivateResults(c)],
    loadExchanges: () => loadExchanges(c),
    overlapSeconds: 0,
    dryRun: options.dryRun,
  });
}

function overlaps(w: World, where = 'Active__c = true'): { account: string; method: string; partnerPopulation: string; partnerRecordId: string; name: string }[] {
  return w.org.store
    .query(`SELECT Account__c, Match_Method__c, Partner_Population__c, Partner_Record_Id__c, Partner_Company_Name__c FROM Partner_Overlap__c WHERE ${where} ORDER BY Partner_Record_Id__c`)
    .records.map((r) => ({ account: String(r.Account__c), method: String(r.Match_Method__c), partnerPopulation: String(r.Partner_Population__c), partnerRecordId: String(r.Partner_Record_Id__c), name: String(r.Partner_Company_Name__c) }));
}

describe('sync from a private exchange', () => {
  it('turns the latest list/attributes result into Private overlaps; vanished ones deactivate, disputed ones stay gone, counts results change nothing', async () => {
    const w = await world();
    try {
      const shared = [0, 3, 4, 8, 9, 12, 15, 20, 21, 33];
      const session = await exchange(w, 'attributes', shared);

      const dry = await sync(w, { dryRun: true });
      expect(dry.status).toBe('Dry run');
      expect(dry.partnerSources).toEqual([{ partner: 'Globex', source: 'Private exchange', from: expect.stringContaining(`exchange ${session}, attributes, finished `) as string, records: shared.length }]);
      expect(dry.plan.overlapsCreate).toBe(shared.length);
      expect(overlaps(w)).toEqual([]);

      const first = await sync(w);
      expect(first.status).toBe('Succeeded');
      const got = overlaps(w);
      expect(got.map((o) => o.account).sort()).toEqual(shared.map((i) => w.accounts.get(i)).sort());
      expect(new Set(got.map((o) => o.method))).toEqual(new Set(['Private']));
      // attributes mode at Overlapping records: the partner's own record id and company name
      expect(got.find((o) => o.account === w.accounts.get(3))).toMatchObject({ partnerPopulation: 'Customer', partnerRecordId: 'G-3', name: 'Company 3 GmbH' });
      expect(got.find((o) => o.account === w.accounts.get(4))).toMatchObject({ partnerPopulation: 'Lead' });
      // nothing about the partner's other companies reaches the org
      expect(w.org.store.query("SELECT COUNT() FROM Partner_Overlap__c WHERE Partner_Company_Name__c LIKE 'Globex Only%'").totalSize).toBe(0);
      // rule influence as for a file partner: open deals of accounts overlapping the partner's customers (0, 12)
      const rule = w.org.store.query("SELECT Opportunity__r.Name FROM Partner_Influence__c WHERE Origin__c = 'Rule' ORDER BY Opportunity__r.Name").records.map((r) => (r.Opportunity__r as { Name: string }).Name);
      expect(rule).toEqual(['Deal 0', 'Deal 12']);

      // a rep disputes company 9's overlap; the next exchange no longer has company 33
      const disputed = String(w.org.store.query(`SELECT Id FROM Partner_Overlap__c WHERE Account__c = '${w.accounts.get(9)}'`).records[0]?.Id);
      w.org.store.update('Partner_Overlap__c', disputed, { Disputed__c: true });
      await exchange(w, 'attributes', shared.filter((i) => i !== 33));
      const second = await sync(w);
      // company 33 vanished, and the disputed pair is excluded from the matches as for a file partner: both go inactive
      expect([second.warnings, second.counts.deactivated, second.plan.overlapsCreate, second.plan.exchangesCreate]).toEqual([[], 2, 0, 1]);
      const active = overlaps(w, 'Active__c = true AND Disputed__c = false').map((o) => o.account);
      expect(active.sort()).toEqual(shared.filter((i) => i !== 33 && i !== 9).map((i) => w.accounts.get(i)).sort());
      expect(overlaps(w, `Account__c = '${w.accounts.get(33)}'`).length).toBeGreaterThan(0);
      expect(w.org.store.query(`SELECT COUNT() FROM Partner_Overlap__c WHERE Account__c = '${w.accounts.get(9)}' AND Disputed__c = false`).totalSize).toBe(0);

      // a counts exchange afterwards names no company: the overlaps found before stay; it is recorded
      const countsSession = await exchange(w, 'counts', shared.slice(0, 3));
      const third = await sync(w);
      expect([third.counts.created, third.counts.deactivated, third.plan.exchangesCreate]).toEqual([1, 0, 1]);
      expect(third.partnerSources[0]?.from).toMatch(/, attributes, finished /);

      // every exchange is in the org once, with its sizes, level, times, who ran it and the counts per pair
      const rows = w.org.store.query('SELECT External_Id__c, Session_Id__c, Partner__r.Name, Role__c, Mode__c, Sharing_Level__c, Our_Set_Size__c, Partner_Set_Size__c, Overlapping_Keys__c, Started__c, Finished__c, Ran_By__c, Counts__c FROM Partner_Exchange__c ORDER BY Finished__c').records;
      expect(rows.map((r) => [r.Mode__c, r.Role__c, r.Our_Set_Size__c, r.Partner_Set_Size__c, r.Overlapping_Keys__c, (r.Partner__r as { Name: string }).Name])).toEqual([
        ['Attributes', 'Initiator', 40, 110, 10, 'Globex'],
        ['Attributes', 'Initiator', 40, 109, 9, 'Globex'],
        ['Counts', 'Initiator', 40, 103, null, 'Globex'],
      ]);
      const counted = rows[2];
      expect(counted).toMatchObject({ External_Id__c: `${countsSession}:initiator`, Session_Id__c: countsSession, Sharing_Level__c: 'Overlapping records', Ran_By__c: expect.any(String) as string });
      // companies 0, 3, 4: ours Customer, Prospect, Customer; theirs Customer, Customer, Lead
      expect(JSON.parse(String(counted?.Counts__c))).toEqual([
        { ourPopulation: 'Customer', partnerPopulation: 'Customer', count: 1 },
        { ourPopulation: 'Customer', partnerPopulation: 'Lead', count: 1 },
        { ourPopulation: 'Prospect', partnerPopulation: 'Customer', count: 1 },
      ]);
      expect(Date.parse(String(counted?.Finished__c))).toBeGreaterThanOrEqual(Date.parse(String(counted?.Started__c)));
      // a re-run records nothing again
      const fourth = await sync(w);
      expect([fourth.plan.exchangesCreate, fourth.counts.created, fourth.counts.updated]).toEqual([0, 0, 0]);
      expect(w.org.store.query('SELECT COUNT() FROM Partner_Exchange__c').totalSize).toBe(3);
    } finally {
      await w.org.stop();
    }
  });

  it("skips data that does not match the partner's Source__c, saying so, and a partner with no exchange yet", async () => {
    const w = await world();
    try {
      writeFileSync(path.join(w.dir, 'globex.csv'), 'id,company,website,population\nG1,Company 1,company1.com,Customer\n');
      const result = await sync(w, { extra: { partnerFiles: [{ partner: 'globex.com', file: 'globex.csv' }] } });
      expect(result.warnings).toContain("Globex's Source__c is Private exchange, so its partner file globex.csv was skipped. Change Source__c or the config.");
      expect(result.partnerSources).toEqual([]);
      expect(overlaps(w)).toEqual([]);
    } finally {
      await w.org.stop();
    }
  });
});
