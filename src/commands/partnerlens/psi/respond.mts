import { Flags } from '@salesforce/sf-plugins-core';
import { loadParty, summarise, type LoadedParty, type PsiSummary } from '../../../psi/cli.js';
import { budgetFlags, budgetOf, exchangeFlags, messages, partyFlags, partyOptions, render, warnSkipped, withCompute } from '../../../psi/command.mjs';
import { fileRespond } from '../../../psi/fileTransport.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

export default class PsiRespond extends PartnerLensCommand<PsiSummary> {
  public static override readonly summary = messages.getMessage('respond.summary');
  public static override readonly description = messages.getMessage('respond.description');
  public static override readonly examples = messages.getMessages('respond.examples');

  public static override readonly flags = {
    ...partyFlags,
    ...budgetFlags,
    ...exchangeFlags,
    in: Flags.file({ char: 'i', summary: messages.getMessage('flags.in.summary'), required: true, exists: true }),
    out: Flags.file({ char: 'o', summary: messages.getMessage('flags.out.summary') }),
  };

  public async run(): Promise<PsiSummary> {
    const { flags } = await this.parse(PsiRespond);
    // a 'start' message needs our records; the later 'finish' message completes from the saved state
    let loaded: LoadedParty | undefined;
    if (flags.records !== undefined || flags.partner !== undefined) {
      loaded = await loadParty(partyOptions(flags));
      warnSkipped(this, loaded);
    }
    const outcome = await withCompute(this, messages.getMessage('info.blinding'), (compute) => fileRespond(flags.in, flags.out, loaded?.party, { dir: flags.dir, compute, maxMessageBytes: flags['max-message-bytes'], budget: budgetOf(flags) }));
    const summary = summarise(outcome);
    render(this, summary);
    return summary;
  }
}
