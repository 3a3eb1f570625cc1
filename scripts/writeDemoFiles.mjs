// Dev helper: writes the demo partners' files, a partnerlens.config.json pointing at them, and the
// expectation (expected.json) into a folder, to look at or to sync by hand. Run after `npm run build`:
//   node_modules/.bin/node scripts/writeDemoFiles.mjs <dir> [accounts] [seed]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { generateDemoData } = require('../lib/demo/generateDemoData.js');
const { writeDemoFiles } = require('../lib/demo/writeDemoFiles.js');

const [dir, accounts = '3000', seed = '1'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/writeDemoFiles.mjs <dir> [accounts] [seed]');
  process.exit(2);
}
const data = generateDemoData({ seed: Number(seed), accounts: Number(accounts) });
const entries = writeDemoFiles(data, dir);
writeFileSync(path.join(dir, 'partnerlens.config.json'), `${JSON.stringify(entries, null, 2)}\n`);
writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify(data.expected, null, 2)}\n`);
console.log(`wrote ${entries.partnerFiles.length} partner files, ${entries.referralFiles.length} referral files, partnerlens.config.json and expected.json to ${dir}`);
