import { Messages } from '@salesforce/core';
import { orgFlags } from '../../../cli/flags.mjs';
import { PartnerLensCommand } from '../../../cli/command.mjs';
import { maintainRegistrations, registrationClient, type MaintainResult } from '../../../usecases/registrations.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'registrations');

export default class RegistrationsApply extends PartnerLensCommand<MaintainResult> {
  public static override readonly summary = messages.getMessage('apply.summary');
  public static override readonly description = messages.getMessage('apply.description');
  public static override readonly examples = messages.getMessages('apply.examples');

  public static override readonly flags = { ...orgFlags };

  public async run(): Promise<MaintainResult> {
    const { flags } = await this.parse(RegistrationsApply);
    const { target } = await this.orgContext(flags);
    const result = await maintainRegistrations(registrationClient(target), new Date());
    this.log(messages.getMessage('apply.result', [result.applied.length, result.converted.length, result.expired.length]));
    for (const f of result.failures) this.warn(`${f.object} ${f.key}: ${f.code} ${f.message}`);
    if (result.failures.length > 0) process.exitCode = 3;
    return result;
  }
}
