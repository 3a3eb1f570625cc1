#!/usr/bin/env node
// Standalone entry point of the partnerlens CLI. Commands live under the `partnerlens` topic so the
// same plugin reads `sf partnerlens sync` inside the sf CLI; standalone, `partnerlens sync` works too.
const oclif = require('@oclif/core');

const args = process.argv.slice(2);
const first = args[0];
let argv;
if (first === undefined || first === '--help' || first === '-h' || first === 'help') argv = ['partnerlens', '--help', ...args.slice(1)];
else if (first === 'partnerlens' || first === '--version' || first === 'plugins' || first === 'autocomplete') argv = args;
else argv = ['partnerlens', ...args];
oclif.execute({ dir: __dirname, args: argv }).catch(oclif.Errors.handle);
