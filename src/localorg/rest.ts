// The REST routes of the local org: OAuth, identity, versions, describe, sObject CRUD and upsert, query with
// cursors, composite, collections, limits and Bulk API 2.0. Synchronous on purpose: a composite request runs its
// subrequests inside one SQLite transaction. The HTTP layer (server.ts) adds auth, limits, faults and CORS.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_VERSION } from '../schema/dataModel.js';
import { errorResponse, json, objectBody, type ApiRequest, type ApiResponse } from './api.js';
import { StandardActions } from './actions.js';
import { BulkApi } from './bulk.js';
import { parseTarget } from './http.js';
import { describeGlobal, describeSObject } from './describe.js';
import { ApiError, notFound } from './errors.js';
import type { FaultController } from './faults.js';
import { makeId, toId18 } from './ids.js';
import { columnMetadata, compileSoql, execute, shape, type CompiledQuery } from './soql.js';
import { q, type Engine, type Row } from './store.js';

export const MIN_API_VERSION = 31;
/** Winter '27, the current Salesforce release (December 2026): clients pinned to any released version are served. */
export const LATEST_API_VERSION = 68;
const MAX_COLLECTION = 200;
const MAX_CURSORS = 10;
const MAX_COMPOSITE = 25;

export interface Credentials {
  username: string;
  password: string;
  clientId?: string;
  clientSecret?: string;
}

interface Cursor {
  cq: CompiledQuery;
  rows: Row[];
  batch: number;
}

