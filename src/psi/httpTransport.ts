// The HTTP transport: `psi serve` answers exchanges on one endpoint, `psi connect` runs the initiator
// against it. Bearer token, optional TLS, body size limits, timeouts and an hourly exchange limit
// (a partner probing with guessed domains has to start a new exchange for every guess).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIPv4, type AddressInfo } from 'node:net';
import { PsiError, isPsiError } from './errors.js';
import type { PsiCompute } from './pool.js';
import { completeInitiator, completeResponder, finishExchange, respondToStart, responseMode, startExchange, type PsiMessage, type PsiMode, type PsiParty, type PsiResult, type ResponderState } from './protocol.js';
import { checkBudget, recordReveal, refuseCompleted, writeResult, type ExchangeBudget } from './result.js';
import { checkSetDifference, recordRevealedSet } from './setHistory.js';
import { decodeMessage, encodeMessage } from './wire.js';

export const PSI_PATH = '/psi/v1/exchange';

export interface ServeOptions {
  party: PsiParty;
  compute: PsiCompute;
  host: string;
  port: number;
  token: string;
  tls?: { key: string | Buffer; cert: string | Buffer };
  maxMessageBytes: number;
  /** Per request (reading the body to answering), and how long a started exchange waits for its finish. */
  timeoutMs: number;
  maxExchangesPerHour: number;
  /** Where result files go. */
  dir: string;
  /** Per-partner exchange budget over the result files in `dir`. */
  budget?: ExchangeBudget;
  onEvent?: (event: ServeEvent) => void;
  /** Clock for the hourly limit (tests pass their own). */
  now?: () => number;
}

export type ServeEvent = { kind: 'started'; session: string; partnerSetSize: number; mode: PsiMode } | { kind: 'completed'; session: string; resultFile: string; result: PsiResult } | { kind: 'refused'; status: number; message: string };

export interface PsiServer {
  url: string;
  close(): Promise<void>;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function errorBody(error: unknown): { status: number; body: string } {
  const psi = isPsiError(error) ? error : undefined;
  const status = psi === undefined ? 500 : psi.rule === 'Unauthorized' ? 401 : psi.rule === 'RateLimited' ? 429 : psi.rule === 'MessageTooLarge' ? 413 : 400;
  const message = error instanceof Error ? error.message : String(error);
  return { status, body: JSON.stringify({ error: { name: psi?.name ?? 'PsiServerError', message, actions: psi?.actions ?? [] } }) };
}

function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      reject(new PsiError('MessageTooLarge', [declared, maxBytes]));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        reject(new PsiError('MessageTooLarge', [size, maxBytes]));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The shortest bearer token `psi serve` accepts: a short one can be guessed over the network. */
export const MIN_TOKEN_LENGTH = 32;

/** A fresh random token (32 URL-safe characters, 192 bits) for a server started without one. */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Loopback only: anything else is reachable from the network, where the token would travel in clear. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIPv4(v4) && v4.startsWith('127.');
}

