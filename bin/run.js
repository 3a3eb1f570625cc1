#!/usr/bin/env node
// Standalone entry point of the partnerlens CLI. Commands live under the `partnerlens` topic so the
// same plugin reads `sf partnerlens sync` inside the sf CLI; standalone, `partnerlens sync` works too.
const oclif = require('@oclif/core');

const args = process.argv.slice(2);
const passthrough = args.length === 0 || args[0] === 'partnerlens' || /^-/.test(args[0]) || args[0] === 'help' || args[0] === 'plugins';
oclif.execute({ dir: __dirname, args: passthrough ? args : ['partnerlens', ...args] }).catch(oclif.Errors.handle);
