// A mistyped flag names the closest flag of the command before oclif's parser says only "Nonexistent flag".
import { Errors, type Hook } from '@oclif/core';
import { suggestion } from './suggest.js';

const hook: Hook.Prerun = async function (opts) {
  const { Command } = opts;
  const flags = Object.entries({ ...Command.baseFlags, ...Command.flags });
  const known = new Set(['help', ...(Command.enableJsonFlag ? ['json'] : []), ...flags.flatMap(([name, f]) => [name, ...(f.aliases ?? [])])]);
  for (const arg of opts.argv) {
    if (arg === '--') break;
    const m = /^--([^=]+)/.exec(arg);
    if (!m || known.has(m[1]!)) continue;
    const best = suggestion(m[1]!, [...known]);
    throw new Errors.CLIError(`Nonexistent flag: --${m[1]}.${best ? ` Did you mean --${best}?` : ''} See --help for this command's flags.`, { exit: 2 });
  }
};

export default hook;
