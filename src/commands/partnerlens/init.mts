import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../cli/flags.mjs';
import { loadLocalConfig } from '../../config/localConfig.js';
import { OrgClient } from '../../org/client.js';
import { resolveTarget } from '../../org/connection.js';
import { ensureDefaultSettings, writeStarterConfig } from '../../usecases/init.js';
import { PartnerLensCommand } from '../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'sync');

export interface InitResult {
  configFile: string;
  settings: { id: string; created: boolean };
}

export default class Init extends PartnerLensCommand<InitResult> {
  public static override readonly summary = messages.getMessage('init.summary');
  public static override readonly description = messages.getMessage('init.description');
  public static override readonly examples = messages.getMessages('init.examples');

  public static override readonly flags = {
    'target-org': orgFlags['target-org'],
    force: Flags.boolean({ summary: messages.getMessage('flags.force.summary'), default: false }),
  };

  public async run(): Promise<InitResult> {
    const { flags } = await this.parse(Init);
    const cwd = process.cwd();
    const configFile = writeStarterConfig(cwd, flags.force, flags['target-org']);
    this.log(messages.getMessage('init.done', [configFile]));
    const target = await resolveTarget(cwd, flags['target-org'] ?? loadLocalConfig(cwd, configFile).targetOrg);
    const settings = await ensureDefaultSettings(new OrgClient(target.conn));
    this.log(messages.getMessage('init.settings', [target.label, settings.created ? 'created with the defaults' : 'already there, left as it is']));
    return { configFile, settings };
  }
}
