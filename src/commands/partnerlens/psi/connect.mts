import { readFile } from 'node:fs/promises';
import { Flags } from '@salesforce/sf-plugins-core';
import { loadParty, summarise, type PsiSummary } from '../../../psi/cli.js';
import { budgetFlags, budgetOf, exchangeFlags, messages, modeFlag, partyFlags, partyOptions, render, tokenFlags, warnSkipped, withCompute } from '../../../psi/command.mjs';
import { connectPsi } from '../../../psi/httpTransport.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

export default class PsiConnect extends PartnerLensCommand<PsiSummary> {
  public static override readonly summary = messages.getMessage('connect.summary');
  public static override readonly description = messages.getMessage('connect.description');
  public static override readonly examples = messages.getMessages('connect.examples');

  public static override readonly flags = {
    ...partyFlags,
    ...budgetFlags,
    ...modeFlag,
    ...exchangeFlags,
    ...tokenFlags,
    url: Flags.url({ char: 'u', summary: messages.getMessage('flags.url.summary'), required: true }),
    ca: Flags.file({ summary: messages.getMessage('flags.ca.summary'), exists: true }),
  };

  public async run(): Promise<PsiSummary> {
    const { flags } = await this.parse(PsiConnect);
    const loaded = await loadParty(partyOptions(flags));
    warnSkipped(this, loaded);
    const ca = flags.ca === undefined ? undefined : await readFile(flags.ca);
    const { result, resultFile } = await withCompute(this, messages.getMessage('info.exchanging', [flags.url.origin]), (compute) =>
      connectPsi(loaded.party, flags.mode, { url: flags.url.href, token: flags.token, ca, timeoutMs: flags.timeout, maxMessageBytes: flags['max-message-bytes'], dir: flags.dir, compute, budget: budgetOf(flags) }),
    );
    const summary = summarise({ session: result.session, resultFile, result });
    render(this, summary);
    return summary;
  }
}