function safeEqual(given: string | null, expected: string): boolean {
  const [a, b] = [Buffer.from(given ?? ''), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 405 with the methods a resource allows, in Salesforce's words. */
function allow(req: ApiRequest, ...methods: string[]): void {
  if (!methods.includes(req.method)) throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are ${methods.join(',')}`);
}

/** Salesforce's release name for an API version: 31.0 was Summer '14, then three releases a year. */
function releaseLabel(version: number): string {
  const k = version - MIN_API_VERSION;
  const season = ['Summer', 'Winter', 'Spring'][k % 3];
  return `${season} '${14 + Math.floor((k + 2) / 3)}`;
}

export function supportedVersions(): string[] {
  const out: string[] = [];
  for (let v = MIN_API_VERSION; v <= LATEST_API_VERSION; v++) out.push(`${v}.0`);
  return out;
}

export class RestApi {
  public readonly tokens = new Set<string>();
  private readonly cursors = new Map<string, Cursor>();
  private readonly bulk: BulkApi;
  /** Invocable standard actions (custom notifications), with what they sent. */
  public readonly actions: StandardActions;
  private cursorSeq = 1;

  public constructor(
    public readonly engine: Engine,
    private readonly faults: FaultController,
    private readonly credentials: Credentials,
    public instanceUrl: string,
  ) {
    this.bulk = new BulkApi(engine, faults);
    this.actions = new StandardActions(engine);
  }

  private identityUrl(): string {
    return `${this.instanceUrl}/id/${this.engine.orgId}/${this.engine.userId}`;
  }

  // ---- OAuth and identity (no bearer token needed for the token endpoint) ---------------------------------------

  public token(req: ApiRequest): ApiResponse {
    const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
    for (const [k, v] of req.query) if (!form.has(k)) form.set(k, v);
    const grant = form.get('grant_type');
    const c = this.credentials;
    const fail = (error: string, description: string): ApiResponse => json(400, { error, error_description: description });
    if (grant !== 'password' && grant !== 'client_credentials') return fail('unsupported_grant_type', 'grant type not supported');
    // As on Salesforce, the client credentials flow needs a connected app with a secret: without one configured
    // (the default) no client can mint a token by asking.
    if (grant === 'client_credentials' && !c.clientSecret) return fail('invalid_grant', 'no client credentials user enabled');
    if (c.clientId && !safeEqual(form.get('client_id'), c.clientId)) return fail('invalid_client_id', 'client identifier invalid');
    if (c.clientSecret && !safeEqual(form.get('client_secret'), c.clientSecret)) return fail('invalid_client', 'invalid client credentials');
    if (grant === 'password' && (form.get('username') !== c.username || !safeEqual(form.get('password'), c.password))) return fail('invalid_grant', 'authentication failure');
    const accessToken = `${this.engine.orgId.slice(0, 15)}!${randomBytes(32).toString('base64url')}`;
    this.tokens.add(accessToken);
    const issuedAt = String(Date.now());
    const signature = createHmac('sha256', c.password).update(this.identityUrl() + issuedAt).digest('base64');
    return json(200, { access_token: accessToken, instance_url: this.instanceUrl, id: this.identityUrl(), token_type: 'Bearer', issued_at: issuedAt, signature, scope: 'api web refresh_token' });
  }

  /** POST /services/oauth2/revoke: the token stops working at once; an unknown one is invalid_token. */
  public revoke(req: ApiRequest): ApiResponse {
    const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
    const token = form.get('token') ?? req.query.get('token');
    if (!token || !this.tokens.delete(token)) return json(400, { error: 'unsupported_token_type', error_description: 'this token type is not supported' });
    return json(200);
  }

  private userRow(): Row {
    const row = this.engine.readRow(this.engine.object('User'), this.engine.userId);
    if (!row) throw notFound();
    return row;
  }

  private identityUrls(version: string): Record<string, string> {
    const base = `${this.instanceUrl}/services/data/v${version}`;
    return {
      enterprise: `${this.instanceUrl}/services/Soap/c/${version}/${this.engine.orgId}`, metadata: `${this.instanceUrl}/services/Soap/m/${version}/${this.engine.orgId}`,
      partner: `${this.instanceUrl}/services/Soap/u/${version}/${this.engine.orgId}`, rest: `${base}/`, sobjects: `${base}/sobjects/`, search: `${base}/search/`,
      query: `${base}/query/`, recent: `${base}/recent/`, tooling_rest: `${base}/tooling/`, profile: `${this.instanceUrl}/${this.engine.userId}`,
      users: `${base}/chatter/users`, custom_domain: this.instanceUrl,
    };
  }

  public userinfo(): ApiResponse {
    const u = this.userRow();
    return json(200, {
      sub: this.identityUrl(), user_id: this.engine.userId, organization_id: this.engine.orgId, preferred_username: u.Username, nickname: u.Alias,
      name: u.Name, email: u.Email, email_verified: true, given_name: u.FirstName, family_name: u.LastName, zoneinfo: u.TimeZoneSidKey ?? 'GMT', photos: {},
      profile: `${this.instanceUrl}/${this.engine.userId}`, picture: null, address: {}, is_salesforce_integration_user: false,
      urls: this.identityUrls(API_VERSION), active: true, user_type: 'STANDARD', language: u.LanguageLocaleKey ?? 'en_US', locale: u.LocaleSidKey ?? 'en_US', utcOffset: 0,
      updated_at: String(u.LastModifiedDate),
    });
  }

  public identity(orgId: string, userId: string): ApiResponse {
    if (toId18(orgId) !== this.engine.orgId || toId18(userId) !== this.engine.userId) throw new ApiError(403, 'Bad_Id', 'Bad_Id');
    const u = this.userRow();
    return json(200, {
      id: this.identityUrl(), asserted_user: true, user_id: this.engine.userId, organization_id: this.engine.orgId, username: u.Username,
      nick_name: u.Alias, display_name: u.Name, email: u.Email, email_verified: true, first_name: u.FirstName, last_name: u.LastName,
      timezone: u.TimeZoneSidKey ?? 'GMT', photos: {}, addr_street: null, addr_city: null, addr_state: null, addr_country: null, addr_zip: null, mobile_phone: null,
      mobile_phone_verified: false, is_lightning_login_user: false, status: { created_date: null, body: null }, urls: this.identityUrls(API_VERSION),
      active: true, user_type: 'STANDARD', language: u.LanguageLocaleKey ?? 'en_US', locale: u.LocaleSidKey ?? 'en_US', utcOffset: 0, last_modified_date: u.LastModifiedDate, is_app_installed: true,
    });
  }

  public versions(req: ApiRequest): ApiResponse {
    allow(req, 'GET');
    return json(200, supportedVersions().map((v) => ({ label: releaseLabel(Number(v)), url: `/services/data/v${v}`, version: v })));
  }

  // ---- /services/data/vXX.X/** ----------------------------------------------------------------------------

  /** Dispatches one data request; rest is the path after the version, split on "/". */
  public data(req: ApiRequest, version: string, rest: string[]): ApiResponse {
    try {
      return this.route(req, version, rest);
    } catch (e) {
      if (e instanceof ApiError) return errorResponse(e);
      throw e;
    }
  }

  private route(req: ApiRequest, version: string, rest: string[]): ApiResponse {
    const [head, ...tail] = rest;
    const base = `/services/data/v${version}`;
    switch (head) {
      case undefined:
      case '':
        allow(req, 'GET');
        return json(200, {
          identity: this.identityUrl(), sobjects: `${base}/sobjects`, query: `${base}/query`, queryAll: `${base}/queryAll`, composite: `${base}/composite`,
          limits: `${base}/limits`, 'jobs/ingest': `${base}/jobs/ingest`, 'jobs/query': `${base}/jobs/query`, graphql: `${base}/graphql`, 'ui-api': `${base}/ui-api`,
        });
      case 'sobjects':
        return this.sobjects(req, version, tail);
      case 'query':
      case 'queryAll':
        allow(req, 'GET');
        return this.query(req, version, tail, head === 'queryAll');
      case 'composite':
        if (tail[0] === 'sobjects') return this.collections(req, version, tail.slice(1));
        if (tail.length > 0) throw notFound();
        allow(req, 'POST');
        return this.composite(req);
      case 'limits':
        allow(req, 'GET');
        return json(200, this.limits());
      case 'jobs':
        return this.bulk.handle(req, tail, version);
      case 'actions':
        return this.actions.handle(req, version, tail);
      default:
        throw notFound();
    }
  }

  public usage = { used: 0, max: 100_000 };

  public limits(): Record<string, { Max: number; Remaining: number }> {
    const lim = (max: number, used = 0): { Max: number; Remaining: number } => ({ Max: max, Remaining: Math.max(0, max - used) });
    return {
      DailyApiRequests: lim(this.usage.max, this.usage.used), DailyBulkApiBatches: lim(15_000), DailyBulkV2QueryJobs: lim(10_000),
      DailyBulkV2QueryFileStorageMB: lim(976_562), DataStorageMB: lim(1024), FileStorageMB: lim(1024), ConcurrentAsyncGetReportInstances: lim(200),
      DailyAsyncApexExecutions: lim(250_000), HourlyODataCallout: lim(10_000), SingleEmail: lim(5_000),
    };
  }

  // ---- sObjects ----------------------------------------------------------------------------------------------

  private sobjects(req: ApiRequest, version: string, tail: string[]): ApiResponse {
    const [type, a, b] = tail;
    if (!type) {
      allow(req, 'GET');
      return json(200, describeGlobal(this.engine.schema, version));
    }
    const obj = this.engine.schema.get(type);
    if (!obj) throw notFound();
    const engine = this.engine;
    if (a === undefined) {
      if (req.method === 'GET') return json(200, { objectDescribe: describeGlobal({ ...engine.schema, objects: [obj] }, version).sobjects[0], recentItems: [] });
      if (req.method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are GET,POST`);
      return json(201, { id: this.write(req, () => engine.insertRecord(obj.name, objectBody(req))), success: true, errors: [] });
    }
    if (a === 'describe') {
      allow(req, 'GET');
      return json(200, describeSObject(obj, version));
    }
    if (a === 'deleted' || a === 'updated') {
      allow(req, 'GET');
      return this.replication(req, obj.name, a);
    }
    if (b !== undefined) return this.byExternalId(req, version, obj.name, a, decodeURIComponent(b));
    const fields = req.query.get('fields')?.split(',').map((s) => s.trim()).filter(Boolean);
    switch (req.method) {
      case 'GET':
        return json(200, engine.getRecord(obj.name, a, fields, version));
      case 'PATCH':
        this.write(req, () => engine.updateRecord(obj.name, a, objectBody(req)));
        return json(204);
      case 'DELETE':
        this.write(req, () => engine.deleteRecord(obj.name, a));
        return json(204);
      default:
        throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are GET,PATCH,DELETE`);
    }
  }

  /** A single-record write; a missing record is NOT_FOUND on these routes, as on Salesforce. */
  private write(req: ApiRequest, fn: () => string): string {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && e.errorCode === 'INVALID_CROSS_REFERENCE_KEY') throw notFound();
      throw e;
    }
  }

  private byExternalId(req: ApiRequest, version: string, type: string, field: string, value: string): ApiResponse {
    const engine = this.engine;
    const obj = engine.object(type);
    if (req.method === 'PATCH' || req.method === 'POST') {
      const { id, created } = engine.upsertRecord(obj.name, field, value, objectBody(req));
      return json(created ? 201 : 200, { id, success: true, errors: [], created });
    }
    const ids = engine.findByExternalId(obj, field, value);
    if (ids.length > 1) return json(300, ids.map((id) => `/services/data/v${version}/sobjects/${obj.name}/${id}`));
    if (!ids[0]) throw notFound();
    if (req.method === 'GET') return json(200, engine.getRecord(obj.name, ids[0], undefined, version));
    if (req.method === 'DELETE') {
      engine.deleteRecord(obj.name, ids[0]);
      return json(204);
    }
    throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are GET,PATCH,DELETE`);
  }

  private replication(req: ApiRequest, type: string, kind: 'deleted' | 'updated'): ApiResponse {
    const start = req.query.get('start');
    const end = req.query.get('end');
    const parse = (s: string | null): string => {
      const d = s ? new Date(s) : new Date(NaN);
      if (Number.isNaN(d.getTime())) throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'start and end must be valid dateTimes');
      return d.toISOString().replace('Z', '+0000');
    };
    const [from, to] = [parse(start), parse(end)];
    const rows = this.engine.db
      .prepare(`SELECT "Id", "SystemModstamp" FROM ${q(type)} WHERE "IsDeleted" = ? AND "SystemModstamp" >= ? AND "SystemModstamp" < ? ORDER BY "SystemModstamp"`)
      .all(kind === 'deleted' ? 1 : 0, from, to) as { Id: string; SystemModstamp: string }[];
    return kind === 'deleted'
      ? json(200, { deletedRecords: rows.map((r) => ({ id: r.Id, deletedDate: r.SystemModstamp })), earliestDateAvailable: from, latestDateCovered: to })
      : json(200, { ids: rows.map((r) => r.Id), latestDateCovered: to });
  }

  // ---- query -------------------------------------------------------------------------------------------------

  private query(req: ApiRequest, version: string, tail: string[], all: boolean): ApiResponse {
    if (tail[0]) {
      const [locator, pos] = tail[0].split('-');
      const cursor = this.cursors.get(locator ?? '');
      if (!cursor) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return json(200, this.page(cursor, locator!, Number(pos), version));
    }
    const soql = req.query.get('q');
    if (!soql) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const cq = compileSoql(this.engine, soql, { includeDeleted: all });
    if (req.query.get('columns') === 'true') return json(200, columnMetadata(cq));
    const { rows, totalSize } = execute(this.engine, cq);
    if (cq.kind === 'count') return json(200, { totalSize, done: true, records: [] });
    const option = /batchSize\s*=\s*(\d+)/i.exec(req.headers['sforce-query-options'] ?? '');
    const batch = Math.min(2000, Math.max(200, option ? Number(option[1]) : 2000));
    if (rows.length <= batch) return json(200, { totalSize, done: true, records: shape(this.engine, cq, rows, version) });
    const locator = makeId('01g', this.cursorSeq++).slice(0, 15);
    this.cursors.set(locator, { cq, rows, batch });
    // At most 10 open cursors per user: the oldest goes, as on Salesforce.
    while (this.cursors.size > MAX_CURSORS) this.cursors.delete(this.cursors.keys().next().value!);
    return json(200, this.page(this.cursors.get(locator)!, locator, 0, version));
  }

  private page(cursor: Cursor, locator: string, pos: number, version: string): Record<string, unknown> {
    if (!Number.isInteger(pos) || pos < 0 || pos >= cursor.rows.length) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const end = Math.min(pos + cursor.batch, cursor.rows.length);
    const done = end >= cursor.rows.length;
    if (done) this.cursors.delete(locator);
    return {
      totalSize: cursor.rows.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${locator}-${end}` }),
      records: shape(this.engine, cursor.cq, cursor.rows.slice(pos, end), version),
    };
  }

  // ---- composite -----------------------------------------------------------------------------------------

  /** Runs per-record operations; with allOrNone any failure rolls all back and the others report why. */
  private batch<T>(items: T[], allOrNone: boolean, path: string, op: (item: T) => Record<string, unknown>): Record<string, unknown>[] {
    const rollback = new Error('rollback');
    let results: Record<string, unknown>[] = [];
    try {
      this.engine.atomic(() => {
        results = items.map((item) => {
          try {
            if (this.faults.lockRecord(path)) throw new ApiError(400, 'UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record or 1 records');
            return this.engine.atomic(() => op(item));
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            return { success: false, errors: [e.toRecordError()] };
          }
        });
        if (allOrNone && results.some((r) => !r.success)) throw rollback;
      });
    } catch (e) {
      if (e !== rollback) throw e;
      results = results.map((r) =>
        r.success
          ? { success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] }
          : r,
      );
    }
    return results;
  }

  private collections(req: ApiRequest, version: string, tail: string[]): ApiResponse {
    const engine = this.engine;
    const tooMany = (): ApiError => new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION} records into this call`);
    if (req.method === 'DELETE') {
      const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length > MAX_COLLECTION) throw tooMany();
      return json(200, this.batch(ids, req.query.get('allOrNone') === 'true', req.path, (raw) => {
        const obj = engine.schema.byKeyPrefix(raw.slice(0, 3));
        if (!obj || !toId18(raw)) throw new ApiError(400, 'MALFORMED_ID', `malformed id ${raw}`, []);
        return { id: engine.deleteRecord(obj.name, raw), success: true, errors: [] };
      }));
    }
    if (req.method === 'GET' || (req.method === 'POST' && tail[0])) {
      const body = req.method === 'POST' ? objectBody(req) : {};
      const ids = req.method === 'GET' ? (req.query.get('ids') ?? '').split(',') : (body.ids as string[]);
      const fields = req.method === 'GET' ? (req.query.get('fields') ?? '').split(',') : (body.fields as string[]);
      const type = tail[0] ?? '';
      engine.object(type);
      return json(200, ids.map((id) => {
        try {
          return engine.getRecord(type, id, fields.filter(Boolean), version);
        } catch (e) {
          if (e instanceof ApiError && e.errorCode === 'NOT_FOUND') return null;
          throw e;
        }
      }));
    }
    const body = objectBody(req);
    const records = Array.isArray(body.records) ? (body.records as Record<string, unknown>[]) : [];
    if (records.length > MAX_COLLECTION) throw tooMany();
    const allOrNone = body.allOrNone === true;
    const typeOf = (r: Record<string, unknown>): string => {
      const t = (r.attributes as { type?: unknown } | undefined)?.type;
      if (typeof t !== 'string') throw new ApiError(400, 'INVALID_TYPE', 'Must specify a type in the attributes of each record');
      return t;
    };
    if (req.method === 'POST') {
      return json(200, this.batch(records, allOrNone, req.path, (r) => ({ id: engine.insertRecord(typeOf(r), r), success: true, errors: [] })));
    }
    if (req.method === 'PATCH' && tail[0] && tail[1]) {
      const [type, ext] = [tail[0], tail[1]];
      engine.findByExternalId(engine.object(type), ext, '');
      return json(200, this.batch(records, allOrNone, req.path, (r) => {
        const key = Object.keys(r).find((k) => k.toLowerCase() === ext.toLowerCase());
        if (!key || r[key] === null || r[key] === undefined) throw new ApiError(400, 'MISSING_ARGUMENT', `${ext} not specified`, [ext]);
        const { id, created } = engine.upsertRecord(type, ext, String(r[key]), r);
        return { id, success: true, errors: [], created };
      }));
    }
    if (req.method === 'PATCH') {
      return json(200, this.batch(records, allOrNone, req.path, (r) => {
        const id = r.Id ?? r.id;
        if (typeof id !== 'string') throw new ApiError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        return { id: engine.updateRecord(typeOf(r), id, r), success: true, errors: [] };
      }));
    }
    throw notFound();
  }

  private composite(req: ApiRequest): ApiResponse {
    const body = objectBody(req);
    const subs = Array.isArray(body.compositeRequest) ? (body.compositeRequest as Record<string, unknown>[]) : [];
    if (subs.length === 0 || subs.length > MAX_COMPOSITE) {
      throw new ApiError(400, 'INVALID_BATCH_REQUEST', `compositeRequest must have between 1 and ${MAX_COMPOSITE} subrequests`);
    }
    const allOrNone = body.allOrNone === true;
    const results = new Map<string, unknown>();
    const responses: Record<string, unknown>[] = [];
    const resolveRefs = (text: string): string =>
      text.replace(/@\{([^}.]+)\.([^}]+)\}/g, (whole, ref: string, path: string) => {
        if (!results.has(ref)) throw new ApiError(400, 'PROCESSING_HALTED', `Invalid reference specified. No value for ${ref}.${path} found in ${ref}.`);
        let v: unknown = results.get(ref);
        for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
          v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
        }
        if (v === undefined) throw new ApiError(400, 'PROCESSING_HALTED', `Invalid reference specified. No value for ${ref}.${path} found in ${ref}.`);
        return String(v);
      });
    const rollback = new Error('rollback');
    try {
      this.engine.atomic(() => {
        for (const sub of subs) {
          const referenceId = String(sub.referenceId ?? '');
          let res: ApiResponse;
          try {
            const target = parseTarget(resolveRefs(String(sub.url ?? '')));
            const [services, data, v] = target?.segments ?? [];
            const version = services === 'services' && data === 'data' ? /^v(\d+\.\d)$/.exec(v ?? '')?.[1] : undefined;
            if (!target || !version) throw notFound();
            const subBody = sub.body === undefined ? undefined : JSON.parse(resolveRefs(JSON.stringify(sub.body))) as unknown;
            const inner: ApiRequest = { method: String(sub.method ?? 'GET').toUpperCase(), path: target.path, query: target.query, headers: req.headers, body: subBody };
            res = this.engine.atomic(() => {
              const r = this.data(inner, version, target.segments.slice(3));
              if (allOrNone && r.status >= 400) throw Object.assign(new Error('failed'), { response: r });
              return r;
            });
          } catch (e) {
            const failed = (e as { response?: ApiResponse }).response;
            if (failed) res = failed;
            else if (e instanceof ApiError) res = errorResponse(e);
            else throw e;
          }
          results.set(referenceId, res.body);
          responses.push({ body: res.body ?? null, httpHeaders: res.headers ?? {}, httpStatusCode: res.status, referenceId });
          if (allOrNone && res.status >= 400) throw rollback;
        }
      });
    } catch (e) {
      if (e !== rollback) throw e;
      const halted = { body: [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }], httpHeaders: {}, httpStatusCode: 400 };
      const out = subs.map((sub, i) => {
        const r = responses[i];
        return r && r.httpStatusCode !== undefined && Number(r.httpStatusCode) >= 400 ? r : { ...halted, referenceId: String(sub.referenceId ?? '') };
      });
      return json(200, { compositeResponse: out });
    }
    return json(200, { compositeResponse: responses });
  }
}
