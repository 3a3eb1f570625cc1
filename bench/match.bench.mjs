// Precision and recall per family on the labelled set, demo generation at sync-bench scale, partner file parsing, and the overlap join (100k x 100k).
// MATCH_BENCH_ACCOUNTS changes the demo size (default 100,000). Imports the compiled code from lib/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { generateDemoData, demoOurRecords } = require('../lib/demo/generateDemoData.js');
const { matchOverlaps } = require('../lib/match/matchOverlaps.js');
const { parsePartnerFile } = require('../lib/sources/partnerFile.js');
const { scorePairs, formatScores } = require('../lib/match/score.js');

const seconds = (start) => ((performance.now() - start) / 1000).toFixed(2);
const options = { nameFallback: false, emailDomains: true, disputed: new Set() };

export async function run() {
  // quality first: precision and recall per family on the labelled set (goal: >= 99% / >= 95% overall)
  const pairs = JSON.parse(readFileSync(new URL('../test/match/data/pairs.json', import.meta.url), 'utf8'));
  let t = performance.now();
  console.log(`labelled set test/match/data/pairs.json (${pairs.length} pairs, name fallback and e-mail domains on):`);
  console.log(formatScores(scorePairs(pairs)));
  console.log(`scored in ${seconds(t)} s\n`);

  const n = Number(process.env.MATCH_BENCH_ACCOUNTS ?? 100_000);
  t = performance.now();
  const demo = generateDemoData({ seed: 1, accounts: n });
  const records = demo.objects.reduce((sum, o) => sum + o.records.length, 0);
  console.log(`generateDemoData(${n} accounts): ${records} records, 3 partner files, in ${seconds(t)} s (goal < 5 s)`);

  t = performance.now();
  const files = demo.partners.map((p) => parsePartnerFile(p.partnerFile.content, p.partnerFile.path));
  const rows = files.reduce((sum, f) => sum + f.rowCount, 0);
  console.log(`parsePartnerFile x3: ${rows} rows in ${seconds(t)} s (${Math.round(rows / ((performance.now() - t) / 1000))} rows/s)`);

  const ours = demoOurRecords(demo);
  t = performance.now();
  let found = 0;
  for (const f of files) found += matchOverlaps(ours, f.records, options).length;
  console.log(`matchOverlaps: ${ours.length} of ours x 3 partner files: ${found} overlaps (expected ${demo.expected.overlaps.length}) in ${seconds(t)} s`);

  // the worst case the brief names: 100k x 100k records, every one with a messy website, half overlapping
  const size = 100_000;
  const big = Array.from({ length: size }, (_, i) => ({ id: `a${i}`, object: 'Account', population: 'Customer', website: `https://www.company${i}.co.uk/about` }));
  const theirs = Array.from({ length: size }, (_, i) => ({ partnerRecordId: `p${i}`, companyName: `C${i}`, population: 'Customer', domain: `WWW.COMPANY${i * 2}.CO.UK` }));
  t = performance.now();
  const matched = matchOverlaps(big, theirs, options).length;
  console.log(`matchOverlaps 100k x 100k: ${matched} overlaps in ${seconds(t)} s`);
}
