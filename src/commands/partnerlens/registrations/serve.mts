import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../../cli/flags.mjs';
import { PartnerLensCommand } from '../../../cli/command.mjs';
import { startIntake } from '../../../usecases/registrations.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'registrations');

/** The --json result. */
export type RegistrationsServeResult = { url: string };

export default class RegistrationsServe extends PartnerLensCommand<RegistrationsServeResult> {
  public static override readonly summary = messages.getMessage('serve.summary');
  public static override readonly description = messages.getMessage('serve.description');
  public static override readonly examples = messages.getMessages('serve.examples');

  public static override readonly flags = {
    ...orgFlags,
    port: Flags.integer({ summary: messages.getMessage('flags.port.summary'), default: 8787, min: 0, max: 65535 }),
    host: Flags.string({ summary: messages.getMessage('flags.host.summary'), default: '127.0.0.1' }),
    rate: Flags.integer({ summary: messages.getMessage('flags.rate.summary'), default: 60, min: 1 }),
  };

  public async run(): Promise<RegistrationsServeResult> {
    const { flags } = await this.parse(RegistrationsServe);
    const { cwd, config, target } = await this.orgContext(flags);
    const running = await startIntake({ cwd, target, config, env: process.env, host: flags.host, port: flags.port, ratePerMinute: flags.rate, log: (line) => this.log(line) });
    this.log(messages.getMessage('info.Listening', [running.url, config.registrationIntake.map((e) => e.partner).join(', ')]));
    await new Promise<void>((resolve) => {
      const stop = (): void => void running.server.close(() => resolve());
      // SfCommand's own handlers exit at once; stopping the server lets an in-flight registration finish
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.removeAllListeners(signal);
        process.once(signal, stop);
      }
    });
    return { url: running.url };
  }
}
