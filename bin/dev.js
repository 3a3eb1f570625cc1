#!/usr/bin/env node
// Development entry point: loads oclif's devPlugins (@oclif/plugin-command-snapshot: snapshot:generate|compare and
// schema:generate|compare over the --json result types), which bin/run.js, the users' entry, never loads.
process.env.NODE_ENV = 'development';
const oclif = require('@oclif/core');

oclif.execute({ dir: __dirname, development: true }).catch(oclif.Errors.handle);
