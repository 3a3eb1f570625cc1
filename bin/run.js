#!/usr/bin/env node
// Standalone entry point of the partnerlens CLI. Commands live under the `partnerlens` topic so the
// same plugin reads `sf partnerlens sync` inside the sf CLI; standalone, `partnerlens sync` works too.

// jsforce and @salesforce/core crash at load on older Node: say what to do instead of a stack trace.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`partnerlens needs Node.js 22 or newer; this is ${process.version}. Run it through npm (\`npx partnerlens ...\` or an npm script), which uses the project's own Node 24, or install Node.js 22+.`);
  process.exit(1);
}
const oclif = require('@oclif/core');

const args = process.argv.slice(2);
const first = args[0];
let argv;
if (first === undefined || first === '--help' || first === '-h' || first === 'help') argv = ['partnerlens', '--help', ...args.slice(1)];
else if (first === 'partnerlens' || first === '--version' || first === 'plugins' || first === 'autocomplete') argv = args;
else argv = ['partnerlens', ...args];
oclif.execute({ dir: __dirname, args: argv }).catch(oclif.Errors.handle);
