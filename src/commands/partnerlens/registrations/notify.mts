import { Messages } from '@salesforce/core';
import { orgFlags } from '../../../cli/flags.mjs';
import { PartnerLensCommand } from '../../../cli/command.mjs';
import { reportNotice } from '../../../cli/noticeReport.mjs';
import type { NoticeOutcome } from '../../../registrations/notices.js';
import { notifyPartnersFor } from '../../../usecases/registrations.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'registrations');

export default class RegistrationsNotify extends PartnerLensCommand<NoticeOutcome> {
  public static override readonly summary = messages.getMessage('notify.summary');
  public static override readonly description = messages.getMessage('notify.description');
  public static override readonly examples = messages.getMessages('notify.examples');

  public static override readonly flags = { ...orgFlags };

  public async run(): Promise<NoticeOutcome> {
    const { flags } = await this.parse(RegistrationsNotify);
    const { target, config } = await this.orgContext(flags);
    const result = await notifyPartnersFor(target, config, process.env);
    reportNotice(this, result);
    this.log(messages.getMessage('notify.result', [result.sent.length, result.failures.length]));
    // an undelivered notice stays due: exit 3 like a partial sync, so a scheduler sees it
    if (result.failures.length > 0) process.exitCode = 3;
    return result;
  }
}
