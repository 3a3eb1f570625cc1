// Runs the benchmarks: every bench/*.bench.mjs, or those whose names contain the arguments
// (`npm run bench -- psi`). Benchmarks import the compiled code from lib/ and print their own
// figures and ratios; they are never part of `npm test`.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${filters.join(' ')}; available: ${readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).join(', ')}`);
  process.exitCode = 1;
}
for (const file of files) {
  console.log(`\n## ${file}`);
  const mod = await import(pathToFileURL(path.join(dir, file)).href);
  if (typeof mod.run === 'function') await mod.run();
}
