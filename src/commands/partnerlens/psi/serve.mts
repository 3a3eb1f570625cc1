import { readFile } from 'node:fs/promises';
import { Flags } from '@salesforce/sf-plugins-core';
import { loadParty, summarise } from '../../../psi/cli.js';
import { budgetFlags, budgetOf, exchangeFlags, messages, partyFlags, partyOptions, render, serveTokenFlags, warnSkipped } from '../../../psi/command.mjs';
import { generateToken, servePsi } from '../../../psi/httpTransport.js';
import { createPsiCompute } from '../../../psi/pool.js';
import { PartnerLensCommand } from '../../../cli/command.mjs';

export type ServeResult = { url: string; exchanges: number };

export default class PsiServe extends PartnerLensCommand<ServeResult> {
  public static override readonly summary = messages.getMessage('serve.summary');
  public static override readonly description = messages.getMessage('serve.description');
  public static override readonly examples = messages.getMessages('serve.examples');

  public static override readonly flags = {
    ...partyFlags,
    ...budgetFlags,
    ...exchangeFlags,
    ...serveTokenFlags,
    host: Flags.string({ summary: messages.getMessage('flags.host.summary'), default: '127.0.0.1' }),
    port: Flags.integer({ summary: messages.getMessage('flags.port.summary'), default: 8443, min: 0, max: 65535 }),
    'tls-key': Flags.file({ summary: messages.getMessage('flags.tls-key.summary'), exists: true, dependsOn: ['tls-cert'] }),
    'tls-cert': Flags.file({ summary: messages.getMessage('flags.tls-cert.summary'), exists: true, dependsOn: ['tls-key'] }),
    'max-exchanges-per-hour': Flags.integer({ summary: messages.getMessage('flags.max-exchanges-per-hour.summary'), default: 10, min: 1 }),
    once: Flags.boolean({ summary: messages.getMessage('flags.once.summary'), default: false }),
  };

  public async run(): Promise<ServeResult> {
    const { flags } = await this.parse(PsiServe);
    const loaded = await loadParty(partyOptions(flags));
    warnSkipped(this, loaded);
    const tls = flags['tls-key'] && flags['tls-cert'] ? { key: await readFile(flags['tls-key']), cert: await readFile(flags['tls-cert']) } : undefined;
    const token = flags.token ?? generateToken();
    const compute = createPsiCompute();
    let exchanges = 0;
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const server = await servePsi({
      party: loaded.party,
      compute,
      host: flags.host,
      port: flags.port,
      token,
      tls,
      maxMessageBytes: flags['max-message-bytes'],
      timeoutMs: flags.timeout,
      maxExchangesPerHour: flags['max-exchanges-per-hour'],
      dir: flags.dir,
      budget: budgetOf(flags),
      onEvent: (event) => {
        if (event.kind === 'started') this.log(messages.getMessage('info.started', [event.session, event.partnerSetSize, event.mode]));
        if (event.kind === 'refused') this.warn(messages.getMessage('warn.refused', [event.status, event.message]));
        if (event.kind === 'completed') {
          exchanges++;
          render(this, summarise({ session: event.session, resultFile: event.resultFile, result: event.result }));
          if (flags.once) stop();
        }
      },
    }).catch(async (error: unknown) => {
      // a refused start (weak token, clear-text bind) must not leave the workers running
      await compute.close();
      throw error;
    });
    // printed once, because nobody else knows it; never written to a file. Under --json stdout holds only the
    // JSON result (at the end), so the token and the address go to stderr
    const say = (line: string): void => (this.jsonEnabled() ? void process.stderr.write(`${line}\n`) : this.log(line));
    if (flags.token === undefined) say(messages.getMessage('info.token', [token]));
    say(messages.getMessage('info.listening', [server.url]));
    // SfCommand's own signal handlers throw an exit error with a stack: stop serving and return instead
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.once(signal, stop);
    }
    await stopped;
    await server.close();
    await compute.close();
    return { url: server.url, exchanges };
  }
}
