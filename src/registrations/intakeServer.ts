import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import type { OrgClient } from '../org/client.js';
import { registrationSchema, REGISTRATION_FILE_HEADER, toRegistration } from '../sources/registrationFile.js';
import { sourceMessages } from '../sources/fileError.js';
import { PRIVATE_DIR, PRIVATE_FILE } from '../sync/state.js';
import { intakeRegistrations } from './intake.js';
import { signatureMatches, SIGNATURE_WINDOW_SECONDS } from './signature.js';

/** One registration a request: 64 KB is far above any real one and keeps a flood from filling memory. */
export const MAX_INTAKE_BODY = 64 * 1024;

export interface IntakeServerOptions {
  client: OrgClient;
  /** Partner reference (External_Id__c or Domain__c, as in the config) -> its signing secret. */
  secrets: ReadonlyMap<string, string>;
  /** Accepted requests per partner per minute. */
  ratePerMinute: number;
  /** Where a request that was accepted but could not be written is kept (JSON lines, 0600). */
  errorsFile: string;
  now?: () => Date;
  log?: (line: string) => void;
}

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

const bodySchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

class TooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_INTAKE_BODY) throw new TooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_INTAKE_BODY) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/**
 * POST /registrations for partners' systems (docs/registrations.md): the partner, a timestamp within
 * 5 minutes and an HMAC of "timestamp.body" are checked before the body is parsed; the Idempotency-Key
 * is the registration id, so a resent request returns the first answer's registration and writes nothing.
 * Requests are decided one at a time, so two partners racing for one company get one winner here too.
 */
