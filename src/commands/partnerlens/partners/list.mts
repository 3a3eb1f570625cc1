import { Messages } from '@salesforce/core';
import { orgFlags } from '../../../cli/flags.mjs';
import { OrgClient } from '../../../org/client.js';
import { listPartners, type PartnerListRow } from '../../../usecases/partners.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'partners');

/** The --json result. */
export type PartnerListResult = PartnerListRow[];

export default class PartnersList extends PartnerLensCommand<PartnerListResult> {
  public static override readonly summary = messages.getMessage('list.summary');
  public static override readonly description = messages.getMessage('list.description');
  public static override readonly examples = messages.getMessages('list.examples');

  public static override readonly flags = { ...orgFlags };

  public async run(): Promise<PartnerListResult> {
    const { flags } = await this.parse(PartnersList);
    const { target } = await this.orgContext(flags);
    const partners = await listPartners(new OrgClient(target.conn));
    this.table({
      data: partners.map((p) => ({ name: p.name, externalId: p.externalId ?? '', domain: p.domain ?? '', status: p.status ?? '', type: p.type ?? '', tier: p.tier ?? '', sharingLevel: p.sharingLevel ?? '', source: p.source ?? '' })),
      title: `${partners.length} partner(s)`,
    });
    return partners;
  }
}
