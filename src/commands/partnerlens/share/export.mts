import { writeFileSync } from 'node:fs';
import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { OrgClient } from '../../../org/client.js';
import { exportForPartner, type ShareExportResult } from '../../../usecases/shareExport.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'partners');

/** The --json result. */
export type ShareExportCommandResult = ShareExportResult & { output?: string };

export default class ShareExport extends PartnerLensCommand<ShareExportCommandResult> {
  public static override readonly summary = messages.getMessage('share.summary');
  public static override readonly description = messages.getMessage('share.description');
  public static override readonly examples = messages.getMessages('share.examples');

  public static override readonly flags = {
    ...orgFlags,
    partner: Flags.string({ char: 'p', summary: messages.getMessage('flags.partner.summary'), required: true }),
    output: Flags.file({ summary: messages.getMessage('flags.output.summary') }),
  };

  public async run(): Promise<ShareExportCommandResult> {
    const { flags } = await this.parse(ShareExport);
    const { target } = await this.orgContext(flags);
    const result = await exportForPartner(new OrgClient(target.conn), flags.partner);
    const rows = result.export.level === 'Counts only' ? Object.keys(result.export.counts).length : result.export.rows.length;
    if (flags.output !== undefined) {
      writeFileSync(flags.output, result.export.csv);
      this.log(messages.getMessage('share.written', [flags.output, result.export.level, rows, result.partner.name]));
    } else if (!this.jsonEnabled()) {
      process.stdout.write(result.export.csv);
    }
    return { ...result, output: flags.output };
  }
}
