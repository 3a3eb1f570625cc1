// API calls and time of a full sync of N accounts x 3 partners against the local org, and of a no-op re-sync.
// N defaults to 100,000 (SYNC_BENCH_ACCOUNTS to change). Imports the compiled code from lib/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startLocalOrg } = require('../lib/localorg/index.js');
const { OrgClient } = require('../lib/org/client.js');
const { connectionFor } = require('../lib/org/connection.js');
const { BudgetGuard } = require('../lib/org/budget.js');
const { runSync } = require('../lib/sync/engine.js');
const { loadPartnerFiles } = require('../lib/sync/fromConfig.js');
const { CheckpointStore } = require('../lib/sync/state.js');
const { localConfigSchema } = require('../lib/config/localConfig.js');

export async function run() {
  const n = Number(process.env.SYNC_BENCH_ACCOUNTS ?? 100_000);
  const org = await startLocalOrg({ dailyApiLimit: 10_000_000 });
  const dir = mkdtempSync(path.join(tmpdir(), 'plbench-'));
  try {
    let t = performance.now();
    const partners = ['alpha', 'beta', 'gamma'];
    partners.forEach((p) => org.store.insert('Partner__c', { Name: p, External_Id__c: p, Domain__c: `${p}.example`, Status__c: 'Active', Sharing_Level__c: 'Overlapping records' }));
    const files = partners.map(() => ['id,company,website,population']);
    for (let i = 0; i < n; i++) {
      const id = org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: i % 2 ? 'Customer' : 'Prospect' }).id;
      if (i % 10 === 0) org.store.insert('Opportunity', { Name: `Deal ${i}`, AccountId: id, StageName: 'Prospecting', CloseDate: '2026-12-31' });
      files.forEach((rows, k) => {
        if ((i + k) % (3 + k) === 0) rows.push(`${partners[k]}${i},Company ${i},company${i}.com,${k === 1 ? 'Prospect' : 'Customer'}`);
      });
    }
    files.forEach((rows, k) => writeFileSync(path.join(dir, `${partners[k]}.csv`), rows.join('\n')));
    console.log(`seeded ${n} accounts and 3 partner files in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const config = { ...localConfigSchema.parse({ partnerFiles: partners.map((p) => ({ partner: p, file: `${p}.csv` })) }), baseDir: dir };
    // Salesforce keeps SystemModstamp to the second and an incremental read asks for `>=` its watermark's second, so a
    // run started in the second its predecessor finished re-reads that second's writes (a page per 2,000). Scheduled
    // syncs are minutes apart: each timed run starts on a fresh second, outside the clock, so the calls counted are
    // the sync's own and not an accident of timing (back to back, the second no-op took 3 to 5 calls).
    const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1001 - (Date.now() % 1000)));
    const once = async () => {
      await nextSecond();
      const client = new OrgClient(connectionFor(org.instanceUrl, org.accessToken), { budget: new BudgetGuard(80), bulkPollMs: 50 });
      const before = org.apiUsage().used;
      const start = performance.now();
      const result = await runSync({ client, store: new CheckpointStore(path.join(dir, 'cp'), 'bench'), runsDir: path.join(dir, 'runs'), loadPartners: () => loadPartnerFiles(config), overlapSeconds: 0 });
      return { result, calls: org.apiUsage().used - before, seconds: (performance.now() - start) / 1000 };
    };
    const full = await once();
    console.log(`full sync: ${full.result.status}, matched ${full.result.counts.matched}, created ${full.result.counts.created}; ${full.calls} API calls, ${full.seconds.toFixed(1)} s`);
    const noop = await once();
    console.log(`no-op re-sync: written ${noop.result.counts.created + noop.result.counts.updated}; ${noop.calls} API calls, ${noop.seconds.toFixed(1)} s`);
    const again = await once();
    console.log(`second no-op re-sync: written ${again.result.counts.created + again.result.counts.updated}; ${again.calls} API calls, ${again.seconds.toFixed(1)} s`);
    console.log(`ratio full/no-op time: ${(full.seconds / noop.seconds).toFixed(1)}x; calls ${full.calls}/${noop.calls}`);
  } finally {
    await org.stop();
  }
}
