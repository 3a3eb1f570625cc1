// Latency of `partnerlens serve`: time from an Opportunity written on an account that overlaps a partner's customer to
// its Rule Partner_Influence__c row, in event mode (goal < 5 s) and in polling mode (goal < 65 s at the default 60 s
// interval). Runs the serve use case (lib/usecases/serve) on the real clock against a local org over HTTP.
// Polling is measured at a short interval (SERVE_BENCH_INTERVAL, default 5 s) so the bench takes seconds, not minutes;
// the 60 s figure is then projected (SERVE_BENCH_INTERVAL=60 measures it instead, in a few minutes): worst case = a write just after a cycle started waits the whole
// interval, then one sync, so 60 s + d, d the longest sync the service reported (its lastRun finishedAt - startedAt).
// SERVE_BENCH_SAMPLES writes per mode (default 5).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startLocalOrg } = require('../lib/localorg/index.js');
const { connectionFor } = require('../lib/org/connection.js');
const { localConfigSchema } = require('../lib/config/localConfig.js');
const { startServe } = require('../lib/usecases/serve/index.js');
const { systemClock } = require('../lib/usecases/serve/clock.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function world(accounts) {
  const org = await startLocalOrg();
  const dir = mkdtempSync(path.join(tmpdir(), 'plbench-serve-'));
  org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active', Sharing_Level__c: 'Overlapping records' });
  const ids = [];
  const rows = ['id,company,website,population'];
  for (let i = 0; i < accounts; i++) {
    ids.push(org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' }).id);
    rows.push(`A${i},Company ${i},company${i}.com,Customer`);
  }
  mkdirSync(path.join(dir, 'partners'));
  writeFileSync(path.join(dir, 'partners', 'acme.csv'), `${rows.join('\n')}\n`);
  const config = { ...localConfigSchema.parse({ partnerFiles: [{ partner: 'acme', file: 'partners/acme.csv' }] }), baseDir: dir, file: path.join(dir, 'partnerlens.config.yaml') };
  const target = { conn: connectionFor(org.instanceUrl, org.accessToken), key: `${org.orgId}-bench`, label: 'bench local org' };
  return { org, dir, ids, config, target };
}

async function measure(mode, intervalSeconds, samples) {
  const w = await world(50);
  const running = await startServe({
    cwd: w.dir, target: w.target, config: w.config, clock: systemClock, intervalSeconds, pauseCheckSeconds: 300, host: '127.0.0.1', port: 0,
    allowRemote: false, jsonOnStdout: false, human: () => {}, watch: false, events: mode === 'events',
  });
  const other = connectionFor(w.org.instanceUrl, w.org.accessToken);
  const out = [];
  const syncs = [];
  try {
    // the first sync (and, in event mode, the subscriptions) before the first write
    for (let t = Date.now(); Date.now() - t < 30_000; await sleep(50)) {
      const h = running.service.health();
      if (h.lastRun !== undefined && (mode !== 'events' || h.events?.connected)) break;
    }
    await sleep(500);
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      const r = await other.sobject('Opportunity').create({ Name: `Bench deal ${i}`, StageName: 'Prospecting', CloseDate: '2027-06-30', AccountId: w.ids[i] });
      for (;;) {
        if (w.org.store.query(`SELECT Id FROM Partner_Influence__c WHERE Opportunity__c = '${r.id}' AND Origin__c = 'Rule'`).totalSize > 0) break;
        if (performance.now() - t0 > 120_000) throw new Error(`no influence row for ${r.id} after 120 s`);
        await sleep(10);
      }
      out.push((performance.now() - t0) / 1000);
      // the row is written before the run records itself: wait for the run that wrote it to finish
      await sleep(500);
      const last = running.service.health().lastRun;
      if (last !== undefined) syncs.push((Date.parse(last.finishedAt) - Date.parse(last.startedAt)) / 1000);
      // spread the writes over the polling cycle
      await sleep(mode === 'events' ? 300 : 1_300 * (i + 1) % (intervalSeconds * 1000));
    }
  } finally {
    running.service.stop();
    await running.done;
    await w.org.stop();
    rmSync(w.dir, { recursive: true, force: true });
  }
  return { latencies: out, syncs };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], max: s[s.length - 1], min: s[0] };
};

export async function run() {
  const samples = Number(process.env.SERVE_BENCH_SAMPLES ?? 5);
  const interval = Number(process.env.SERVE_BENCH_INTERVAL ?? 5);

  const events = await measure('events', 3600, samples);
  const ev = stats(events.latencies);
  console.log(`event mode (--interval 3600, so every row came from an event): write -> Rule influence row median ${ev.median.toFixed(2)} s, max ${ev.max.toFixed(2)} s over ${samples} writes; goal < 5 s: max/goal ${(ev.max / 5).toFixed(2)}x`);

  const polling = await measure('polling', interval, samples);
  const p = stats(polling.latencies);
  const d = Math.max(...polling.syncs);
  console.log(`polling mode, measured at --interval ${interval}: write -> row median ${p.median.toFixed(2)} s, max ${p.max.toFixed(2)} s over ${samples} writes (bound: ${interval} s + one sync); longest sync ${d.toFixed(2)} s`);
  if (interval === 60) {
    console.log(`polling mode at the default --interval 60 (measured): max ${p.max.toFixed(2)} s; goal < 65 s: ${(p.max / 65).toFixed(2)}x`);
    console.log(`ratio polling max at 60 s / event mode max: ${(p.max / ev.max).toFixed(0)}x`);
    return;
  }
  const projected = 60 + d;
  console.log(`polling mode, projected to --interval 60 (not measured; SERVE_BENCH_INTERVAL=60 measures it in a few minutes): worst case 60 s + ${d.toFixed(2)} s = ${projected.toFixed(2)} s; goal < 65 s: ${(projected / 65).toFixed(2)}x`);
  console.log(`ratio polling worst case at 60 s / event mode max: ${(projected / ev.max).toFixed(0)}x`);
}
