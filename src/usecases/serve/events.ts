// Event mode of `partnerlens serve`: Change Data Capture events for Account, Lead and Opportunity through jsforce's
// streaming client (CometD over faye). Each event is reported (the service debounces them into a sync); the replay id
// of the last event of each channel is kept so a reconnect — faye's own after a drop, or a restart of the service
// from its checkpoint — asks the org for the events after it. A replay id the org no longer retains is a gap: it is
// reported (the service then runs an incremental read) and the channel is subscribed again from new events.
import type { ServiceLog } from './log.js';

export const CHANGE_EVENT_CHANNELS = ['/data/AccountChangeEvent', '/data/LeadChangeEvent', '/data/OpportunityChangeEvent'] as const;

export interface ChangeNotice {
  channel: string;
  replayId: number;
  entity?: string;
  changeType?: string;
  recordIds: string[];
  /** An UPDATE's changed fields (ChangeEventHeader.changedFields). */
  changedFields: string[];
}

/** Fields only the system changes on every write. */
const SYSTEM_FIELDS = ['LastModifiedDate', 'LastModifiedById', 'SystemModstamp'];

/**
 * True when a change event is an UPDATE of nothing but fields the sync itself writes (and system fields): the echo
 * of the sync's own writes, which needs no sync. Creates, deletes and every other update do.
 */
export function isOwnWrite(n: Pick<ChangeNotice, 'changeType' | 'changedFields'>, syncOwned: ReadonlySet<string>): boolean {
  return n.changeType === 'UPDATE' && n.changedFields.length > 0 && n.changedFields.every((f) => SYSTEM_FIELDS.includes(f) || syncOwned.has(f));
}

/** The part of a faye client this module uses (jsforce's typings declare fewer of its methods). */
interface FayeClient {
  subscribe(channel: string, listener: (message: unknown) => void): PromiseLike<unknown>;
  disconnect(): void;
  on(event: 'transport:up' | 'transport:down', listener: () => void): void;
}

/**
 * Closes a faye client for good, connected or not. faye's disconnect() does nothing unless connected and, when it
 * does, waits for the org's answer, which a refused session never sends; meanwhile the dispatcher re-sends its
 * unanswered messages on timers, which keep retrying (and keep the process alive). So: drop those timers and close
 * the transport too (faye's own Dispatcher fields; jsforce exposes no other way).
 */
function closeClient(client: FayeClient): void {
  client.disconnect();
  const dispatcher = (client as unknown as { _dispatcher?: { close(): void; _envelopes?: Map<unknown, { timer?: NodeJS.Timeout | null }> } })._dispatcher;
  for (const envelope of dispatcher?._envelopes?.values() ?? []) if (envelope.timer) clearTimeout(envelope.timer);
  dispatcher?._envelopes?.clear();
  dispatcher?.close();
}

interface StreamingConnection {
  streaming: { createClient(extensions: unknown[]): unknown };
}

type BayeuxMessage = Record<string, unknown> & { channel?: string; ext?: Record<string, unknown> };
type Next = (message: BayeuxMessage) => void;

export interface EventStreamOptions {
  /** A jsforce connection (the target org's). */
  conn: unknown;
  channels?: readonly string[];
  /** Replay id per channel to resume after (the checkpoint); a channel without one starts with new events (-1). */
  replayFrom: Record<string, number>;
  log: ServiceLog;
  onChange: (notice: ChangeNotice) => void;
  /** A replay id the org no longer has: events may have been missed on that channel. */
  onGap: (channel: string, replayId: number, error: string) => void;
  /**
   * The org refused the session (401): make the connection's login usable again (a REST call lets jsforce refresh
   * the access token) and say whether it is; false turns event mode off until the service restarts.
   */
  refreshAuth?: () => Promise<boolean>;
}

export interface EventsHealth {
  connected: boolean;
  /** Replay id of the last event received per channel (-1: none yet, new events only). */
  replayIds: Record<string, number>;
  received: number;
  gaps: number;
  reconnects: number;
  lastEventAt?: string;
  /** Set when event mode is off: why, and what to do (the interval syncs still run). */
  off?: string;
}

