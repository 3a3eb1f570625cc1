import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { terminalProgress } from '../../cli/progress.js';
import { overlapRows, planRows } from '../../cli/render.js';
import { runDemo, servePreview, type DemoResult } from '../../sync/demo.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'demo');

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

export default class Demo extends SfCommand<DemoResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    serve: Flags.boolean({ summary: messages.getMessage('flags.serve.summary'), default: true, allowNo: true }),
    accounts: Flags.integer({ summary: messages.getMessage('flags.accounts.summary'), default: 3000, min: 10, max: 200_000 }),
    seed: Flags.integer({ summary: messages.getMessage('flags.seed.summary'), default: 42 }),
  };

  public async run(): Promise<DemoResult> {
    const { flags } = await this.parse(Demo);
    const demo = await runDemo({ cwd: process.cwd(), accounts: flags.accounts, seed: flags.seed, progress: terminalProgress(!this.jsonEnabled()) });
    const r = demo.result;
    const loaded = Object.entries(r.seeded).map(([object, n]) => `${n} ${object}`).join(', ');
    this.log(messages.getMessage('loaded', [loaded, r.instanceUrl, seconds(r.seedMs)]));
    this.log(messages.getMessage('files', [r.dataDir, r.configFile]));
    this.table({ data: overlapRows(r.sync), title: 'Overlaps per partner and our population' });
    this.table({ data: planRows(r.sync), title: 'Changes written' });
    for (const w of r.sync.warnings) this.warn(w);
    if (r.sync.failures.length > 0) this.log(messages.getMessage('rejected', [r.sync.failures.length, r.sync.errorsCsv ?? r.sync.runLog]));
    const overlaps = r.overlaps.reduce((n, o) => n + o.overlaps, 0);
    this.log(messages.getMessage('summary.line', [r.sync.status, overlaps, r.sourcedLeads.flagged, r.sourcedLeads.created, r.influenceCreated, r.apiCalls, seconds(r.syncMs)]));
    const ci = /^(?!0$|false$)./i.test(process.env.CI ?? '');
    const serve = flags.serve && !this.jsonEnabled() && !ci;
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
}
