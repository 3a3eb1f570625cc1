/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read back from /healthz */
// `partnerlens serve` claims of docs/serve.md that test/cli/serve.e2e.test.ts does not check: /healthz answers 503
// while the last run failed and 200 again after a good one; the flags' defaults; --allow-remote; a changed referral
// file syncs at once; --no-watch ignores a changed file. The compiled CLI
// (run `npm run build` first) against a local org this test serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { until } from '../until';

jest.setTimeout(120_000);
const bin = path.resolve(__dirname, '../../bin/run.js');
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

async function world(): Promise<{ org: LocalOrg; dir: string }> {
  const org = await startLocalOrg();
  const dir = mkdtempSync(path.join(tmpdir(), 'pl-serve2-'));
  cleanup.push(() => org.stop(), () => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, '.partnerlens'));
  writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
  org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active' });
  for (let i = 0; i < 3; i++) org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
  mkdirSync(path.join(dir, 'partners'));
  writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    file: partners/acme.csv\n');
  return { org, dir };
}

const goodFile = (n: number): string => ['id,company,website,population', ...Array.from({ length: n }, (_, i) => `A${i},Company ${i},company${i}.com,Customer`)].join('\n') + '\n';

function serve(dir: string, ...args: string[]): { child: ChildProcess; out: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { cwd: dir, env: { ...process.env, CI: 'true' } });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.resume();
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  cleanup.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, out: () => stdout, done };
}


const health = async (url: string): Promise<{ status: number; body: Record<string, any> }> => {
  const r = await fetch(`${url}/healthz`);
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};
const urlOf = (out: string): string | undefined => /health (http:\/\/127\.0\.0\.1:\d+)\/healthz/.exec(out)?.[1];

describe('partnerlens serve: health of a failing run, --no-watch (e2e)', () => {
  it('/healthz is 503 "failing" while the last run failed (the error in lastRun) and 200 "ok" after the next good run', async () => {
    const w = await world();
    writeFileSync(path.join(w.dir, 'partners', 'acme.csv'), 'company,population\nCompany 1,Customer\n');
    const s = serve(w.dir, '--interval', '3600');
    const url = await until('the health URL', () => urlOf(s.out()));
    const failing = await until('the failed run', async () => {
      const h = await health(url);
      return h.body.lastRun !== undefined ? h : undefined;
    });
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({ status: 'failing', lastRun: { trigger: 'start', status: 'Failed', error: { message: expect.stringMatching(/acme\.csv/) } } });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^partnerlens_sync_failures_total 1$/m);

    // the partner sends a usable file: the watched file syncs at once and the service is healthy again
    writeFileSync(path.join(w.dir, 'partners', 'acme.csv'), goodFile(2));
    const ok = await until('the good run', async () => {
      const h = await health(url);
      return h.body.lastRun?.trigger === 'file' ? h : undefined;
    });
    expect(ok).toMatchObject({ status: 200, body: { status: 'ok', lastRun: { status: 'Succeeded', created: 2 } } });
    s.child.kill('SIGTERM');
    expect(await s.done).toBe(0);
  });

  it('--help names the defaults: a sync every 60 s, health on 127.0.0.1:6110, budget checks every 300 s, the log in .partnerlens/serve/serve.jsonl', async () => {
    const w = await world();
    const s = serve(w.dir, '--help');
    expect(await s.done).toBe(0);
    const help = s.out().replace(/\s+/g, ' ');
    expect(help).toMatch(/--interval=<value> .*?\[default: 60\]/);
    expect(help).toMatch(/--port=<value> .*?\[default: 6110\]/);
    expect(help).toMatch(/--host=<value> .*?\[default: 127\.0\.0\.1\]/);
    expect(help).toMatch(/--pause-check=<value> .*?\[default: 300\]/);
    expect(help).toMatch(/--log-file=<value> .*?\[default: \.partnerlens\/serve\/serve\.jsonl\]/);
  });

  it('--allow-remote: a non-loopback --host is served', async () => {
    const w = await world();
    writeFileSync(path.join(w.dir, 'partners', 'acme.csv'), goodFile(1));
    const s = serve(w.dir, '--host', '0.0.0.0', '--allow-remote', '--simulated-clock', '--cycles', '1');
    expect(await s.done).toBe(0);
    expect(s.out()).toMatch(/health http:\/\/0\.0\.0\.0:\d+\/healthz/);
  });

  it('a changed referral file of the config syncs at once: the referred lead is created', async () => {
    const w = await world();
    writeFileSync(path.join(w.dir, 'partners', 'acme.csv'), goodFile(1));
    const refs = 'company,email,first_name,last_name,referral_date\n';
    writeFileSync(path.join(w.dir, 'partners', 'refs.csv'), refs);
    writeFileSync(path.join(w.dir, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    file: partners/acme.csv\nreferralFiles:\n  - partner: acme\n    file: partners/refs.csv\n');
    const s = serve(w.dir, '--interval', '3600');
    const url = await until('the health URL', () => urlOf(s.out()));
    await until('the first run', async () => ((await health(url)).body.lastRun !== undefined ? true : undefined));
    writeFileSync(path.join(w.dir, 'partners', 'refs.csv'), `${refs}Initech,pete@initech.com,Pete,Gibbons,2026-11-20\n`);
    await until('the referred lead', () => (w.org.store.query("SELECT Id FROM Lead WHERE Email = 'pete@initech.com' AND Partner_Sourced__c = true").totalSize === 1 ? true : undefined));
    expect(s.out()).toMatch(/changed: partners\/refs\.csv: syncing now/);
    s.child.kill('SIGTERM');
    expect(await s.done).toBe(0);
  });

  it('--no-watch: a changed partner file waits for the interval', async () => {
    const w = await world();
    writeFileSync(path.join(w.dir, 'partners', 'acme.csv'), goodFile(1));
    const s = serve(w.dir, '--interval', '3600', '--no-watch');
    const url = await until('the health URL', () => urlOf(s.out()));
    await until('the first run', async () => ((await health(url)).body.lastRun !== undefined ? true : undefined));
    writeFileSync(path.join(w.dir, 'partners', 'acme.csv'), goodFile(3));
    // with watching on, the change syncs within a second (test/cli/serve.e2e.test.ts); give it three
    await new Promise((r) => setTimeout(r, 3000));
    expect((await health(url)).body).toMatchObject({ cycles: 1, lastRun: { trigger: 'start', created: 1 } });
    expect(w.org.store.query('SELECT Id FROM Partner_Overlap__c').totalSize).toBe(1);
    expect(s.out()).not.toMatch(/changed: /);
    s.child.kill('SIGTERM');
    expect(await s.done).toBe(0);
  });
});
