// The Streaming API's CometD endpoint (`/cometd/<version>`) as Salesforce serves it to Bayeux clients such as
// jsforce's faye-based `conn.streaming`: handshake, long-polling connect, subscribe and unsubscribe with the `replay`
// extension (replayId -1: new events only, -2: every retained event, N: the events after N, or the error Salesforce
// sends when N is no longer retained), disconnect. Change events come from the store's ChangeEventLog.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { channelOf, type ChangeEvent, type ChangeEventLog } from './changeEvents.js';

/** Salesforce: the server closes a long poll without events after 110 s and tells the client so in its advice. */
export const CONNECT_TIMEOUT_MS = 110_000;
/** A client that has not reconnected for this long is forgotten (its next message gets 403::Unknown client). */
const CLIENT_EXPIRY_MS = 120_000;
/** The oldest version that serves the Streaming API. */
const MIN_STREAMING_VERSION = 37;
/** All change events of every enabled entity. */
const ALL_CHANGES = '/data/ChangeEvents';

type Message = Record<string, unknown>;

interface Client {
  id: string;
  /** Subscribed channel -> replay id of the last event delivered on it. */
  channels: Map<string, number>;
  poll?: { res: ServerResponse; replies: Message[]; timer: NodeJS.Timeout };
  lastSeen: number;
}

export interface StreamingOptions {
  /** How long a connect waits for events; default 110 s. */
  connectTimeoutMs?: number;
}

const advice = (timeout: number): Message => ({ interval: 0, timeout, reconnect: 'retry' });

export class StreamingApi {
  private readonly clients = new Map<string, Client>();
  private readonly connectTimeout: number;
  private readonly sweeper: NodeJS.Timeout;
  private readonly offCommit: () => void;

  public constructor(
    private readonly log: ChangeEventLog,
    private readonly latestVersion: number,
    options: StreamingOptions = {},
  ) {
    this.connectTimeout = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
    this.offCommit = log.onCommit(() => this.flushAll());
    this.sweeper = setInterval(() => this.sweep(), 10_000);
    this.sweeper.unref();
  }

  public close(): void {
    clearInterval(this.sweeper);
    this.offCommit();
    for (const c of this.clients.values()) this.answer(c);
    this.clients.clear();
  }

  /** Tests: the network drops every open long poll (and with `forgetClients`, the server forgets the sessions too). */
  public dropConnections(options: { forgetClients?: boolean } = {}): number {
    let dropped = 0;
    for (const c of this.clients.values()) {
      if (c.poll) {
        clearTimeout(c.poll.timer);
        c.poll.res.socket?.destroy();
        c.poll = undefined;
        dropped++;
      }
    }
    if (options.forgetClients === true) this.clients.clear();
    return dropped;
  }

  /** Clients with a session, and how many wait in a long poll. */
  public stats(): { clients: number; polling: number; subscriptions: string[] } {
    const clients = [...this.clients.values()];
    return { clients: clients.length, polling: clients.filter((c) => c.poll).length, subscriptions: clients.flatMap((c) => [...c.channels.keys()]) };
  }

  /** Checks the version segment of `/cometd/<version>`: the Bayeux error text, or undefined when served. */
  public versionError(version: string | undefined): string | undefined {
    const uri = `URI format: '/cometd/${this.latestVersion}.0'`;
    if (version === undefined || version === '') return `400::API version in the URI is mandatory. ${uri}`;
    const m = /^(\d+)\.0$/.exec(version);
    if (!m || Number(m[1]) < MIN_STREAMING_VERSION || Number(m[1]) > this.latestVersion) return `400::Unsupported API version. Only API versions '${MIN_STREAMING_VERSION}.0' and later are supported. ${uri}`;
    return undefined;
  }

