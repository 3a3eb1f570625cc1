import { Flags } from '@salesforce/sf-plugins-core';
import { summarise, type PsiSummary } from '../../../psi/cli.js';
import { exchangeFlags, messages, render, withCompute } from '../../../psi/command.mjs';
import { fileFinish } from '../../../psi/fileTransport.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

export default class PsiFinish extends PartnerLensCommand<PsiSummary> {
  public static override readonly summary = messages.getMessage('finish.summary');
  public static override readonly description = messages.getMessage('finish.description');
  public static override readonly examples = messages.getMessages('finish.examples');

  public static override readonly flags = {
    ...exchangeFlags,
    in: Flags.file({ char: 'i', summary: messages.getMessage('flags.in.summary'), required: true, exists: true }),
    out: Flags.file({ char: 'o', summary: messages.getMessage('flags.out.summary') }),
  };

  public async run(): Promise<PsiSummary> {
    const { flags } = await this.parse(PsiFinish);
    const outcome = await withCompute(this, messages.getMessage('info.blinding'), (compute) => fileFinish(flags.in, flags.out, { dir: flags.dir, compute, maxMessageBytes: flags['max-message-bytes'] }));
    const summary = summarise(outcome);
    render(this, summary);
    return summary;
  }
}
