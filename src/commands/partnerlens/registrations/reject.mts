import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { PartnerLensCommand } from '../../../cli/command.mjs';
import { reportNotice } from '../../../cli/noticeReport.mjs';
import { decideRegistrationFor, type DecisionWithNotice } from '../../../usecases/registrations.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'registrations');

export default class RegistrationsReject extends PartnerLensCommand<DecisionWithNotice> {
  public static override readonly summary = messages.getMessage('reject.summary');
  public static override readonly description = messages.getMessage('reject.description');
  public static override readonly examples = messages.getMessages('reject.examples');

  public static override readonly flags = {
    ...orgFlags,
    registration: Flags.string({ char: 'r', summary: messages.getMessage('flags.registration.summary'), required: true }),
    reason: Flags.string({ summary: messages.getMessage('flags.reason.summary'), required: true }),
  };

  public async run(): Promise<DecisionWithNotice> {
    const { flags } = await this.parse(RegistrationsReject);
    const { target, config } = await this.orgContext(flags);
    const result = await decideRegistrationFor(target, { ref: flags.registration, decision: 'reject', reason: flags.reason, now: new Date() }, { config, env: process.env });
    this.log(`${result.name}: Rejected.`);
    reportNotice(this, result.notice);
    return result;
  }
}
