/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read back from /healthz and the log lines */
// `partnerlens serve` end to end: the compiled CLI (run `npm run build` first) spawned against a local org this
// test serves; every outcome is read back from the org by query, from /healthz and /metrics, or from the logs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../src/localorg/index';
import { until } from '../until';

jest.setTimeout(120_000);
const bin = path.resolve(__dirname, '../../bin/run.js');

interface World {
  org: LocalOrg;
  dir: string;
}

const worlds: World[] = [];
afterAll(async () => {
  for (const w of worlds) {
    await w.org.stop();
    rmSync(w.dir, { recursive: true, force: true });
  }
});

/** A local org with `accounts` customers, partner Acme, and a config naming Acme's file (the first `matched` of them). */
async function world(accounts: number, matched: number, orgOptions: LocalOrgOptions = {}): Promise<World> {
  const org = await startLocalOrg(orgOptions);
  const dir = mkdtempSync(path.join(tmpdir(), 'pl-serve-'));
  mkdirSync(path.join(dir, '.partnerlens'));
  writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, orgId: org.orgId, username: org.username }));
  org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
  for (let i = 0; i < accounts; i++) org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
  writePartnerFile(dir, matched);
  writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    file: partners/acme.csv\n');
  const w = { org, dir };
  worlds.push(w);
  return w;
}

function writePartnerFile(dir: string, matched: number): void {
  mkdirSync(path.join(dir, 'partners'), { recursive: true });
  const rows = ['id,company,website,population'];
  for (let i = 0; i < matched; i++) rows.push(`A${i},Company ${i},company${i}.com,Customer`);
  writeFileSync(path.join(dir, 'partners', 'acme.csv'), `${rows.join('\n')}\n`);
}

