import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { terminalProgress } from '../../cli/progress.js';
import { overlapRows, planRows } from '../../cli/render.js';
import type { ImpactReport } from '../../impact/metrics.js';
import { formatMoney, formatPercent, formatPoints } from '../../impact/render.js';
import { runImpactReport } from '../../impact/report.js';
import { OrgClient } from '../../org/client.js';
import { connectionFor } from '../../org/connection.js';
import { runDemo, servePreview, type DemoResult } from '../../usecases/demo.js';
import { PartnerLensCommand } from '../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'demo');

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** The demo's result; `impact` is what `partnerlens report --json` gives on the demo org after the sync. */
export type DemoCommandResult = DemoResult & { impact: ImpactReport };

export default class Demo extends PartnerLensCommand<DemoCommandResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    serve: Flags.boolean({ summary: messages.getMessage('flags.serve.summary'), default: true, allowNo: true }),
    accounts: Flags.integer({ summary: messages.getMessage('flags.accounts.summary'), default: 3000, min: 10, max: 200_000 }),
    seed: Flags.integer({ summary: messages.getMessage('flags.seed.summary'), default: 42 }),
  };

  public async run(): Promise<DemoCommandResult> {
    const { flags } = await this.parse(Demo);
    const demo = await runDemo({ cwd: process.cwd(), accounts: flags.accounts, seed: flags.seed, progress: terminalProgress(!this.jsonEnabled()) });
    let impact: ImpactReport;
    try {
      // the `partnerlens report` read and metrics, over REST on the demo org (6 API calls, ~0.1 s for 3000 accounts)
      impact = await runImpactReport(new OrgClient(connectionFor(demo.org.instanceUrl, demo.org.accessToken)));
    } catch (error) {
      await demo.stop();
      throw error;
    }
    const r: DemoCommandResult = { ...demo.result, impact };
    const loaded = Object.entries(r.seeded).map(([object, n]) => `${n} ${object}`).join(', ');
    this.log(messages.getMessage('loaded', [loaded, r.instanceUrl, seconds(r.seedMs)]));
    this.log(messages.getMessage('files', [r.dataDir, r.configFile]));
    this.table({ data: overlapRows(r.sync), title: messages.getMessage('table.overlaps') });
    this.table({ data: planRows(r.sync), title: messages.getMessage('table.changes') });
    for (const w of r.sync.warnings) this.warn(w);
    if (r.sync.failures.length > 0) this.log(messages.getMessage('rejected', [r.sync.failures.length, r.sync.errorsCsv ?? r.sync.runLog]));
    // "Sync completed with 17 rejected rows: …" (exit 0) rather than "Sync Succeeded" beside a list of rejected rows
    const status = r.sync.status === 'Succeeded' && r.sync.counts.rejected > 0 ? messages.getMessage('status.rejected', [r.sync.counts.rejected]) : r.sync.status;
    const overlaps = r.overlaps.reduce((n, o) => n + o.overlaps, 0);
    this.log(messages.getMessage('summary.line', [status, overlaps, r.sourcedLeads.flagged, r.sourcedLeads.created, r.influenceCreated, r.apiCalls, seconds(r.syncMs)]));
    const next = r.nextWeek;
    const kinds = Object.entries(next.signals).map(([kind, n]) => `${n} ${kind}`).join(', ');
    this.log(messages.getMessage('signals.line', [next.sync.signals?.detected ?? 0, kinds || '-', next.sync.signals?.messages ?? 0]));
    const ci = /^(?!0$|false$)./i.test(process.env.CI ?? '');
    const serve = flags.serve && !this.jsonEnabled() && !ci;
    this.logImpact(impact, serve);
    if (!serve) {
      await demo.stop();
      return r;
    }
    const preview = await servePreview(demo, (line) => this.log(line));
    this.log(messages.getMessage('serving', [preview.url, r.instanceUrl]));
    // SfCommand's own signal handlers exit at once (code 130); replace them with a graceful stop, as `org start` does
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.removeAllListeners(signal);
        process.once(signal, () => resolve());
      }
    });
    await preview.close();
    await demo.stop();
    this.log(messages.getMessage('stopped'));
    return r;
  }

  /** The headline of the impact report: what the demo data planted (partners win more and convert better). */
  private logImpact(impact: ImpactReport, serving: boolean): void {
    const { lift, leads, sourced, influenced } = impact.overall;
    const line = (text: string): void => this.log(`  ${text}`);
    this.log('');
    this.log(messages.getMessage('impact.title', [impact.model]));
    line(
      messages.getMessage('impact.winRate', [
        formatPercent(lift.withPartner.winRate),
        formatPercent(lift.withoutPartner.winRate),
        formatPoints(lift.winRateLift),
      ]),
    );
    line(messages.getMessage('impact.leads', [formatPercent(leads.partnerSourced.rate), formatPercent(leads.ordinary.rate)]));
    line(
      messages.getMessage('impact.revenue', [
        formatMoney(sourced.revenue, impact.currency),
        sourced.won,
        formatMoney(influenced.revenue, impact.currency),
        influenced.won,
      ]),
    );
    line(messages.getMessage(serving ? 'impact.more.serving' : 'impact.more.stopped'));
  }
}