  /**
   * One POST of Bayeux messages (an array, or one object). Answers on `res` itself: at once, or — for a connect —
   * when events arrive, the client disconnects, or the connect timeout passes.
   */
  public handle(body: unknown, res: ServerResponse): void {
    const messages = Array.isArray(body) ? body : [body];
    if (messages.length === 0 || !messages.every((m) => m !== null && typeof m === 'object' && !Array.isArray(m))) {
      return send(res, 400, [{ successful: false, error: '400::Malformed request: expected a Bayeux message or an array of them' }]);
    }
    const replies: Message[] = [];
    let waiting: Client | undefined;
    for (const m of messages as Message[]) {
      const channel = typeof m.channel === 'string' ? m.channel : undefined;
      const base: Message = { channel: channel ?? null, ...(m.id !== undefined ? { id: m.id } : {}) };
      if (channel === '/meta/handshake') {
        replies.push(this.handshake(base));
        continue;
      }
      const client = typeof m.clientId === 'string' ? this.clients.get(m.clientId) : undefined;
      if (channel === undefined || !channel.startsWith('/meta/')) {
        replies.push({ ...base, successful: false, error: channel === undefined ? '400::Channel name not specified' : `403::Publishing to ${channel} is not allowed` });
        continue;
      }
      if (!client) {
        replies.push({ ...base, successful: false, error: '403::Unknown client', advice: { reconnect: 'handshake', interval: 0 } });
        continue;
      }
      client.lastSeen = Date.now();
      base.clientId = client.id;
      switch (channel) {
        case '/meta/connect':
          if (m.connectionType !== 'long-polling') {
            replies.push({ ...base, successful: false, error: `400::Invalid connection type ${String(m.connectionType)}` });
            break;
          }
          waiting = client;
          replies.push({ ...base, successful: true, advice: advice(this.connectTimeout) });
          break;
        case '/meta/subscribe':
          replies.push(this.subscribe(client, base, m));
          break;
        case '/meta/unsubscribe':
          replies.push(this.unsubscribe(client, base, m));
          break;
        case '/meta/disconnect':
          this.answer(client);
          this.clients.delete(client.id);
          replies.push({ ...base, successful: true });
          break;
        default:
          replies.push({ ...base, successful: false, error: `400::Unknown meta channel ${channel}` });
      }
    }
    if (!waiting) return send(res, 200, replies);
    // a connect: answer at once with events already waiting, else hold the request until some arrive
    const client = waiting;
    if (client.poll) this.answer(client);
    const pending = this.pending(client);
    if (pending.length > 0) return send(res, 200, [...pending, ...replies]);
    const timer = setTimeout(() => this.answer(client), this.connectTimeout);
    // a held poll must not keep a stopped org's process alive (its socket does while it is served)
    timer.unref();
    client.poll = { res, replies, timer };
    res.on('close', () => {
      if (client.poll?.res === res) {
        clearTimeout(timer);
        client.poll = undefined;
      }
    });
  }

  private handshake(base: Message): Message {
    const id = randomBytes(16).toString('base64url');
    this.clients.set(id, { id, channels: new Map(), lastSeen: Date.now() });
    return {
      ...base, ext: { replay: true, 'payload.format': true }, minimumVersion: '1.0', clientId: id, supportedConnectionTypes: ['long-polling'],
      advice: advice(this.connectTimeout), version: '1.0', successful: true,
    };
  }

  private entitiesOf(channel: string): string[] | undefined {
    if (channel === ALL_CHANGES) return [...this.log.entities];
    const entity = [...this.log.entities].find((e) => channelOf(e) === channel);
    return entity === undefined ? undefined : [entity];
  }

  private subscribe(client: Client, base: Message, m: Message): Message {
    const channel = m.subscription;
    if (typeof channel !== 'string' || channel === '') return { ...base, successful: false, error: '400::Channel name not specified' };
    const reply = { ...base, subscription: channel };
    if (!channel.startsWith('/')) return { ...reply, successful: false, error: "400::Channel subscriptions must start with a leading '/'" };
    if (!this.entitiesOf(channel)) return { ...reply, successful: false, error: `400::The channel you requested to subscribe to does not exist {${channel}}` };
    const ext = m.ext as { replay?: Record<string, unknown> } | undefined;
    const asked = ext?.replay?.[channel];
    const replayId = asked === undefined || asked === null ? -1 : Number(asked);
    const latest = this.log.latestId();
    const oldest = this.log.oldestId();
    let cursor: number;
    if (replayId === -1) cursor = latest;
    else if (replayId === -2) cursor = oldest - 1;
    else if (Number.isInteger(replayId) && replayId >= oldest - 1 && replayId <= latest) cursor = replayId;
    else {
      return { ...reply, successful: false, error: `400::The replayId {${String(asked)}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.` };
    }
    client.channels.set(channel, cursor);
    return { ...reply, successful: true };
  }

  private unsubscribe(client: Client, base: Message, m: Message): Message {
    const channel = typeof m.subscription === 'string' ? m.subscription : '';
    if (!client.channels.delete(channel)) return { ...base, subscription: channel, successful: false, error: `400::You are not subscribed to ${channel}` };
    return { ...base, subscription: channel, successful: true };
  }

  /** The data messages a client has not had yet, oldest first, and moves its cursors past them. */
  private pending(client: Client): Message[] {
    const out: { replayId: number; message: Message }[] = [];
    for (const [channel, cursor] of client.channels) {
      const events: ChangeEvent[] = this.log.since(cursor, new Set(this.entitiesOf(channel)));
      for (const e of events) out.push({ replayId: e.replayId, message: { channel, data: e.data } });
      if (events.length > 0) client.channels.set(channel, events[events.length - 1]!.replayId);
    }
    return out.sort((a, b) => a.replayId - b.replayId).map((o) => o.message);
  }

  private flushAll(): void {
    for (const c of this.clients.values()) {
      if (!c.poll) continue;
      const pending = this.pending(c);
      if (pending.length > 0) this.answer(c, pending);
    }
  }

  /** Ends a client's long poll with its connect reply (and any events). */
  private answer(client: Client, events: Message[] = []): void {
    const poll = client.poll;
    if (!poll) return;
    clearTimeout(poll.timer);
    client.poll = undefined;
    client.lastSeen = Date.now();
    send(poll.res, 200, [...events, ...poll.replies]);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, c] of this.clients) if (!c.poll && now - c.lastSeen > CLIENT_EXPIRY_MS) this.clients.delete(id);
  }
}

function send(res: ServerResponse, status: number, body: Message[]): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' });
  res.end(JSON.stringify(body));
}