export class EventStream {
  private client: FayeClient | undefined;
  private readonly replay = new Map<string, number>();
  private readonly channels: readonly string[];
  private connected = false;
  private wasDown = false;
  private stopped = false;
  private restartScheduled = false;
  private received = 0;
  private gaps = 0;
  private reconnects = 0;
  private lastEventAt: string | undefined;
  private off: string | undefined;
  /** Set while a refreshed login has not yet delivered a subscription: a second 401 then turns event mode off. */
  private refreshPending = false;

  public constructor(private readonly options: EventStreamOptions) {
    this.channels = options.channels ?? CHANGE_EVENT_CHANNELS;
    for (const c of this.channels) this.replay.set(c, options.replayFrom[c] ?? -1);
  }

  /** Subscribes to every channel; resolves when the org acknowledged (or refused) each subscription. */
  public async start(): Promise<void> {
    const { conn, log } = this.options;
    const streaming = (conn as Partial<StreamingConnection>).streaming;
    if (streaming === undefined) throw new Error('this connection has no Streaming API client (jsforce conn.streaming)');
    // a dropped client's late replies (a 401 to the connect it sent before the restart) are not about the new one
    const client: FayeClient = streaming.createClient([this.extension(() => this.client === client)]) as FayeClient;
    this.client = client;
    client.on('transport:down', () => {
      if (this.client !== client || !this.connected) return;
      this.connected = false;
      this.wasDown = true;
      log.warn('events-down', { replayIds: this.replayIds() }, 'change events: connection to the org lost; reconnecting, then resuming from the last replay ids (interval syncs still run)');
    });
    client.on('transport:up', () => {
      if (this.client !== client || this.connected) return;
      this.connected = true;
      if (!this.wasDown) return;
      this.reconnects++;
      log.info('events-up', { replayIds: this.replayIds() }, `change events: reconnected, resuming from replay ids ${JSON.stringify(this.replayIds())}`);
    });
    const from = this.replayIds();
    const results = await Promise.allSettled(this.channels.map((c) => Promise.resolve(client.subscribe(c, (m) => this.deliver(c, m)))));
    // a gap replaced this client meanwhile: the new one reports its own subscriptions
    if (this.client !== client) return;
    const ok = this.channels.filter((_c, i) => results[i]!.status === 'fulfilled');
    this.connected = ok.length > 0;
    if (ok.length > 0) this.refreshPending = false;
    if (ok.length > 0) log.info('events-subscribed', { channels: ok, replayFrom: Object.fromEntries(ok.map((c) => [c, from[c]])) }, `change events: subscribed to ${ok.join(', ')} (after replay ids ${ok.map((c) => from[c]).join(', ')})`);
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected' && !/replayId/i.test(String((r.reason as { message?: string })?.message ?? r.reason))) {
        log.error('events-subscribe', { channel: this.channels[i], error: String((r.reason as Error)?.message ?? r.reason) }, `change events: cannot subscribe to ${this.channels[i]}: ${String((r.reason as Error)?.message ?? r.reason)}. Enable Change Data Capture for its object in Setup; the interval syncs still run.`);
      }
    }
  }

  public stop(): void {
    this.stopped = true;
    if (this.client !== undefined) closeClient(this.client);
    this.client = undefined;
  }

  /** The replay id of the last event received on each channel. */
  public replayIds(): Record<string, number> {
    return Object.fromEntries(this.replay);
  }

  public health(): EventsHealth {
    return { connected: this.connected, replayIds: this.replayIds(), received: this.received, gaps: this.gaps, reconnects: this.reconnects, ...(this.lastEventAt !== undefined ? { lastEventAt: this.lastEventAt } : {}), ...(this.off !== undefined ? { off: this.off } : {}) };
  }

  private deliver(channel: string, message: unknown): void {
    const m = message as { event?: { replayId?: unknown }; payload?: { ChangeEventHeader?: { entityName?: string; changeType?: string; recordIds?: string[]; changedFields?: string[] } } };
    const replayId = Number(m.event?.replayId);
    if (Number.isFinite(replayId)) this.replay.set(channel, replayId);
    this.received++;
    this.lastEventAt = new Date().toISOString();
    const h = m.payload?.ChangeEventHeader;
    this.options.onChange({ channel, replayId, entity: h?.entityName, changeType: h?.changeType, recordIds: h?.recordIds ?? [], changedFields: h?.changedFields ?? [] });
  }

  /**
   * The replay extension for all channels at once: jsforce's StreamingExtension.Replay holds one channel, and several
   * of them on one client overwrite each other's `ext.replay` (jsforce issue #1700). Each subscribe — the first one
   * and faye's own after a reconnect or a new handshake — asks for the events after the last replay id received.
   */
  private extension(isCurrent: () => boolean): { outgoing(m: BayeuxMessage, next: Next): void; incoming(m: BayeuxMessage, next: Next): void } {
    return {
      outgoing: (m, next) => {
        if (m.channel === '/meta/subscribe' && typeof m.subscription === 'string' && this.replay.has(m.subscription)) {
          const ext = m.ext ?? {};
          m.ext = { ...ext, replay: { ...(ext.replay as Record<string, number> | undefined), [m.subscription]: this.replay.get(m.subscription) } };
        }
        next(m);
      },
      incoming: (m, next) => {
        if (!isCurrent()) return next(m);
        const reason = (m.ext?.sfdc as { failureReason?: unknown } | undefined)?.failureReason ?? m.error;
        if ((m.channel === '/meta/handshake' || m.channel === '/meta/connect') && m.successful === false && /^401::/.test(String(reason))) {
          this.authFailure(String(reason));
        }
        if (m.channel === '/meta/subscribe' && m.successful === false && typeof m.subscription === 'string' && /replayId/i.test(String(m.error))) {
          this.gap(m.subscription, String(m.error));
        }
        next(m);
      },
    };
  }

  /** The org no longer has the events after our replay id: report it, and start that channel again from new events. */
  private gap(channel: string, error: string): void {
    if (this.stopped) return;
    const replayId = this.replay.get(channel) ?? -1;
    this.gaps++;
    this.replay.set(channel, -1);
    this.options.onGap(channel, replayId, error);
    // a new client: faye keeps a refused channel's listener without a subscription behind it
    this.restart();
  }

  /**
   * The session expired or was revoked: drop this client (faye would retry the refused handshake for ever), let the
   * login be refreshed, and subscribe again after the same replay ids. A refresh that does not help — the next
   * handshake is refused again before any subscription — turns event mode off instead of looping.
   */
  private authFailure(reason: string): void {
    if (this.stopped || this.client === undefined) return;
    const { log, refreshAuth } = this.options;
    this.connected = false;
    const retry = !this.refreshPending && refreshAuth !== undefined;
    this.restart(async () => {
      const refreshed = retry ? await refreshAuth().catch(() => false) : false;
      if (!refreshed) {
        this.off = `the org refused the session (${reason}) and the login could not be refreshed`;
        log.error('events-auth', { error: reason }, `change events: ${this.off}. Event mode is off until the service restarts; the interval syncs still run. Log in again (sf org login web --alias <org>), then restart partnerlens serve.`);
        return false;
      }
      this.refreshPending = true;
      this.reconnects++;
      log.warn('events-auth', { error: reason, replayIds: this.replayIds() }, `change events: the org refused the session (${reason}); the login was refreshed, subscribing again after replay ids ${JSON.stringify(this.replayIds())}`);
      return true;
    });
  }

  /**
   * Replaces the client: drops it now (its messages are no longer ours), closes it on the next tick (this runs inside
   * its own incoming extension), then subscribes again after the last replay ids unless `prepare` says not to.
   * Several refusals in one reply make one restart.
   */
  private restart(prepare: () => Promise<boolean> = async () => true): void {
    if (this.restartScheduled) return;
    this.restartScheduled = true;
    const old = this.client;
    this.client = undefined;
    setImmediate(() => {
      this.restartScheduled = false;
      if (old !== undefined) closeClient(old);
      void (async () => {
        if (this.stopped || !(await prepare()) || this.stopped) return;
        await this.start();
      })().catch((e: unknown) => this.options.log.error('events-subscribe', { error: String(e) }, `change events: cannot subscribe again: ${String(e)}; the interval syncs still run.`));
    });
  }
}
