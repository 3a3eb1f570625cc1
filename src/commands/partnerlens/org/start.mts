import { Messages, SfError } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { serveLocalOrg } from '../../../localorg/serve.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'org');

export type OrgStartResult = { instanceUrl: string; username: string; stateFile: string; dataFile: string };

export default class OrgStart extends PartnerLensCommand<OrgStartResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    port: Flags.integer({ summary: messages.getMessage('flags.port.summary'), default: 6109, min: 0, max: 65535 }),
    data: Flags.string({ summary: messages.getMessage('flags.data.summary'), default: '.partnerlens/org.db' }),
  };

  public async run(): Promise<OrgStartResult> {
    const { flags } = await this.parse(OrgStart);
    let served;
    try {
      served = await serveLocalOrg({ port: flags.port, dataFile: flags.data, cwd: process.cwd() });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE') throw new SfError(messages.getMessage('error.PortInUse', [flags.port]), 'PortInUse', messages.getMessages('error.PortInUse.actions'), 2);
      throw e;
    }
    const { org } = served;
    this.log(messages.getMessage('info.Started', [org.instanceUrl, org.orgId, org.accessToken, org.username, org.password, served.stateFile]));
    // SfCommand's signal handlers throw an uncaught exit error; replace them with a graceful stop that returns.
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.removeAllListeners(signal);
        process.once(signal, resolve);
      }
    });
    this.log(messages.getMessage('info.Stopping'));
    await served.close();
    return { instanceUrl: org.instanceUrl, username: org.username, stateFile: served.stateFile, dataFile: flags.data };
  }
}