export async function servePsi(options: ServeOptions): Promise<PsiServer> {
  if (options.token.length < MIN_TOKEN_LENGTH) throw new PsiError('WeakToken', [options.token.length, MIN_TOKEN_LENGTH]);
  if (options.tls === undefined && !isLoopback(options.host)) throw new PsiError('InsecureBind', [options.host]);
  const expected = digest(options.token);
  const now = options.now ?? Date.now;
  const sessions = new Map<string, { state: ResponderState; expires: number }>();
  const recentStarts: number[] = [];

  async function handle(message: PsiMessage): Promise<{ answer?: PsiMessage; event?: ServeEvent }> {
    for (const [id, entry] of sessions) if (entry.expires < now()) sessions.delete(id);
    refuseCompleted(options.dir, message.session, 'responder');
    if (message.type === 'start') {
      // a start replayed while its exchange is open would replace the secret state
      if (sessions.has(message.session)) throw new PsiError('WrongSession', [message.session, 'already under way on this server (a replay)']);
      while (recentStarts.length > 0 && (recentStarts[0] ?? 0) <= now() - 3_600_000) recentStarts.shift();
      if (recentStarts.length >= options.maxExchangesPerHour) throw new PsiError('RateLimited', [recentStarts.length]);
      checkBudget(options.dir, options.party.partner, options.budget, new Date(now()));
      if (responseMode(options.party, message) === 'counts') await checkSetDifference(options.dir, options.party);
      recentStarts.push(now());
      const responded = await respondToStart(options.party, message, options.compute);
      await recordRevealedSet(options.dir, options.party, message.session);
      if (options.budget !== undefined) await recordReveal(options.dir, options.party.partner, message.session, 'responder');
      sessions.set(message.session, { state: responded.state, expires: now() + options.timeoutMs });
      return { answer: responded.message, event: { kind: 'started', session: message.session, partnerSetSize: message.setSize, mode: responded.state.mode } };
    }
    if (message.type !== 'finish') throw new PsiError('UnexpectedMessage', ['start or finish', message.type]);
    const entry = sessions.get(message.session);
    if (entry === undefined) throw new PsiError('WrongSession', [message.session, 'none open on this server']);
    const completed = completeResponder(entry.state, message);
    sessions.delete(message.session);
    const resultFile = await writeResult(options.dir, completed.result);
    return { answer: completed.message, event: { kind: 'completed', session: message.session, resultFile, result: completed.result } };
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const reply = (status: number, body?: string): void => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body);
    };
    const fail = (error: unknown): void => {
      const { status, body } = errorBody(error);
      options.onEvent?.({ kind: 'refused', status, message: error instanceof Error ? error.message : String(error) });
      // the partner may still be sending: answer, then stop reading
      res.setHeader('connection', 'close');
      reply(status, body);
    };
    if (req.method !== 'POST' || req.url !== PSI_PATH) {
      reply(404, JSON.stringify({ error: { name: 'NotFound', message: `POST ${PSI_PATH} is the only endpoint.`, actions: [] } }));
      return;
    }
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? digest(auth.slice(7)) : Buffer.alloc(expected.length);
    if (!auth.startsWith('Bearer ') || !timingSafeEqual(given, expected)) {
      fail(new PsiError('Unauthorized'));
      return;
    }
    readBody(req, options.maxMessageBytes)
      .then((body) => handle(decodeMessage(body, options.maxMessageBytes)))
      .then(({ answer, event }) => {
        if (answer === undefined) reply(204);
        else reply(200, encodeMessage(answer));
        // after the answer is on its way: a listener may stop the server on 'completed'
        if (event) options.onEvent?.(event);
      })
      .catch(fail);
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  server.requestTimeout = options.timeoutMs;
  server.headersTimeout = Math.min(options.timeoutMs, 60_000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}${PSI_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        // lets an answer being written finish; idle keep-alive connections are closed
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

export interface ConnectOptions {
  url: string;
  token: string;
  /** Extra CA certificate(s) to trust (a partner's self-signed server). */
  ca?: string | Buffer;
  timeoutMs: number;
  maxMessageBytes: number;
  dir: string;
  compute: PsiCompute;
  budget?: ExchangeBudget;
}

function post(message: PsiMessage, options: ConnectOptions): Promise<PsiMessage | undefined> {
  const body = encodeMessage(message);
  const url = new URL(options.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'POST', ca: options.ca, headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      readBody(res, options.maxMessageBytes)
        .then((data) => {
          const status = res.statusCode ?? 0;
          if (status === 204) return resolve(undefined);
          if (status === 200) return resolve(decodeMessage(data, options.maxMessageBytes));
          if (status === 401) return reject(new PsiError('Unauthorized'));
          let reason = `HTTP ${status}`;
          try {
            const parsed = JSON.parse(data.toString('utf8')) as { error?: { message?: unknown } };
            if (typeof parsed.error?.message === 'string') reason = parsed.error.message;
          } catch {
            // a body that is not ours (a proxy's error page): the status says enough
          }
          reject(new PsiError('PeerError', [reason]));
        })
        .catch(reject);
    });
    req.setTimeout(options.timeoutMs, () => req.destroy(new PsiError('Timeout', [options.timeoutMs])));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs a whole exchange as the initiator against a partner's `psi serve`; writes and returns our result. */
export async function connectPsi(party: PsiParty, mode: PsiMode, options: ConnectOptions): Promise<{ result: PsiResult; resultFile: string }> {
  checkBudget(options.dir, party.partner, options.budget);
  const started = await startExchange(party, mode, options.compute);
  if (started.state.mode === 'counts') await checkSetDifference(options.dir, party);
  const response = await post(started.message, options);
  if (response?.type !== 'response') throw new PsiError('UnexpectedMessage', ['response', response?.type ?? 'no message']);
  // the finish reveals our set; the partner may have answered in a lower mode than asked
  if (response.mode === 'counts' && started.state.mode !== 'counts') await checkSetDifference(options.dir, party);
  const finished = await finishExchange(started.state, response, options.compute);
  await recordRevealedSet(options.dir, party, started.state.session);
  if (options.budget !== undefined) await recordReveal(options.dir, party.partner, started.state.session, 'initiator');
  const answer = await post(finished.message, options);
  let result = finished.result;
  if (finished.state) {
    if (answer?.type !== 'attributes') throw new PsiError('UnexpectedMessage', ['attributes', answer?.type ?? 'no message']);
    result = completeInitiator(finished.state, answer);
  }
  if (result === undefined) throw new PsiError('BadState', ['finished without a result', 'connect']);
  return { result, resultFile: await writeResult(options.dir, result) };
}
