import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { dryRunFlag, orgFlags } from '../../cli/flags.mjs';
import { terminalProgress } from '../../cli/progress.js';
import { overlapRows, planRows, summaryLine } from '../../cli/render.js';
import type { SyncResult } from '../../sync/types.js';
import { syncFromConfig } from '../../sync/fromConfig.js';
import { rejectedRowsNotice, syncOutcomeError } from '../../sync/outcome.js';
import { countOutcomes } from '../../sync/referrals.js';
import { PartnerLensCommand } from '../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'sync');

export default class Sync extends PartnerLensCommand<SyncResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    ...dryRunFlag,
    full: Flags.boolean({ summary: messages.getMessage('flags.full.summary'), default: false }),
  };

  public async run(): Promise<SyncResult> {
    const { flags } = await this.parse(Sync);
    const { cwd, config, target } = await this.orgContext(flags);
    const result = await syncFromConfig({ cwd, target, config, dryRun: flags['dry-run'], full: flags.full, progress: terminalProgress(!this.jsonEnabled()) });
    // where each partner's data came from (a file, or an exchange's session, mode and finish time)
    if (result.partnerSources.length > 0) this.table({ data: result.partnerSources.map((p) => ({ partner: p.partner, source: p.source, from: p.from, records: p.records })), title: messages.getMessage('table.partnerData') });
    this.table({ data: planRows(result), title: flags['dry-run'] ? 'Plan (nothing written)' : 'Changes' });
    if (result.referrals.outcomes.length > 0) {
      this.table({ data: Object.entries(countOutcomes(result.referrals.outcomes)).map(([outcome, referrals]) => ({ outcome, referrals })), title: messages.getMessage('table.referrals') });
    }
    if (result.sample.length > 0) this.log(`Sample:\n${JSON.stringify(result.sample, null, 2)}`);
    for (const w of result.warnings) this.warn(w);
    this.log(summaryLine(result));
    if (overlapRows(result).length > 0 && !flags['dry-run']) this.table({ data: overlapRows(result), title: messages.getMessage('table.overlaps') });
    const rejected = rejectedRowsNotice(result);
    if (rejected !== undefined) this.warn(rejected);
    const error = syncOutcomeError(result);
    if (error !== undefined) throw error;
    return result;
  }
}
