// A mistyped flag names the closest flag of the command before oclif's parser says only "Nonexistent flag".
import { Errors, type Hook } from '@oclif/core';
import { suggestion } from './suggest.js';

const hook: Hook.Prerun = async function (opts) {
  const { Command } = opts;
  const flags = Object.entries({ ...Command.baseFlags, ...Command.flags });
  // allowNo boolean flags also answer to --no-<name> (oclif's own parser accepts both)
  const names = flags.flatMap(([name, f]) => [name, ...(f.aliases ?? []), ...(f.type === 'boolean' && f.allowNo ? [`no-${name}`] : [])]);
  const known = new Set(['help', ...(Command.enableJsonFlag ? ['json'] : []), ...names]);
  for (const arg of opts.argv) {
    if (arg === '--') break;
    const m = /^--([^=]+)/.exec(arg);
    if (!m || known.has(m[1]!)) continue;
    const best = suggestion(m[1]!, [...known]);
    throw new Errors.CLIError(`Nonexistent flag: --${m[1]}.${best ? ` Did you mean --${best}?` : ''} See --help for this command's flags.`, { exit: 2 });
  }
};

export default hook;
