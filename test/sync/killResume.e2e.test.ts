// kill -9 of a real `partnerlens sync` while it writes, then `partnerlens sync` again: the org ends with the run
// record an uninterrupted run of the same input leaves (status, totals, every error row), read back by query.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';

jest.setTimeout(120_000);
const bin = path.resolve(__dirname, '../../bin/run.js');
const ACCOUNTS = 1000;

interface World {
  org: LocalOrg;
  dir: string;
}

async function world(): Promise<World> {
  const org = await startLocalOrg();
  const dir = mkdtempSync(path.join(tmpdir(), 'pl-kill-'));
  mkdirSync(path.join(dir, '.partnerlens'));
  writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, orgId: org.orgId, username: org.username }));
  org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
  const rows = ['id,company,website,population'];
  for (let i = 0; i < ACCOUNTS; i++) {
    org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
    rows.push(`A${i},Company ${i},company${i}.com,Customer`);
  }
  // 5 rows the sync rejects while planning, and a referral whose Lead the org refuses while writing
  for (let i = 0; i < 5; i++) rows.push(`B${i},Bad ${i},,Customer`);
  writeFileSync(path.join(dir, 'acme.csv'), rows.join('\n'));
  writeFileSync(path.join(dir, 'refs.csv'), `referral_id,company,email,last_name,referral_date,website\nR1,Evil Inc,jo@evilinc.com,Jo,2026-11-02,evilinc.com/${'a'.repeat(300)}\nR2,Good Inc,al@goodinc.com,Al,2026-11-03,goodinc.com\n`);
  writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    file: acme.csv\nreferralFiles:\n  - partner: acme\n    file: refs.csv\n');
  return { org, dir };
}

function sync(w: World): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>; kill: () => void } {
  const child = spawn(process.execPath, [bin, 'sync', '--json'], { cwd: w.dir, env: { ...process.env, CI: 'true' } });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout })));
  return { done, kill: () => child.kill('SIGKILL') };
}

function runRecord(w: World): { run: Record<string, unknown>; errors: Record<string, unknown>[] } {
  const [run] = w.org.store.query('SELECT Status__c, Records_Read__c, Records_Matched__c, Records_Created__c, Records_Updated__c, Records_Failed__c FROM Partner_Sync_Run__c').records;
  const errors = w.org.store.query('SELECT External_Id__c, Object_Name__c, Record_Key__c, Error_Code__c, Message__c FROM Partner_Sync_Error__c ORDER BY Object_Name__c, Record_Key__c').records;
  const neutral = (v: unknown): unknown => (typeof v === 'string' ? v.replaceAll(w.dir, '<dir>').replace(/^run-[\w-]+:\d+$/, 'run') : v);
  const { attributes: _a, ...r } = run ?? {};
  return { run: r, errors: errors.map(({ attributes: _b, Id: _i, ...e }) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, neutral(v)]))) };
}

const worlds: World[] = [];
afterAll(async () => {
  for (const w of worlds) {
    await w.org.stop();
    rmSync(w.dir, { recursive: true, force: true });
  }
});

it('kill -9 during the writes, then sync again: the run record equals an uninterrupted run of the same input', async () => {
  const clean = await world();
  const crashed = await world();
  worlds.push(clean, crashed);

  const uninterrupted = await sync(clean).done;
  expect(uninterrupted.code).toBe(3);
  const expected = runRecord(clean);
  expect(expected.run).toMatchObject({ Status__c: 'Partial', Records_Created__c: ACCOUNTS + 1, Records_Failed__c: 6 });
  expect(expected.errors).toHaveLength(6);

  // slow the writes so the kill lands between batches, after at least one was journalled
  crashed.org.faults.set({ rate: 1, kinds: ['latency'], latencyMs: 300, pathPattern: 'composite/sobjects' });
  const checkpoints = path.join(crashed.dir, '.partnerlens', 'checkpoints');
  const journalled = (): boolean => existsSync(checkpoints) && readdirSync(checkpoints).some((f) => existsSync(path.join(checkpoints, f, 'journal.jsonl')) && readFileSync(path.join(checkpoints, f, 'journal.jsonl'), 'utf8').trim() !== '');
  const first = sync(crashed);
  const deadline = Date.now() + 60_000;
  while (!journalled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  first.kill();
  expect((await first.done).signal).toBe('SIGKILL');
  crashed.org.faults.clear();
  // killed mid-write: some overlaps written, no run record yet, the plan left to resume
  const written = crashed.org.store.query('SELECT COUNT() FROM Partner_Overlap__c').totalSize;
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThan(ACCOUNTS);
  expect(crashed.org.store.query('SELECT COUNT() FROM Partner_Sync_Run__c').totalSize).toBe(0);

  const resumed = await sync(crashed).done;
  expect(resumed.code).toBe(3);
  expect(JSON.parse(resumed.stdout)).toMatchObject({ name: 'Partial', data: { mode: 'Resume', status: 'Partial' } });
  expect(runRecord(crashed)).toEqual(expected);
  expect(crashed.org.store.query('SELECT COUNT() FROM Partner_Overlap__c').totalSize).toBe(clean.org.store.query('SELECT COUNT() FROM Partner_Overlap__c').totalSize);
});