interface Running {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function partnerlens(w: World, ...args: string[]): Running {
  const child = spawn(process.execPath, [bin, ...args], { cwd: w.dir, env: { ...process.env, CI: 'true' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, out: () => stdout, err: () => stderr, done };
}


const count = (w: World, soql: string): number => w.org.store.query(soql).totalSize;
const serviceState = (w: World): Record<string, unknown> =>
  w.org.store.query('SELECT Service_Status__c, Service_Interval__c, Service_Updated_At__c, Service_Next_Check__c, Service_Message__c FROM Partner_Sync_Setting__c').records[0]!;
const urlOf = (out: string): string | undefined => /health (http:\/\/127\.0\.0\.1:\d+)\/healthz/.exec(out)?.[1];
const getJson = async (url: string): Promise<{ status: number; body: Record<string, any> }> => {
  const r = await fetch(url);
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};
const metric = (text: string, sample: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  if (line === undefined) throw new Error(`no sample ${sample} in\n${text}`);
  return Number(line.slice(sample.length + 1));
};
const jsonLines = (text: string): Record<string, any>[] => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);

describe('partnerlens serve (e2e)', () => {
  it('an idle hour on the simulated clock: 60 cycles of 60 s, at most 3 API calls each as the org counts them; JSON lines on stdout with --log-format json', async () => {
    const w = await world(20, 10);
    // the first run writes; the one after it re-reads what that run touched: serve starts on a settled org
    for (let i = 0; i < 2; i++) expect((await partnerlens(w, 'sync').done).code).toBe(0);
    const runsBefore = count(w, 'SELECT Id FROM Partner_Sync_Run__c');
    const before = w.org.apiUsage().used;
    const serve = partnerlens(w, 'serve', '--simulated-clock', '--interval', '60', '--cycles', '60', '--port', '0', '--log-format', 'json');
    const end = await serve.done;
    expect(end.code).toBe(0);
    const used = w.org.apiUsage().used - before;
    const lines = jsonLines(end.stdout);
    const syncs = lines.filter((l) => l.event === 'sync');
    expect(syncs).toHaveLength(60);
    expect(syncs.every((l) => l.status === 'Succeeded' && l.mode === 'Incremental' && l.created === 0 && l.updated === 0)).toBe(true);
    // simulated time: the 60th cycle starts 59 intervals after the first
    expect(Date.parse(syncs[59]!.startedAt) - Date.parse(syncs[0]!.startedAt)).toBe(59 * 60_000);
    // one call before the first cycle reads the budget; then at most 3 a cycle
    expect(lines.find((l) => l.event === 'budget')).toMatchObject({ calls: 1, limit: 100_000, percent: 80 });
    const perCycle = syncs.map((l) => l.apiCalls as number);
    expect(Math.max(...perCycle)).toBeLessThanOrEqual(3);
    expect(used - 1).toBeLessThanOrEqual(3 * 60);
    // the service counts the calls the org counted, and each run recorded itself in the org
    expect(lines.find((l) => l.event === 'stopped')).toMatchObject({ cycles: 60, apiCalls: used });
    expect(count(w, 'SELECT Id FROM Partner_Sync_Run__c') - runsBefore).toBe(60);
    process.stdout.write(`serve idle hour: ${used - 1} API calls in 60 cycles (${((used - 1) / 60).toFixed(2)} a cycle) + 1 budget read at start\n`);
  });

  it('serves /healthz and /metrics on 127.0.0.1; a changed partner file syncs at once; SIGTERM exits 0; JSON log lines without the token', async () => {
    const w = await world(5, 2);
    const serve = partnerlens(w, 'serve', '--interval', '3600', '--port', '0');
    const url = await until('the health URL', () => urlOf(serve.out()));
    const first = await until('the first sync', async () => {
      const h = await getJson(`${url}/healthz`);
      return h.body.lastRun !== undefined ? h : undefined;
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'ok', mode: 'polling', paused: false, cycles: 1, lastRun: { trigger: 'start', status: 'Succeeded', mode: 'Full', created: 2 } });
    expect(first.body.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(first.body.nextRunAt) - Date.parse(first.body.lastRun.finishedAt)).toBeGreaterThan(3_500_000);
    expect(count(w, 'SELECT Id FROM Partner_Overlap__c WHERE Active__c = true')).toBe(2);

    // the partner shares two more customers: the new file is synced without waiting for the hour
    writePartnerFile(w.dir, 4);
    await until('the file-triggered sync', () => count(w, 'SELECT Id FROM Partner_Overlap__c WHERE Active__c = true') === 4);
    const h = await until('the file run in /healthz', async () => {
      const r = await getJson(`${url}/healthz`);
      return r.body.lastRun?.trigger === 'file' ? r.body : undefined;
    });
    expect(h.lastRun).toMatchObject({ status: 'Succeeded', mode: 'Incremental', created: 2 });
    expect(serve.out()).toMatch(/changed: partners\/acme\.csv: syncing now/);

    const m = await fetch(`${url}/metrics`);
    expect(m.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await m.text();
    expect(text).toContain('# TYPE partnerlens_sync_runs_total counter');
    expect(metric(text, 'partnerlens_sync_runs_total{status="Succeeded"}')).toBe(2);
    expect(metric(text, 'partnerlens_sync_triggers_total{trigger="file"}')).toBe(1);
    expect(metric(text, 'partnerlens_records_written_total{action="created"}')).toBe(4);
    expect(metric(text, 'partnerlens_api_calls_total')).toBe(w.org.apiUsage().used);
    expect(metric(text, 'partnerlens_sync_failures_total')).toBe(0);
    expect(metric(text, 'partnerlens_paused')).toBe(0);
    expect(metric(text, 'partnerlens_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);

    serve.child.kill('SIGTERM');
    const end = await serve.done;
    expect(end.code).toBe(0);
    expect(end.stderr).toMatch(/SIGTERM: letting the running sync finish and checkpoint, then exiting/);
    expect(end.stdout).toMatch(/stopped after 2 cycle\(s\)/);
    // human lines on stdout, the same events as JSON lines in the log file, owner-only, never the token
    const logFile = path.join(w.dir, '.partnerlens', 'serve', 'serve.jsonl');
    expect(statSync(logFile).mode & 0o777).toBe(0o600);
    const log = readFileSync(logFile, 'utf8');
    expect(jsonLines(log).map((l) => l.event)).toEqual(['listening', 'budget', 'sync', 'file-changed', 'sync', 'stopped']);
    expect(jsonLines(log)[2]).toMatchObject({ level: 'info', trigger: 'start', status: 'Succeeded', apiCalls: expect.any(Number) });
    expect(log).not.toContain(w.org.accessToken);
    expect(end.stdout).not.toContain(w.org.accessToken);
    expect(end.stdout).not.toMatch(/^\{/m);
  });

  it('refuses a non-loopback --host without --allow-remote (exit 2, saying what to do)', async () => {
    const w = await world(1, 1);
    const end = await partnerlens(w, 'serve', '--host', '0.0.0.0', '--port', '0').done;
    expect(end.code).toBe(2);
    expect(end.stderr).toMatch(/--host 0\.0\.0\.0 is not a loopback address/);
    expect(end.stderr).toMatch(/--allow-remote/);
    expect(count(w, 'SELECT Id FROM Partner_Sync_Run__c')).toBe(0);
  });

  it('the budget guard pauses the service (logged, in /healthz and /metrics) and it resumes when the budget allows', async () => {
    // 100 requests a day, stop at 12%: the first syncs reach it within seconds
    const w = await world(5, 2, { dailyApiLimit: 100 });
    w.org.store.insert('Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default', API_Budget_Percent__c: 12 });
    const serve = partnerlens(w, 'serve', '--interval', '1', '--pause-check', '1', '--port', '0');
    const url = await until('the health URL', () => urlOf(serve.out()));
    const paused = await until('the pause', async () => {
      const r = await getJson(`${url}/healthz`);
      return r.body.paused !== false ? r : undefined;
    });
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    expect(paused.body.paused).toMatchObject({ reason: expect.stringMatching(/API budget reached: \d+ of 100 daily requests used \(stop at 12%\)/), limit: 100, percent: 12 });
    expect(serve.out()).toMatch(/WARN paused by the API budget guard: API budget reached.*raise API_Budget_Percent__c/);
    expect(metric(await (await fetch(`${url}/metrics`)).text(), 'partnerlens_paused')).toBe(1);
    // the admin component reads the pause from the settings record: status, why, and when the usage is checked again
    const pausedState = await until('the paused state in the org', () => {
      const row = serviceState(w);
      return row.Service_Status__c === 'Paused' ? row : undefined;
    });
    expect(pausedState).toMatchObject({ Service_Interval__c: 1, Service_Message__c: expect.stringMatching(/^API budget reached: \d+ of 100 daily requests used \(stop at 12%\)/) });
    expect(Date.parse(String(pausedState.Service_Next_Check__c))).toBeGreaterThan(Date.parse(String(pausedState.Service_Updated_At__c)));
    const usedWhilePaused = w.org.apiUsage().used;
    // paused: each check is one call (a query of the settings record), no sync
    await until('two budget checks', () => (serve.out().match(/still paused/g) ?? []).length >= 2);
    const checks = (serve.out().match(/still paused/g) ?? []).length;
    expect(w.org.apiUsage().used - usedWhilePaused).toBeLessThanOrEqual(checks + 1);

    w.org.store.update('Partner_Sync_Setting__c', String(w.org.store.query("SELECT Id FROM Partner_Sync_Setting__c").records[0]!.Id), { API_Budget_Percent__c: 100 });
    const resumed = await until('the resume', async () => {
      const r = await getJson(`${url}/healthz`);
      return r.body.paused === false && r.body.lastRun?.trigger === 'resume' ? r.body : undefined;
    });
    expect(resumed).toMatchObject({ status: 'ok', lastRun: { status: 'Succeeded' } });
    expect(serve.out()).toMatch(/resumed: \d+ of 100 daily requests used, below 100%/);
    expect(serviceState(w)).toMatchObject({ Service_Status__c: 'Running', Service_Next_Check__c: null, Service_Message__c: expect.stringMatching(/ pid \d+$/) });
    serve.child.kill('SIGINT');
    expect((await serve.done).code).toBe(0);
    expect(serviceState(w)).toMatchObject({ Service_Status__c: 'Stopped', Service_Interval__c: 1 });
  });

  it('a service started past the budget starts paused: no sync, one call per budget check', async () => {
    const w = await world(5, 2, { dailyApiLimit: 100 });
    w.org.store.insert('Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default', API_Budget_Percent__c: 1 });
    const end = await partnerlens(w, 'serve', '--simulated-clock', '--cycles', '3', '--port', '0').done;
    expect(end.code).toBe(0);
    expect(end.stdout).toMatch(/WARN paused by the API budget guard: API budget reached: 1 of 100 daily requests used \(stop at 1%\)/);
    expect((end.stdout.match(/still paused/g) ?? []).length).toBe(3);
    expect(count(w, 'SELECT Id FROM Partner_Sync_Run__c')).toBe(0);
    // one budget read, three checks, and the state written twice: Paused at start, Stopped at the end
    expect(w.org.apiUsage().used).toBe(6);
    expect(serviceState(w)).toMatchObject({ Service_Status__c: 'Stopped' });
  });

  describe('a signal while a sync writes', () => {
    const ACCOUNTS = 1000;
    const journalled = (w: World): boolean => {
      const dir = path.join(w.dir, '.partnerlens', 'checkpoints');
      return existsSync(dir) && readdirSync(dir).some((f) => existsSync(path.join(dir, f, 'journal.jsonl')) && readFileSync(path.join(dir, f, 'journal.jsonl'), 'utf8').trim() !== '');
    };

    it('SIGTERM lets the running sync finish and checkpoint, then exits 0 with --json; a sync after it writes nothing', async () => {
      const w = await world(ACCOUNTS, ACCOUNTS);
      // slow writes: the signal lands after the first batch of five was journalled
      w.org.faults.set({ rate: 1, kinds: ['latency'], latencyMs: 300, pathPattern: 'composite/sobjects' });
      const serve = partnerlens(w, 'serve', '--port', '0', '--json');
      await until('a journalled batch', () => journalled(w));
      serve.child.kill('SIGTERM');
      const end = await serve.done;
      expect(end.code).toBe(0);
      const result = JSON.parse(end.stdout) as { status: number; result: { cycles: number; lastRun: Record<string, unknown> } };
      expect(result.result).toMatchObject({ cycles: 1, lastRun: { status: 'Succeeded', created: ACCOUNTS } });
      expect(count(w, 'SELECT Id FROM Partner_Overlap__c WHERE Active__c = true')).toBe(ACCOUNTS);
      expect(w.org.store.query('SELECT Status__c, Records_Created__c FROM Partner_Sync_Run__c').records).toMatchObject([{ Status__c: 'Succeeded', Records_Created__c: ACCOUNTS }]);
      w.org.faults.clear();
      const again = await partnerlens(w, 'sync', '--json').done;
      expect(JSON.parse(again.stdout).result).toMatchObject({ mode: 'Incremental', counts: { created: 0, updated: 0 } });
    });

    it('a second signal exits at once (143); the next sync resumes the run and the org converges to the uninterrupted state', async () => {
      const w = await world(ACCOUNTS, ACCOUNTS);
      w.org.faults.set({ rate: 1, kinds: ['latency'], latencyMs: 300, pathPattern: 'composite/sobjects' });
      const serve = partnerlens(w, 'serve', '--port', '0');
      await until('a journalled batch', () => journalled(w));
      serve.child.kill('SIGTERM');
      await until('the first signal to be seen', () => /letting the running sync finish/.test(serve.err()));
      serve.child.kill('SIGTERM');
      const end = await serve.done;
      expect(end.code).toBe(143);
      expect(end.stderr).toMatch(/SIGTERM again: exiting now; the next `partnerlens serve` or `partnerlens sync` resumes/);
      expect(count(w, 'SELECT Id FROM Partner_Overlap__c')).toBeLessThan(ACCOUNTS);
      w.org.faults.clear();
      const resumed = await partnerlens(w, 'sync', '--json').done;
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout).result).toMatchObject({ mode: 'Resume', status: 'Succeeded', counts: { created: ACCOUNTS } });
      expect(count(w, 'SELECT Id FROM Partner_Overlap__c WHERE Active__c = true')).toBe(ACCOUNTS);
      expect(w.org.store.query('SELECT Status__c, Records_Created__c FROM Partner_Sync_Run__c').records).toMatchObject([{ Status__c: 'Succeeded', Records_Created__c: ACCOUNTS }]);
    });
  });
});
