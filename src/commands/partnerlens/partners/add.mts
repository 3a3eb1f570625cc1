import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { OrgClient } from '../../../org/client.js';
import { Picklists } from '../../../schema/dataModel.js';
import { addPartner, type PartnerListRow } from '../../../usecases/partners.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'partners');

const values = (key: keyof typeof Picklists): string[] => [...Picklists[key]];

/** The --json result. */
export type PartnerAddResult = PartnerListRow & { created: boolean };

export default class PartnersAdd extends PartnerLensCommand<PartnerAddResult> {
  public static override readonly summary = messages.getMessage('add.summary');
  public static override readonly description = messages.getMessage('add.description');
  public static override readonly examples = messages.getMessages('add.examples');

  public static override readonly flags = {
    ...orgFlags,
    name: Flags.string({ char: 'n', summary: messages.getMessage('flags.name.summary'), required: true }),
    domain: Flags.string({ char: 'd', summary: messages.getMessage('flags.domain.summary'), required: true }),
    'external-id': Flags.string({ summary: messages.getMessage('flags.external-id.summary') }),
    type: Flags.option({ summary: messages.getMessage('flags.type.summary'), options: values('Partner__c.Type__c') })(),
    tier: Flags.option({ summary: messages.getMessage('flags.tier.summary'), options: values('Partner__c.Tier__c') })(),
    status: Flags.option({ summary: messages.getMessage('flags.status.summary'), options: values('Partner__c.Status__c') })(),
    'sharing-level': Flags.option({ summary: messages.getMessage('flags.sharing-level.summary'), options: values('Partner__c.Sharing_Level__c') })(),
    source: Flags.option({ summary: messages.getMessage('flags.source.summary'), options: values('Partner__c.Source__c') })(),
  };

  public async run(): Promise<PartnerAddResult> {
    const { flags } = await this.parse(PartnersAdd);
    const { target } = await this.orgContext(flags);
    const partner = await addPartner(new OrgClient(target.conn), {
      name: flags.name,
      domain: flags.domain,
      externalId: flags['external-id'],
      type: flags.type,
      tier: flags.tier,
      status: flags.status,
      sharingLevel: flags['sharing-level'],
      source: flags.source,
    });
    this.log(messages.getMessage('added', [partner.created ? 'Created' : 'Updated', partner.name, partner.externalId, partner.domain]));
    return partner;
  }
}
