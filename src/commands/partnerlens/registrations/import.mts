import { Messages, SfError } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { dryRunFlag, orgFlags } from '../../../cli/flags.mjs';
import { PartnerLensCommand } from '../../../cli/command.mjs';
import { EXIT } from '../../../common/exitCodes.js';
import { countRegistrationOutcomes } from '../../../registrations/intake.js';
import { importRegistrationFile, type ImportResult } from '../../../usecases/registrations.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'registrations');

export default class RegistrationsImport extends PartnerLensCommand<ImportResult> {
  public static override readonly summary = messages.getMessage('import.summary');
  public static override readonly description = messages.getMessage('import.description');
  public static override readonly examples = messages.getMessages('import.examples');

  public static override readonly flags = {
    ...orgFlags,
    ...dryRunFlag,
    partner: Flags.string({ char: 'p', summary: messages.getMessage('flags.partner.summary'), required: true }),
    file: Flags.file({ char: 'f', summary: messages.getMessage('flags.file.summary'), required: true, exists: true }),
  };

  public async run(): Promise<ImportResult> {
    const { flags } = await this.parse(RegistrationsImport);
    const { cwd, target } = await this.orgContext(flags);
    const result = await importRegistrationFile({ cwd, target, partner: flags.partner, file: flags.file, dryRun: flags['dry-run'] });
    this.table({
      data: result.outcomes.map((o) => ({ registration: o.registrationId, company: o.company, outcome: o.outcome, status: o.status ?? '', conflict: o.conflict ?? '', reason: o.reason })),
      title: messages.getMessage('table.registrations'),
    });
    for (const row of result.rejectedRows) this.warn(row.message);
    const c = countRegistrationOutcomes(result.outcomes);
    this.log(messages.getMessage('done', [flags.file, c.submitted, c.review, c.rejected, c.duplicate, c.unchanged, c.failed]));
    if (result.errorsFile !== undefined) this.log(`Errors: ${result.errorsFile}`);
    const problems = result.rejectedRows.length + result.failures.length;
    if (problems > 0) {
      const named = [...result.rejectedRows, ...result.failures].slice(0, 5).map((f) => `\n  ${f.object === 'file row' ? f.message : `${f.key}: ${f.code} ${f.message}`}`);
      throw new SfError(messages.getMessage('error.RowErrors', [problems, flags.file, named.join(''), result.errorsFile ?? '-']), 'RegistrationRowErrors', messages.getMessages('error.RowErrors.actions'), EXIT.partial).setData(
        JSON.parse(JSON.stringify(result)) as Parameters<SfError['setData']>[0],
      );
    }
    return result;
  }
}
