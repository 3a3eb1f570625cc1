/* eslint-disable @typescript-eslint/no-explicit-any -- JSON read back from /healthz and the log lines */
// `partnerlens serve --events` end to end: the compiled CLI (run `npm run build` first) against a local org this test
// serves, its Change Data Capture events over the org's CometD endpoint. The interval is an hour, so every sync after
// the first one is started by an event (or a replay gap), never by polling; outcomes are read back from the org by SOQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';
import { until as poll } from '../until';

jest.setTimeout(120_000);
const bin = path.resolve(__dirname, '../../bin/run.js');

let org: LocalOrg;
let dir: string;
/** Another integration writing to the org, as a user would: jsforce over REST. */
let other: Connection;
const accounts: string[] = [];

beforeAll(async () => {
  org = await startLocalOrg({ streaming: { connectTimeoutMs: 20_000 } });
  dir = mkdtempSync(path.join(tmpdir(), 'pl-serve-events-'));
  mkdirSync(path.join(dir, '.partnerlens'));
  writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, orgId: org.orgId, username: org.username }));
  org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
  for (let i = 0; i < 6; i++) accounts.push(org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' }).id!);
  mkdirSync(path.join(dir, 'partners'));
  writeFileSync(path.join(dir, 'partners', 'acme.csv'), `id,company,website,population\n${accounts.map((_a, i) => `A${i},Company ${i},company${i}.com,Customer`).join('\n')}\n`);
  writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    file: partners/acme.csv\n');
  other = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION });
});
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await org.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  out: () => string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function serve(...extra: string[]): Running {
  const child = spawn(process.execPath, [bin, 'serve', '--events', '--interval', '3600', '--port', '0', '--no-watch', '--log-format', 'json', ...extra], { cwd: dir, env: { ...process.env, CI: 'true' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, out: () => stdout, done };
}


const until = <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000): Promise<T> => poll(what, probe, ms, 25);

const lines = (r: Running): Record<string, any>[] => r.out().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
const logged = (r: Running, event: string, match: (l: Record<string, any>) => boolean = () => true): Record<string, any> | undefined => lines(r).find((l) => l.event === event && match(l));
const urlOf = (r: Running): string | undefined => logged(r, 'listening')?.url as string | undefined;
const ruleRow = (oppId: string): boolean => org.store.query(`SELECT Id FROM Partner_Influence__c WHERE Opportunity__c = '${oppId}' AND Origin__c = 'Rule'`).totalSize === 1;
const health = async (r: Running): Promise<Record<string, any>> => (await (await fetch(`${urlOf(r)!}/healthz`)).json()) as Record<string, any>;
const metrics = async (r: Running): Promise<string> => (await fetch(`${urlOf(r)!}/metrics`)).text();
const sample = (text: string, name: string): number => Number(text.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1) ?? NaN);

async function newOpportunity(account: number, name: string): Promise<string> {
  const r = await other.sobject('Opportunity').create({ Name: name, StageName: 'Prospecting', CloseDate: '2027-06-30', AccountId: accounts[account] });
  if (!r.success) throw new Error('create failed');
  return r.id;
}

async function started(): Promise<Running> {
  const r = serve();
  await until('the first sync', () => logged(r, 'sync'));
  await until('the subscriptions', () => logged(r, 'events-subscribed'));
  return r;
}

async function stop(r: Running): Promise<void> {
  r.child.kill('SIGTERM');
  expect((await r.done).code).toBe(0);
}

const replayFile = (): string => {
  const root = path.join(dir, '.partnerlens', 'checkpoints');
  const sub = readdirSync(root).find((d) => existsSync(path.join(root, d, 'replay.json')));
  return path.join(root, sub ?? '', 'replay.json');
};

