import path from 'node:path';
import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { formatTime } from '../../../cli/render.js';
import { OrgClient } from '../../../org/client.js';
import { syncStatus, type SyncStatus } from '../../../usecases/syncStatus.js';
import { CheckpointStore } from '../../../sync/state.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'sync');

export default class SyncStatusCommand extends PartnerLensCommand<SyncStatus> {
  public static override readonly summary = messages.getMessage('status.summary');
  public static override readonly description = messages.getMessage('status.description');
  public static override readonly examples = messages.getMessages('status.examples');

  public static override readonly flags = {
    ...orgFlags,
    limit: Flags.integer({ char: 'n', summary: messages.getMessage('flags.limit.summary'), default: 10, min: 1, max: 200 }),
  };

  public async run(): Promise<SyncStatus> {
    const { flags } = await this.parse(SyncStatusCommand);
    const { config, target } = await this.orgContext(flags);
    const store = new CheckpointStore(path.resolve(config.baseDir, config.checkpointDir), target.key);
    const status = await syncStatus(new OrgClient(target.conn), store, flags.limit);
    if (status.runs.length === 0) this.log(messages.getMessage('status.noRuns'));
    else {
      this.table({
        data: status.runs.map((r) => ({ run: r.runId, started: formatTime(r.started), mode: r.mode ?? '', status: r.status ?? '', read: r.read, matched: r.matched, created: r.created, updated: r.updated, deactivated: r.deactivated, failed: r.failed, 'API calls': r.apiCalls })),
        title: messages.getMessage('table.runs'),
      });
      for (const r of status.runs.filter((x) => x.errors !== undefined)) this.log(`${r.runId}:\n  ${(r.errors ?? '').split('\n').slice(0, 5).join('\n  ')}`);
    }
    const cp = status.checkpoint;
    this.log(messages.getMessage('status.checkpoint', [cp.dir, cp.watermark !== undefined ? formatTime(cp.watermark) : 'none (the next run reads everything)']));
    if (cp.pendingRun !== undefined) this.log(messages.getMessage('status.pending', [cp.pendingRun, cp.batchesDone ?? 0, cp.batches ?? 0]));
    return status;
  }
}
