import { Flags } from '@salesforce/sf-plugins-core';
import { loadParty, summarise, type PsiSummary } from '../../../psi/cli.js';
import { budgetFlags, budgetOf, exchangeFlags, messages, modeFlag, partyFlags, partyOptions, render, warnSkipped, withCompute } from '../../../psi/command.mjs';
import { fileStart } from '../../../psi/fileTransport.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

export default class PsiStart extends PartnerLensCommand<PsiSummary> {
  public static override readonly summary = messages.getMessage('start.summary');
  public static override readonly description = messages.getMessage('start.description');
  public static override readonly examples = messages.getMessages('start.examples');

  public static override readonly flags = {
    ...partyFlags,
    ...budgetFlags,
    ...modeFlag,
    ...exchangeFlags,
    out: Flags.file({ char: 'o', summary: messages.getMessage('flags.out.summary'), required: true }),
  };

  public async run(): Promise<PsiSummary> {
    const { flags } = await this.parse(PsiStart);
    const loaded = await loadParty(partyOptions(flags));
    warnSkipped(this, loaded);
    const outcome = await withCompute(this, messages.getMessage('info.blinding'), (compute) => fileStart(loaded.party, flags.mode, flags.out, { dir: flags.dir, compute, maxMessageBytes: flags['max-message-bytes'], budget: budgetOf(flags) }));
    const summary = summarise(outcome);
    render(this, summary);
    return summary;
  }
}