describe('partnerlens serve --events (e2e)', () => {
  it('an Opportunity another integration creates on an overlapping account gets its Rule influence row within 5 s, through a change event; a dropped CometD connection reconnects with its replay id and misses nothing written meanwhile', async () => {
    const r = await started();
    expect(logged(r, 'events-subscribed')).toMatchObject({ channels: ['/data/AccountChangeEvent', '/data/LeadChangeEvent', '/data/OpportunityChangeEvent'] });
    expect((await health(r)).mode).toBe('events');

    const t0 = Date.now();
    const opp = await newOpportunity(0, 'Evented deal');
    await until('the Rule influence row', () => ruleRow(opp), 5_000);
    const elapsed = Date.now() - t0;
    expect(logged(r, 'event', (l) => l.recordIds?.[0] === opp)).toMatchObject({ channel: '/data/OpportunityChangeEvent', changeType: 'CREATE', entity: 'Opportunity' });
    const h = await until('the event-triggered run in /healthz', async () => {
      const b = await health(r);
      return b.lastRun?.trigger === 'event' && b.lastRun.created >= 1 ? b : undefined;
    });
    expect(h.events).toMatchObject({ connected: true, gaps: 0 });
    expect(h.events.replayIds['/data/OpportunityChangeEvent']).toBeGreaterThan(0);
    expect(sample(await metrics(r), 'partnerlens_events_received_total')).toBeGreaterThanOrEqual(1);
    process.stdout.write(`serve --events: write to Rule influence row in ${elapsed} ms\n`);

    // the org drops every long poll and forgets the sessions (a restart of its CometD server); written meanwhile:
    expect(org.streaming.dropConnections({ forgetClients: true })).toBe(1);
    const missed = await newOpportunity(1, 'Written while disconnected');
    await until('the event of the opportunity written while disconnected', () => logged(r, 'event', (l) => l.recordIds?.[0] === missed), 30_000);
    await until('its Rule influence row', () => ruleRow(missed), 10_000);
    // faye reported the drop and the reconnect, and re-subscribed after the last replay id it had (the server had no session left)
    expect(logged(r, 'events-down')).toMatchObject({ level: 'warn' });
    await until('the reconnect', () => logged(r, 'events-up'), 10_000);
    expect((await health(r)).events).toMatchObject({ connected: true, gaps: 0, reconnects: 1 });
    const after = await metrics(r);
    expect(sample(after, 'partnerlens_events_connected')).toBe(1);
    expect(sample(after, 'partnerlens_events_reconnects_total')).toBe(1);
    expect(org.streaming.stats().subscriptions).toEqual(expect.arrayContaining(['/data/OpportunityChangeEvent']));
    await stop(r);
    // the replay ids the syncs covered are checkpointed beside the sync's state
    const saved = JSON.parse(readFileSync(replayFile(), 'utf8')) as { replayIds: Record<string, number> };
    expect(saved.replayIds['/data/OpportunityChangeEvent']).toBeGreaterThanOrEqual(logged(r, 'event', (l) => l.recordIds?.[0] === missed)!.replayId as number);
    // the sync's own write of Primary_Partner__c comes back as an event, and starts no sync
    const echo = logged(r, 'event', (l) => l.changeType === 'UPDATE' && l.recordIds?.[0] === opp);
    expect(echo).toMatchObject({ syncs: false, changedFields: expect.arrayContaining(['Primary_Partner__c']) as unknown });
    expect(lines(r).filter((l) => l.event === 'sync' && l.trigger === 'event')).toHaveLength(2);
  });

  it('after a restart it subscribes after the checkpointed replay ids, and receives the events written while it was stopped', async () => {
    const saved = (JSON.parse(readFileSync(replayFile(), 'utf8')) as { replayIds: Record<string, number> }).replayIds;
    const whileDown = await newOpportunity(2, 'Written while stopped');
    const r = await started();
    expect(logged(r, 'events-subscribed')?.replayFrom).toMatchObject({ '/data/OpportunityChangeEvent': saved['/data/OpportunityChangeEvent'] });
    // replayed from the org's retention: the event of the record written while serve was down
    await until('the replayed event', () => logged(r, 'event', (l) => l.recordIds?.[0] === whileDown), 10_000);
    await until('its Rule influence row', () => ruleRow(whileDown), 10_000);
    await stop(r);
  });

  it('a checkpointed replay id the org no longer retains is logged as a gap and falls back to an incremental read, which still writes the missed row', async () => {
    const saved = (JSON.parse(readFileSync(replayFile(), 'utf8')) as { replayIds: Record<string, number> }).replayIds;
    const missed = await newOpportunity(3, 'Written before the events expired');
    // past retention: every event so far is gone, so the saved replay id cannot be resumed from
    org.streaming.expireThrough(org.streaming.latestReplayId());
    const r = await started();
    const gap = await until('the gap warning', () => logged(r, 'replay-gap', (l) => l.channel === '/data/OpportunityChangeEvent'), 10_000);
    expect(gap).toMatchObject({ level: 'warn', replayId: saved['/data/OpportunityChangeEvent'] });
    expect(gap.error).toMatch(/^400::The replayId \{\d+\} you provided was invalid/);
    await until('the gap-triggered incremental run', () => logged(r, 'sync', (l) => l.trigger === 'gap' && l.mode === 'Incremental' && l.status === 'Succeeded'), 20_000);
    expect(ruleRow(missed)).toBe(true);
    // subscribed again from new events: the next write arrives as an event
    await until('the new subscription', () => lines(r).some((l) => l.event === 'events-subscribed' && l.replayFrom?.['/data/OpportunityChangeEvent'] === -1), 10_000);
    const next = await newOpportunity(4, 'After the gap');
    await until('its Rule influence row', () => ruleRow(next), 5_000);
    const m = await metrics(r);
    expect(sample(m, 'partnerlens_event_gaps_total')).toBeGreaterThanOrEqual(1);
    expect(m).toMatch(/partnerlens_sync_triggers_total\{trigger="gap"\} [1-9]/);
    await stop(r);
  });
});
