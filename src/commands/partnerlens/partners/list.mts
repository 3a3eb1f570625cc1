import { Messages } from '@salesforce/core';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { loadLocalConfig } from '../../../config/localConfig.js';
import { OrgClient } from '../../../org/client.js';
import { resolveTarget } from '../../../org/connection.js';
import { listPartners, type PartnerListRow } from '../../../usecases/partners.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'partners');

export default class PartnersList extends SfCommand<PartnerListRow[]> {
  public static override readonly summary = messages.getMessage('list.summary');
  public static override readonly description = messages.getMessage('list.description');
  public static override readonly examples = messages.getMessages('list.examples');

  public static override readonly flags = { ...orgFlags };

  public async run(): Promise<PartnerListRow[]> {
    const { flags } = await this.parse(PartnersList);
    const cwd = process.cwd();
    const config = loadLocalConfig(cwd, flags.config);
    const target = await resolveTarget(cwd, flags['target-org'] ?? config.targetOrg);
    const partners = await listPartners(new OrgClient(target.conn));
    this.table({
      data: partners.map((p) => ({ name: p.name, externalId: p.externalId ?? '', domain: p.domain ?? '', status: p.status ?? '', type: p.type ?? '', tier: p.tier ?? '', sharingLevel: p.sharingLevel ?? '', source: p.source ?? '' })),
      title: `${partners.length} partner(s)`,
    });
    return partners;
  }
}