export function createIntakeServer(options: IntakeServerOptions): Server {
  const now = options.now ?? (() => new Date());
  const windows = new Map<string, { start: number; count: number }>();
  // decisions one at a time (two racing partners: one winner); reading and checking requests stay parallel
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

  const limited = (partner: string): number | undefined => {
    const t = now().getTime();
    const w = windows.get(partner);
    if (w === undefined || t - w.start >= 60_000) {
      windows.set(partner, { start: t, count: 1 });
      return undefined;
    }
    if (w.count >= options.ratePerMinute) return Math.ceil((w.start + 60_000 - t) / 1000);
    w.count++;
    return undefined;
  };

  const keep = (entry: Record<string, unknown>): void => {
    mkdirSync(path.dirname(options.errorsFile), { recursive: true, mode: PRIVATE_DIR });
    appendFileSync(options.errorsFile, `${JSON.stringify({ at: now().toISOString(), ...entry })}\n`, { mode: PRIVATE_FILE });
  };

  async function answer(req: IncomingMessage): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://intake.invalid');
    if (url.pathname !== '/registrations') return { status: 404, body: { error: 'NOT_FOUND', message: 'POST registrations to /registrations.' } };
    if (req.method !== 'POST') return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: 'Only POST is accepted.' }, headers: { Allow: 'POST' } };
    const partner = header(req, 'x-partnerlens-partner');
    const timestamp = header(req, 'x-partnerlens-timestamp');
    const signature = header(req, 'x-partnerlens-signature');
    const secret = partner === undefined ? undefined : options.secrets.get(partner);
    // who and when are checked before the body is read; the same answer for every failure tells an attacker nothing
    const unauthorised: Answer = { status: 401, body: { error: 'UNAUTHORIZED', message: 'Sign the request: X-PartnerLens-Partner, X-PartnerLens-Timestamp (Unix seconds, within 5 minutes) and X-PartnerLens-Signature (hex HMAC-SHA256 of "timestamp.body" with your secret).' } };
    if (secret === undefined || timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) return unauthorised;
    if (Math.abs(now().getTime() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) return unauthorised;
    if (!(header(req, 'content-type') ?? '').startsWith('application/json')) return { status: 415, body: { error: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the registration as application/json.' } };
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (e) {
      if (e instanceof TooLarge) return { status: 413, body: { error: 'PAYLOAD_TOO_LARGE', message: `A request may carry at most ${MAX_INTAKE_BODY} bytes: send one registration per request.` }, headers: { Connection: 'close' } };
      throw e;
    }
    if (!signatureMatches(secret, timestamp, raw, signature)) return unauthorised;
    const retryAfter = limited(partner as string);
    if (retryAfter !== undefined) return { status: 429, body: { error: 'RATE_LIMITED', message: `At most ${options.ratePerMinute} requests a minute; retry after ${retryAfter} s.` }, headers: { 'Retry-After': String(retryAfter) } };
    const key = header(req, 'idempotency-key');
    if (key === undefined || key.length > 200) return { status: 400, body: { error: 'MISSING_IDEMPOTENCY_KEY', field: 'Idempotency-Key', message: 'Give each registration its own Idempotency-Key header (your registration id, at most 200 characters); resend with the same key.' } };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { status: 400, body: { error: 'MALFORMED_JSON', message: 'The body is not JSON: send one registration as a JSON object.' } };
    }
    const shape = bodySchema.safeParse(json);
    if (!shape.success) return { status: 400, body: { error: 'INVALID_BODY', message: 'Send one registration as a JSON object of text and number fields.' } };
    const cells = Object.fromEntries(Object.keys(REGISTRATION_FILE_HEADER).map((field) => [field, shape.data[field] === undefined || shape.data[field] === null ? '' : String(shape.data[field])]));
    if (cells.registrationId !== '' && cells.registrationId !== key) return { status: 400, body: { error: 'KEY_MISMATCH', field: 'registrationId', message: 'registrationId, when given, must equal the Idempotency-Key.' } };
    const parsed = registrationSchema.safeParse({ ...cells, registrationId: key });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? '?');
      return { status: 400, body: { error: 'INVALID_FIELD', field, message: `${field}: ${sourceMessages.getMessage(issue?.message ?? 'error.MissingValue', [cells[field] ?? ''])} ${sourceMessages.getMessages(`${issue?.message ?? 'error.MissingValue'}.actions`).join(' ')}` } };
    }
    const registration = toRegistration(parsed.data);
    try {
      const result = await serial(() => intakeRegistrations(options.client, { partner: partner as string, registrations: [registration], now: now() }));
      const [outcome] = result.outcomes;
      if (outcome === undefined || outcome.outcome === 'failed') {
        keep({ partner, key, registration, reason: outcome?.reason ?? 'not written' });
        return { status: 503, body: { error: 'NOT_WRITTEN', retryable: true, message: 'The registration was kept but could not be written to the CRM yet; resend it later with the same Idempotency-Key.' } };
      }
      const replay = outcome.outcome === 'unchanged';
      return { status: replay ? 200 : 201, body: { registration: outcome.name ?? outcome.id, id: outcome.id, status: outcome.status, conflict: outcome.conflict ?? null, outcome: outcome.outcome, reason: outcome.reason, replay } };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/No partner|only Active partners/.test(message)) return { status: 403, body: { error: 'PARTNER_NOT_ACTIVE', message } };
      keep({ partner, key, registration, reason: message });
      return { status: 503, body: { error: 'NOT_WRITTEN', retryable: true, message: 'The registration was kept but could not be written to the CRM yet; resend it later with the same Idempotency-Key.' } };
    }
  }

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = Date.now();
    answer(req)
      .catch((e: unknown): Answer => ({ status: 500, body: { error: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }))
      .then((a) => {
        options.log?.(`${req.method ?? '?'} ${req.url ?? ''} ${a.status} ${String(a.body.error ?? a.body.outcome ?? '')} ${Date.now() - started} ms`);
        res.writeHead(a.status, { 'Content-Type': 'application/json', ...a.headers });
        res.end(JSON.stringify(a.body));
      })
      .catch(() => res.destroy());
  };
  const server = createServer(handle);
  // a client that trickles its headers or body cannot hold a connection open
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
