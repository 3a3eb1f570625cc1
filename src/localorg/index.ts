// The embedded local org: a Salesforce REST/Bulk subset on 127.0.0.1 over SQLite that jsforce, @salesforce/core and
// the sf CLI accept unchanged. `startLocalOrg()` is what `npm start` and every integration test talk to.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { API_VERSION } from '../schema/dataModel.js';
import { errorResponse, type ApiRequest, type ApiResponse } from './api.js';
import { describeGlobal, describeSObject, type DescribeGlobalResult, type DescribeSObjectResult } from './describe.js';
import { ApiError, notFound } from './errors.js';
import { FaultController, type FaultKind, type FaultPlan } from './faults.js';
import { LATEST_API_VERSION, RestApi, supportedVersions } from './rest.js';
import { buildSchema } from './schema.js';
import { compileSoql, execute, shape } from './soql.js';
import { Engine, type SaveResult } from './store.js';
import { BodyTooLarge, isOwnHost, parseTarget, readLimitedBody } from './http.js';
import { handleUiApi } from './uiapi/index.js';
import type { ChangeEventOptions } from './changeEvents.js';
import { StreamingApi, type StreamingOptions } from './streaming.js';

export type { SaveResult } from './store.js';
export type { FaultPlan, FaultKind } from './faults.js';
export { FaultController } from './faults.js';
export type { DescribeGlobalResult, DescribeSObjectResult } from './describe.js';
export type { ChangeEventOptions } from './changeEvents.js';
export type { SentNotification } from './actions.js';
import type { SentNotification } from './actions.js';

export interface LocalOrgOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** SQLite file; default ':memory:'. */
  dataFile?: string;
  /** Default <repo>/force-app. */
  forceAppDir?: string;
  faults?: FaultPlan;
  /** Daily API request limit reported in Sforce-Limit-Info and /limits; default 100,000. */
  dailyApiLimit?: number;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
  /** The org's clock (CreatedDate, date literals); default the system clock. */
  clock?: () => Date;
  /** Change Data Capture: which entities publish change events and how long they are kept (default 72 h). */
  changeEvents?: ChangeEventOptions;
  /** The CometD endpoint: how long a connect waits for events (default 110 s). */
  streaming?: StreamingOptions;
}

/** The Streaming API side of the local org, for tests that need the network or the retention to misbehave. */
export interface LocalStreaming {
  /** Destroys every open long poll (a network drop); with forgetClients the sessions go too (a server restart). */
  dropConnections(options?: { forgetClients?: boolean }): number;
  stats(): { clients: number; polling: number; subscriptions: string[] };
  /** The replay id of the newest change event (0 before the first). */
  latestReplayId(): number;
  /** Forgets the events up to and including replayId, as if they had passed the 72-hour retention. */
  expireThrough(replayId: number): void;
}

/** In-process access to the same engine the REST routes use (the preview's GraphQL layer and demo seeding). */
export interface OrgStore {
  query(soql: string, opts?: { includeDeleted?: boolean }): { totalSize: number; done: true; records: Record<string, unknown>[] };
  insert(sobject: string, fields: Record<string, unknown>, opts?: { allowReadOnly?: boolean }): SaveResult;
  update(sobject: string, id: string, fields: Record<string, unknown>): SaveResult;
  upsert(sobject: string, extIdField: string, extId: string, fields: Record<string, unknown>): SaveResult & { created: boolean };
  delete(sobject: string, id: string): SaveResult;
  describeSObject(name: string): DescribeSObjectResult;
  describeGlobal(): DescribeGlobalResult;
  objectNames(): string[];
}

