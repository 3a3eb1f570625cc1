import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { PartnerLensCommand } from '../../../cli/command.mjs';
import { decideRegistrationFor, type DecisionWithNotice } from '../../../usecases/registrations.js';
import { reportNotice } from '../../../cli/noticeReport.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'registrations');

export default class RegistrationsApprove extends PartnerLensCommand<DecisionWithNotice> {
  public static override readonly summary = messages.getMessage('approve.summary');
  public static override readonly description = messages.getMessage('approve.description');
  public static override readonly examples = messages.getMessages('approve.examples');

  public static override readonly flags = {
    ...orgFlags,
    registration: Flags.string({ char: 'r', summary: messages.getMessage('flags.registration.summary'), required: true }),
    reason: Flags.string({ summary: messages.getMessage('flags.reason.summary') }),
    override: Flags.boolean({ summary: messages.getMessage('flags.override.summary'), default: false }),
  };

  public async run(): Promise<DecisionWithNotice> {
    const { flags } = await this.parse(RegistrationsApprove);
    const { target, config } = await this.orgContext(flags);
    const result = await decideRegistrationFor(target, { ref: flags.registration, decision: 'approve', reason: flags.reason, override: flags.override, now: new Date() }, { config, env: process.env });
    this.log(`${result.name}: Approved, protected until ${result.protectionUntil ?? '-'}.`);
    for (const a of result.applied?.applied ?? []) this.log(a.opportunityId !== undefined ? `Opportunity ${a.opportunityId} with Sourced influence ${a.influenceId ?? ''}` : `Lead ${a.leadId ?? ''} (partner-sourced)`);
    for (const f of result.applied?.failures ?? []) this.warn(`${f.object} ${f.key}: ${f.code} ${f.message}`);
    reportNotice(this, result.notice);
    if ((result.applied?.failures.length ?? 0) > 0) process.exitCode = 3;
    return result;
  }
}
