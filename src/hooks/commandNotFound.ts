// A mistyped command names the closest one, in a terminal or not (exit 127, like a shell).
import { Errors, toConfiguredId, type Hook } from '@oclif/core';
import { suggestion } from './suggest.js';

const hook: Hook.CommandNotFound = async function (opts) {
  const ids = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const shown = (id: string): string => `${opts.config.bin} ${toConfiguredId(id, opts.config)}`.replace(/^partnerlens partnerlens\b/, 'partnerlens');
  const best = suggestion(opts.id, ids);
  const hint = best ? ` Did you mean \`${shown(best)}\`?` : '';
  throw new Errors.CLIError(`\`${shown(opts.id)}\` is not a ${opts.config.bin} command.${hint} Run \`${opts.config.bin} --help\` for the list.`, { exit: 127 });
};

export default hook;
