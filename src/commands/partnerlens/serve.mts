import path from 'node:path';
import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../cli/flags.mjs';
import { PartnerLensCommand } from '../../cli/command.mjs';
import { simulatedClock, systemClock } from '../../usecases/serve/clock.js';
import { startServe, type ServeResult } from '../../usecases/serve/index.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'serve');

export default class Serve extends PartnerLensCommand<ServeResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    interval: Flags.integer({ summary: messages.getMessage('flags.interval.summary'), default: 60, min: 1 }),
    host: Flags.string({ summary: messages.getMessage('flags.host.summary'), default: '127.0.0.1' }),
    port: Flags.integer({ summary: messages.getMessage('flags.port.summary'), default: 6110, min: 0, max: 65535 }),
    'allow-remote': Flags.boolean({ summary: messages.getMessage('flags.allow-remote.summary'), default: false }),
    'log-file': Flags.string({ summary: messages.getMessage('flags.log-file.summary'), default: path.join('.partnerlens', 'serve', 'serve.jsonl') }),
    'log-format': Flags.option({ summary: messages.getMessage('flags.log-format.summary'), options: ['human', 'json'] as const, default: 'human' as const })(),
    events: Flags.boolean({ summary: messages.getMessage('flags.events.summary'), default: false }),
    watch: Flags.boolean({ summary: messages.getMessage('flags.watch.summary'), default: true, allowNo: true }),
    'pause-check': Flags.integer({ summary: messages.getMessage('flags.pause-check.summary'), default: 300, min: 1 }),
    cycles: Flags.integer({ summary: messages.getMessage('flags.cycles.summary'), min: 1 }),
    'simulated-clock': Flags.boolean({ summary: messages.getMessage('flags.simulated-clock.summary'), default: false, hidden: true }),
  };

  public async run(): Promise<ServeResult> {
    const { flags } = await this.parse(Serve);
    const { cwd, config, target } = await this.orgContext(flags);
    const clock = flags['simulated-clock'] ? simulatedClock(new Date()) : systemClock;
    const running = await startServe({
      cwd,
      target,
      config,
      clock,
      intervalSeconds: flags.interval,
      pauseCheckSeconds: flags['pause-check'],
      host: flags.host,
      port: flags.port,
      allowRemote: flags['allow-remote'],
      logFile: path.resolve(cwd, flags['log-file']),
      jsonOnStdout: flags['log-format'] === 'json',
      human: (line) => this.log(line),
      maxCycles: flags.cycles,
      watch: flags.watch,
      events: flags.events,
    });
    // SfCommand's own signal handlers exit at once; the first signal lets the running sync finish instead.
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) {
        this.logToStderr(messages.getMessage('info.StopNow', [signal]));
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
      signalled = true;
      this.logToStderr(messages.getMessage('info.Stopping', [signal]));
      running.service.stop();
    };
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, onSignal);
    }
    return running.done;
  }
}
