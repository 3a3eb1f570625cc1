// A mistyped command names the closest one, in a terminal or not (exit 127, like a shell).
import { Errors, toConfiguredId, type Hook } from '@oclif/core';
import { suggestion } from './suggest.js';

const hook: Hook.CommandNotFound = async function (opts) {
  const ids = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const shown = (id: string): string => `${opts.config.bin} ${toConfiguredId(id, opts.config)}`.replace(/^partnerlens partnerlens\b/, 'partnerlens');
  // a real command followed by words it does not take (`signals ack SIG-00001`): oclif reads them as a longer command id
  const prefix = ids.filter((id) => opts.id.startsWith(`${id}:`)).sort((a, b) => b.length - a.length)[0];
  if (prefix !== undefined) {
    const extra = opts.id.slice(prefix.length + 1).split(':').join(' ');
    throw new Errors.CLIError(`\`${shown(prefix)}\` takes no argument "${extra}": its input comes in flags. Run \`${shown(prefix)} --help\` for them and an example.`, { exit: 2 });
  }
  const best = suggestion(opts.id, ids);
  const hint = best ? ` Did you mean \`${shown(best)}\`?` : '';
  throw new Errors.CLIError(`\`${shown(opts.id)}\` is not a ${opts.config.bin} command.${hint} Run \`${opts.config.bin} --help\` for the list.`, { exit: 127 });
};

export default hook;
