import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { dryRunFlag, orgFlags } from '../../../cli/flags.mjs';
import { terminalProgress } from '../../../cli/progress.js';
import { summaryLine } from '../../../cli/render.js';
import type { SyncResult } from '../../../sync/types.js';
import { importReferrals } from '../../../sync/fromConfig.js';
import { rejectedRowsNotice, syncOutcomeError } from '../../../sync/outcome.js';
import { countOutcomes } from '../../../sync/referrals.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'referrals');

export default class ReferralsImport extends PartnerLensCommand<SyncResult> {
  public static override readonly summary = messages.getMessage('import.summary');
  public static override readonly description = messages.getMessage('import.description');
  public static override readonly examples = messages.getMessages('import.examples');

  public static override readonly flags = {
    ...orgFlags,
    ...dryRunFlag,
    partner: Flags.string({ char: 'p', summary: messages.getMessage('flags.partner.summary'), required: true }),
    file: Flags.file({ char: 'f', summary: messages.getMessage('flags.file.summary'), required: true, exists: true }),
  };

  public async run(): Promise<SyncResult> {
    const { flags } = await this.parse(ReferralsImport);
    const { cwd, config, target } = await this.orgContext(flags);
    const result = await importReferrals({ cwd, target, config, partner: flags.partner, file: flags.file, dryRun: flags['dry-run'], progress: terminalProgress(!this.jsonEnabled()) });
    const counts = countOutcomes(result.referrals.outcomes);
    this.table({
      data: result.referrals.outcomes.map((o) => ({ referral: o.referralId, email: o.email, outcome: o.outcome, by: o.by ?? '', record: o.leadId ?? o.contactId ?? '' })),
      title: messages.getMessage('table.referrals'),
    });
    for (const w of result.warnings) this.warn(w);
    this.log(messages.getMessage('done', [flags.file, counts.flagged, counts.created, counts.unchanged, counts['other-partner'], counts.contact]));
    this.log(summaryLine(result));
    const rejected = rejectedRowsNotice(result);
    if (rejected !== undefined) this.warn(rejected);
    const error = syncOutcomeError(result);
    if (error !== undefined) throw error;
    return result;
  }
}
