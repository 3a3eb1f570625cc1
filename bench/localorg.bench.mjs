// The local org under load, through jsforce unchanged: Bulk API 2.0 ingest of N Accounts (CSV upload, poll, results),
// a REST query of all of them paged by nextRecordsUrl (2,000 a page), and a Bulk API 2.0 query paged by
// Sforce-Locator. N defaults to 100,000 (LOCALORG_BENCH_ACCOUNTS to change). Imports the compiled code from lib/.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Connection } = require('jsforce');
const { parse } = require('csv-parse/sync');
const { startLocalOrg } = require('../lib/localorg/index.js');
const { API_VERSION } = require('../lib/schema/dataModel.js');

const seconds = (t) => (performance.now() - t) / 1000;
const mb = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);

export async function run() {
  const n = Number(process.env.LOCALORG_BENCH_ACCOUNTS ?? 100_000);
  const org = await startLocalOrg({ dailyApiLimit: 10_000_000 });
  try {
    const conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION });
    conn.bulk2.pollInterval = 50;
    const lines = ['Name,Website,Type,NumberOfEmployees'];
    for (let i = 0; i < n; i++) lines.push(`"Company ${i}, Inc.",company${i}.example,${i % 3 ? 'Prospect' : 'Customer'},${i % 500}`);
    const csv = lines.join('\n');

    let calls = org.apiUsage().used;
    let t = performance.now();
    const load = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: csv });
    const ingest = seconds(t);
    calls = org.apiUsage().used - calls;
    if (load.successfulResults.length !== n) throw new Error(`bulk ingest: ${load.successfulResults.length} of ${n} succeeded, ${load.failedResults.length} failed`);
    console.log(`bulk ingest: ${n} Accounts (${(csv.length / 2 ** 20).toFixed(1)} MB CSV) in ${ingest.toFixed(1)} s (${Math.round(n / ingest)} records/s), ${calls} API calls, RSS ${mb()} MB`);

    calls = org.apiUsage().used;
    t = performance.now();
    const res = await conn.query('SELECT Id, Name, Website, Type FROM Account').run({ autoFetch: true, maxFetch: n + 1 });
    const rest = seconds(t);
    calls = org.apiUsage().used - calls;
    const restCalls = calls;
    if (res.records.length !== n) throw new Error(`REST query: ${res.records.length} of ${n} rows`);
    console.log(`REST query (autoFetch, 2,000 a page): ${n} rows in ${rest.toFixed(1)} s (${Math.round(n / rest)} rows/s), ${calls} API calls`);

    // Bulk query read page by page as a streaming client does (jsforce's bulk2.query pipes every page into one CSV
    // parser, so beyond one page each later page's header row would surface as a record: docs/localorg.md).
    calls = org.apiUsage().used;
    t = performance.now();
    const job = await conn.request({ method: 'POST', url: `/services/data/v${API_VERSION}/jobs/query`, body: JSON.stringify({ operation: 'query', query: 'SELECT Id, Name, Website, Type FROM Account' }), headers: { 'Content-Type': 'application/json' } });
    while ((await conn.request(`/services/data/v${API_VERSION}/jobs/query/${job.id}`)).state !== 'JobComplete') await new Promise((r) => setTimeout(r, 50));
    let rows = 0;
    let pages = 0;
    for (let locator = ''; locator !== 'null'; pages++) {
      const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/jobs/query/${job.id}/results?maxRecords=25000${locator ? `&locator=${locator}` : ''}`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
      rows += parse(await res.text(), { columns: true }).length;
      locator = res.headers.get('sforce-locator') ?? 'null';
    }
    const bulk = seconds(t);
    calls = org.apiUsage().used - calls;
    if (rows !== n) throw new Error(`bulk query: ${rows} of ${n} rows`);
    console.log(`bulk query (${pages} Sforce-Locator pages of 25,000): ${n} rows in ${bulk.toFixed(1)} s (${Math.round(n / bulk)} rows/s), ${calls} API calls, RSS ${mb()} MB`);
    console.log(`ratio REST/bulk query time: ${(rest / bulk).toFixed(1)}x; API calls REST ${restCalls} vs bulk ${calls}`);
  } finally {
    await org.stop();
  }
}
