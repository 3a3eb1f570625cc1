import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import { orgFlags } from '../../cli/flags.mjs';
import { PartnerLensCommand } from '../../cli/command.mjs';
import { EXIT } from '../../common/exitCodes.js';
import { runDoctor, type DoctorResult } from '../../usecases/doctor/index.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'doctor');

export default class Doctor extends PartnerLensCommand<DoctorResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = { ...orgFlags };

  public async run(): Promise<DoctorResult> {
    const { flags } = await this.parse(Doctor);
    const { config, target } = await this.orgContext(flags);
    const result = await runDoctor({ target, config, forceAppDir: path.join(this.config.root, 'force-app'), version: this.config.version, targetOrg: flags['target-org'] ?? config.targetOrg });
    for (const c of result.checks) {
      this.log(`${c.status.padEnd(4)}  ${c.title}: ${c.summary}`);
      for (const d of c.details) this.log(`        ${d}`);
      for (const f of c.fix) this.log(`        fix: ${f.replace(/^- /, '')}`);
    }
    if (result.failed > 0) {
      const failed = result.checks.filter((c) => c.status === 'fail').map((c) => c.title);
      throw new SfError(messages.getMessage('error.Failed', [result.failed, result.checks.length, failed.join(', ')]), 'DoctorFailed', messages.getMessages('error.Failed.actions'), EXIT.failed).setData(
        JSON.parse(JSON.stringify(result)) as Parameters<SfError['setData']>[0],
      );
    }
    return result;
  }
}
