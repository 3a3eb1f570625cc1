import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { PartnerLensCommand } from '../../../cli/command.mjs';
import { Picklists } from '../../../schema/dataModel.js';
import type { SignalList } from '../../../signals/manage.js';
import { listSignalsFor } from '../../../usecases/signals.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'signals');

export default class SignalsList extends PartnerLensCommand<SignalList> {
  public static override readonly summary = messages.getMessage('list.summary');
  public static override readonly description = messages.getMessage('list.description');
  public static override readonly examples = messages.getMessages('list.examples');

  public static override readonly flags = {
    ...orgFlags,
    partner: Flags.string({ char: 'p', summary: messages.getMessage('flags.partner.summary') }),
    status: Flags.option({ options: Picklists['Partner_Signal__c.Status__c'], multiple: true, summary: messages.getMessage('flags.status.summary') })(),
    kind: Flags.option({ options: Picklists['Partner_Signal__c.Kind__c'], multiple: true, summary: messages.getMessage('flags.kind.summary') })(),
    limit: Flags.integer({ summary: messages.getMessage('flags.limit.summary'), default: 200, min: 1, max: 2000 }),
  };

  public async run(): Promise<SignalList> {
    const { flags } = await this.parse(SignalsList);
    const { target } = await this.orgContext(flags);
    const result = await listSignalsFor(target, { partner: flags.partner, status: flags.status, kind: flags.kind, limit: flags.limit });
    if (result.signals.length === 0) {
      this.log(messages.getMessage('list.none'));
      return result;
    }
    this.table({
      data: result.signals.map((s) => ({ signal: s.name, kind: s.kind, partner: s.partner, company: s.company, move: `${s.from ?? '—'} → ${s.to ?? '—'}`, detected: s.detectedAt?.slice(0, 16).replace('T', ' ') ?? '', status: s.status, notified: s.notification ?? '' })),
    });
    this.log(messages.getMessage('list.counts', [result.signals.length, Object.entries(result.byStatus).map(([k, v]) => `${v} ${k}`).join(', ')]));
    return result;
  }
}