export interface LocalOrg {
  instanceUrl: string;
  /** The 18-character 00D id of this org's data file (a new one per data file, kept across restarts). */
  orgId: string;
  accessToken: string;
  username: string;
  password: string;
  loginUrl: string;
  store: OrgStore;
  faults: FaultController;
  streaming: LocalStreaming;
  /** Custom notifications the org accepted through customNotificationAction, oldest first. */
  notifications(): SentNotification[];
  apiUsage(): { used: number; max: number };
  stop(): Promise<void>;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Form posts to the OAuth endpoints: a few hundred bytes in practice. */
const MAX_FORM_BODY = 64 * 1024;
/** Salesforce's REST limit for a non-multipart request: 50 MB of text. */
const MAX_REST_BODY = 50 * 1024 * 1024;
/** Streaming API: at most 32,768 bytes per request body. */
const MAX_COMETD_BODY = 32_768;
/** Bulk API 2.0: at most 150 MB of CSV per upload. */
const MAX_BULK_UPLOAD = 150 * 1024 * 1024;

export function createStore(engine: Engine): OrgStore {
  return {
    query: (soql, opts) => {
      const cq = compileSoql(engine, soql, opts);
      const { rows, totalSize } = execute(engine, cq);
      return { totalSize, done: true, records: shape(engine, cq, rows) };
    },
    insert: (sobject, fields, opts) => Engine.result(() => engine.insertRecord(sobject, fields, opts)),
    update: (sobject, id, fields) => Engine.result(() => engine.updateRecord(sobject, id, fields)),
    upsert: (sobject, extIdField, extId, fields) => {
      let created = false;
      const r = Engine.result(() => {
        const out = engine.upsertRecord(sobject, extIdField, extId, fields);
        created = out.created;
        return out.id;
      });
      return { ...r, created };
    },
    delete: (sobject, id) => Engine.result(() => engine.deleteRecord(sobject, id)),
    describeSObject: (name) => describeSObject(engine.object(name), API_VERSION),
    describeGlobal: () => describeGlobal(engine.schema, API_VERSION),
    objectNames: () => engine.schema.objects.map((o) => o.name),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function faultResponse(kind: FaultKind): ApiResponse | undefined {
  switch (kind) {
    case 'http429':
      return { status: 429, headers: { 'Retry-After': '1' }, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' }] };
    case 'http503':
      return { status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable. Please try again.' }] };
    case 'requestLimit':
      return { status: 403, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }] };
    case 'lockRow':
      return { status: 400, body: [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record or 1 records' }] };
    case 'apiDisabled':
      return { status: 403, body: [{ errorCode: 'API_DISABLED_FOR_ORG', message: 'The REST API is not enabled for this Organization.' }] };
    default:
      return undefined;
  }
}

/** force-app's custom notification types as CustomNotificationType rows (deployed with the objects), once per data file. */
function seedNotificationTypes(store: OrgStore, forceAppDir: string): void {
  const dir = path.join(forceAppDir, 'main', 'default', 'notificationtypes');
  for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
    const name = /^(\w+)\.notiftype-meta\.xml$/.exec(file)?.[1];
    if (name === undefined || store.query(`SELECT Id FROM CustomNotificationType WHERE DeveloperName = '${name}'`).totalSize > 0) continue;
    const xml = readFileSync(path.join(dir, file), 'utf8');
    const tag = (t: string): string | undefined => new RegExp(`<${t}>([^<]*)</${t}>`).exec(xml)?.[1];
    store.insert('CustomNotificationType', {
      DeveloperName: name, MasterLabel: tag('masterLabel') ?? name, CustomNotifTypeName: tag('customNotifTypeName') ?? name,
      Description: tag('description')?.replace(/&apos;/g, "'").replace(/&amp;/g, '&') ?? null, Desktop: tag('desktop') === 'true', Mobile: tag('mobile') === 'true',
    });
  }
}

/** force-app's permission sets as PermissionSet rows (deployed with the objects), once per data file. */
function seedPermissionSets(store: OrgStore, forceAppDir: string): void {
  const dir = path.join(forceAppDir, 'main', 'default', 'permissionsets');
  for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
    const name = /^(\w+)\.permissionset-meta\.xml$/.exec(file)?.[1];
    if (name === undefined || store.query(`SELECT Id FROM PermissionSet WHERE Name = '${name}'`).totalSize > 0) continue;
    const label = /<label>([^<]*)<\/label>/.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1] ?? name;
    store.insert('PermissionSet', { Name: name, Label: label });
  }
}

export async function startLocalOrg(opts: LocalOrgOptions = {}): Promise<LocalOrg> {
  const username = opts.username ?? 'admin@partnerlens.local';
  // No fixed default: the password grant works only with the one this start generated (org start prints it).
  const password = opts.password ?? randomBytes(18).toString('base64url');
  const forceAppDir = opts.forceAppDir ?? path.join(REPO_ROOT, 'force-app');
  const schema = buildSchema(forceAppDir);
  const engine = new Engine(schema, opts.dataFile ?? ':memory:', opts.clock ?? (() => new Date()), username, opts.changeEvents);
  // A formula or roll-up the org cannot compute would read as blank: refuse to serve wrong values.
  if (engine.problems.length > 0) {
    engine.close();
    throw new Error(`The local org cannot compute these fields of ${opts.forceAppDir ?? 'force-app'}:\n  ${engine.problems.join('\n  ')}\nSimplify the formula or roll-up (docs/localorg.md lists what is supported).`);
  }
  const faults = new FaultController(opts.faults ?? FaultController.fromEnv(process.env.PARTNERLENS_FAULTS));
  const api = new RestApi(engine, faults, { username, password, clientId: opts.clientId, clientSecret: opts.clientSecret }, '');
  api.usage.max = opts.dailyApiLimit ?? 100_000;
  const accessToken = `${engine.orgId.slice(0, 15)}!${randomBytes(32).toString('base64url')}`;
  api.tokens.add(accessToken);
  const store = createStore(engine);
  seedPermissionSets(store, forceAppDir);
  seedNotificationTypes(store, forceAppDir);
  const streaming = new StreamingApi(engine.changeEvents, LATEST_API_VERSION, opts.streaming);

  let port = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // No CORS headers, ever: a web page on another origin cannot read the org's answers.
    const send = (r: ApiResponse): void => {
      const headers: Record<string, string> = { 'Sforce-Limit-Info': `api-usage=${api.usage.used}/${api.usage.max}`, ...r.headers };
      let payload = '';
      if (r.text !== undefined) payload = r.text;
      else if (r.body !== undefined && r.status !== 204) {
        payload = JSON.stringify(r.body);
        headers['Content-Type'] = 'application/json;charset=UTF-8';
      }
      res.writeHead(r.status, headers);
      res.end(payload);
    };
    const fail = (status: number, errorCode: string, message: string): void => send({ status, body: [{ errorCode, message }] });
    // A page on a DNS name rebound to 127.0.0.1 sends its own name as Host: answer only our address.
    if (!isOwnHost(req, port)) return fail(421, 'MISDIRECTED_REQUEST', `This local org answers only Host 127.0.0.1:${port} or localhost:${port}.`);
    const target = parseTarget(req.url);
    if (!target) return fail(400, 'MALFORMED_URL', 'The request path is not a valid URL path: check its percent-encoding.');
    const { path: p, segments, query } = target;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
    const apiReq: ApiRequest = { method: req.method ?? 'GET', path: p, query, headers, body: undefined };
    const readBody = async (limit: number): Promise<boolean> => {
      let raw: string;
      try {
        raw = (await readLimitedBody(req, limit)).toString('utf8');
      } catch (e) {
        if (!(e instanceof BodyTooLarge)) throw e;
        res.setHeader('Connection', 'close');
        fail(413, 'REQUEST_ENTITY_TOO_LARGE', `The request body exceeds the limit of ${limit} bytes.`);
        return false;
      }
      const contentType = req.headers['content-type'] ?? '';
      apiReq.body = raw;
      if (raw && (contentType.includes('json') || (!contentType && /^\s*[[{]/.test(raw)))) {
        try {
          apiReq.body = JSON.parse(raw);
        } catch {
          send(errorResponse(new ApiError(400, 'JSON_PARSER_ERROR', 'Unexpected character in the request body')));
          return false;
        }
      }
      return true;
    };

    try {
      if (p === '/services/oauth2/token' || p === '/services/oauth2/revoke') {
        if (req.method !== 'POST') return fail(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are POST`);
        if (!(await readBody(MAX_FORM_BODY))) return;
        return send(p.endsWith('token') ? api.token(apiReq) : api.revoke(apiReq));
      }
      if (p === '/services/data') return send(api.versions(apiReq));
      if (segments[0] === 'cometd') return await cometd(req, res, segments, apiReq);

      // Authenticate before a body is read or parsed. The identity URL also takes ?oauth_token=, as Salesforce's does.
      const bearer = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
      const token = bearer ?? (segments[0] === 'id' ? query.get('oauth_token') ?? undefined : undefined);
      if (!token || !api.tokens.has(token)) return fail(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      if (p === '/services/oauth2/userinfo') return send(api.userinfo());
      if (segments[0] === 'id' && segments.length === 3) return send(api.identity(segments[1]!, segments[2]!));
      const version = segments[0] === 'services' && segments[1] === 'data' ? /^v(\d+\.\d)$/.exec(segments[2] ?? '')?.[1] : undefined;
      if (!version || !supportedVersions().includes(version)) return send(errorResponse(notFound()));

      // Every data request counts against the daily limit, as on Salesforce; past it the org refuses.
      api.usage.used++;
      if (api.usage.used > api.usage.max) return fail(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      const rest = segments.slice(3);
      const bulkUpload = rest[0] === 'jobs' && rest[3] === 'batches';
      if (!(await readBody(bulkUpload ? MAX_BULK_UPLOAD : MAX_REST_BODY))) return;
      const singleWrite = rest[0] === 'sobjects' && rest.length >= 2 && ['POST', 'PATCH', 'DELETE'].includes(apiReq.method);
      const fault = faults.draw(p, singleWrite);
      if (fault === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault === 'latency') await sleep(faults.latencyMs);
      const injected = fault ? faultResponse(fault) : undefined;
      if (injected) return send(injected);

      if (rest[0] === 'graphql' || rest[0] === 'ui-api') {
        const r = await handleUiApi({ method: apiReq.method, path: `/${rest.join('/')}`, query, body: apiReq.body }, store);
        return send({ status: r.status, body: r.body });
      }
      send(api.data(apiReq, version, rest));
    } catch (e) {
      if (e instanceof ApiError) return send(errorResponse(e));
      throw e;
    }
  };

  /** POST /cometd/<version>: the bearer token as for REST, then Bayeux messages (docs/localorg.md). */
  const cometd = async (req: IncomingMessage, res: ServerResponse, segments: string[], apiReq: ApiRequest): Promise<void> => {
    const bayeux = (status: number, error: string, extra: Record<string, unknown> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify([{ successful: false, error, ...extra }]));
    };
    const bearer = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!bearer) return bayeux(401, '401::Request requires authentication', { advice: { reconnect: 'none', interval: 0 } });
    // Salesforce (Spring '18, "CometD auth validation"): an expired or revoked session is a denied handshake naming the
    // reason in ext.sfdc.failureReason, with advice not to reconnect; jsforce's StreamingExtension.AuthFailure reads it
    if (!api.tokens.has(bearer)) {
      return bayeux(401, '403::Handshake denied', { channel: '/meta/handshake', ext: { sfdc: { failureReason: '401::Authentication invalid' }, replay: true }, advice: { reconnect: 'none', interval: 0 } });
    }
    const versionError = streaming.versionError(segments[1]);
    if (versionError !== undefined) return bayeux(400, versionError);
    if (req.method !== 'POST') return bayeux(400, `400::Invalid connection type: the long-polling transport POSTs its messages, not ${req.method}`);
    let raw: string;
    try {
      raw = (await readLimitedBody(req, MAX_COMETD_BODY)).toString('utf8');
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      res.setHeader('Connection', 'close');
      return bayeux(413, '413::Maximum Request Size Exceeded');
    }
    try {
      apiReq.body = JSON.parse(raw) as unknown;
    } catch {
      return bayeux(400, '400::Malformed JSON in the request body');
    }
    streaming.handle(apiReq.body, res);
  };

  // Salesforce answers 431 past 16,384 bytes of URI and headers; Node's parser enforces the same bound.
  const server = createServer({ maxHeaderSize: 16_384 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([{ errorCode: 'UNKNOWN_EXCEPTION', message: e instanceof Error ? e.message : String(e) }]));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const instanceUrl = `http://127.0.0.1:${port}`;
  api.instanceUrl = instanceUrl;

  return {
    instanceUrl, orgId: engine.orgId, accessToken, username, password, loginUrl: instanceUrl, store, faults,
    streaming: {
      dropConnections: (o) => streaming.dropConnections(o),
      stats: () => streaming.stats(),
      latestReplayId: () => engine.changeEvents.latestId(),
      expireThrough: (id) => engine.changeEvents.expireThrough(id),
    },
    notifications: () => [...api.actions.sent],
    apiUsage: () => ({ ...api.usage }),
    stop: async () => {
      streaming.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      engine.close();
    },
  };
}
