import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { PartnerLensCommand } from '../../../cli/command.mjs';
import type { AckResult } from '../../../signals/manage.js';
import { ackSignalsFor } from '../../../usecases/signals.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'signals');

export default class SignalsAck extends PartnerLensCommand<AckResult> {
  public static override readonly summary = messages.getMessage('ack.summary');
  public static override readonly description = messages.getMessage('ack.description');
  public static override readonly examples = messages.getMessages('ack.examples');

  public static override readonly flags = {
    ...orgFlags,
    signal: Flags.string({ char: 's', summary: messages.getMessage('flags.signal.summary'), required: true, multiple: true }),
    dismiss: Flags.boolean({ summary: messages.getMessage('flags.dismiss.summary'), default: false }),
  };

  public async run(): Promise<AckResult> {
    const { flags } = await this.parse(SignalsAck);
    const { target } = await this.orgContext(flags);
    const result = await ackSignalsFor(target, flags.signal, { dismiss: flags.dismiss, now: new Date() });
    this.log(messages.getMessage('ack.done', [result.updated.length, result.status, result.updated[0]?.acknowledgedBy ?? '—']));
    return result;
  }
}
