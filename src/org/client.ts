import { parseBulkCsv, toBulkCsv } from '../common/csv.js';
import { API_VERSION } from '../schema/dataModel.js';
import { BudgetGuard } from './budget.js';
import { defaultRetryPolicy, errorCodeOf, withRetry, type RetryPolicy } from './retry.js';
import { OrgError } from './orgError.js';

/** What the sync needs of a connection: jsforce's Connection and @salesforce/core's both fit. */
export interface RestConnection {
  instanceUrl: string;
  request(request: { method: string; url: string; body?: string; headers?: Record<string, string> }, options?: object): Promise<unknown>;
  limitInfo?: { apiUsage?: { used: number; limit: number } };
}

export type SObjectRecord = Record<string, unknown> & { Id?: string };

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** One record's outcome, as data (never an exception): keyed by the external id it was written with. */
export type RecordResult = { key: string; success: true; id: string; created: boolean } | { key: string; success: false; errors: RecordError[] };

interface QueryPage {
  records: SObjectRecord[];
  done: boolean;
  nextRecordsUrl?: string;
}

const COLLECTION_SIZE = 200;
/** Salesforce allows 5 query subrequests per composite call. */
const COMPOSITE_QUERIES = 5;
const LOCK_CODES = new Set(['UNABLE_TO_LOCK_ROW']);

export interface OrgClientOptions {
  retry?: RetryPolicy;
  budget?: BudgetGuard;
  /** Poll interval of Bulk API jobs. */
  bulkPollMs?: number;
}

function stripAttributes(record: SObjectRecord): SObjectRecord {
  const { attributes: _attributes, ...rest } = record;
  for (const [k, v] of Object.entries(rest)) {
    if (typeof v === 'object' && v !== null && 'records' in v) rest[k] = (v as { records: SObjectRecord[] }).records.map(stripAttributes);
  }
  return rest;
}

function asRecordErrors(value: unknown): RecordError[] {
  if (!Array.isArray(value)) return [{ statusCode: 'UNKNOWN', message: String(value), fields: [] }];
  return value.map((e: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }) => ({
    statusCode: e.statusCode ?? e.errorCode ?? 'UNKNOWN',
    message: e.message ?? '',
    fields: e.fields ?? [],
  }));
}

/**
 * jsforce names a failed call's errorCode from its JSON body only when it parses the body itself; a call read
 * as text gets ERROR_HTTP_<status>. Salesforce's own code back from the body, so retries and messages stay as
 * for every other call.
 */
function withJsonErrorCode(error: unknown): unknown {
  const e = error as { errorCode?: unknown; message?: unknown };
  if (typeof e?.errorCode !== 'string' || !e.errorCode.startsWith('ERROR_HTTP_') || typeof e.message !== 'string') return error;
  try {
    const body = JSON.parse(e.message) as unknown;
    const first = (Array.isArray(body) ? body[0] : undefined) as { errorCode?: unknown; message?: unknown } | undefined;
    if (typeof first?.errorCode !== 'string') return error;
    return Object.assign(new Error(typeof first.message === 'string' ? first.message : first.errorCode), { name: first.errorCode, errorCode: first.errorCode, data: body });
  } catch {
    return error;
  }
}

/**
 * The one place the sync talks to an org: every REST call goes through `send`, which checks the API
 * budget, retries transient failures with backoff, counts the calls and reads Sforce-Limit-Info.
 * jsforce's own retries are switched off so each attempt is counted once and backs off our way.
 */
export class OrgClient {
  public calls = 0;
  /** Retries and backoffs as they happen (the sync writes them to its run.log). */
  public onEvent?: (message: string) => void;
  private readonly retry: RetryPolicy;
  private readonly base = `/services/data/v${API_VERSION}`;

  public constructor(
    public readonly conn: RestConnection,
    private readonly options: OrgClientOptions = {},
  ) {
    this.retry = options.retry ?? defaultRetryPolicy();
  }

  public get budget(): BudgetGuard | undefined {
    return this.options.budget;
  }

  /** `responseType` overrides the response's content type for jsforce's parsing ('text/plain': the body as it came). */
  public async send<T>(method: string, path: string, body?: unknown, contentType = 'application/json', responseType?: string): Promise<T> {
    const url = path.startsWith('/services/') ? path : `${this.base}${path}`;
    try {
      return await this.sendWithRetry<T>(method, path, url, body, contentType, responseType);
    } catch (error) {
      throw OrgError.from(error, `${method} ${path.split('?')[0]}`);
    }
  }

  /** A Bulk API result page as CSV rows (header first), parsed here rather than by jsforce, whose six-delimiter, object-per-row parse took a second of a 100k-record sync. */
  private async csvRows(path: string): Promise<{ column: (name: string) => number; rows: string[][] }> {
    const text = await this.send<unknown>('GET', path, undefined, undefined, 'text/plain');
    const [header = [], ...rows] = typeof text === 'string' ? parseBulkCsv(text) : [];
    return { column: (name) => header.indexOf(name), rows };
  }

  private sendWithRetry<T>(method: string, path: string, url: string, body: unknown, contentType: string, responseType: string | undefined): Promise<T> {
    return withRetry(
      this.retry,
      async () => {
        this.options.budget?.beforeCall();
        this.calls++;
        try {
          const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
          const request = { method, url, body: payload, headers: payload === undefined ? undefined : { 'Content-Type': contentType } };
          return (await this.conn.request(request, { retry: { maxRetries: 0 }, ...(responseType === undefined ? {} : { responseType }) })) as T;
        } catch (error) {
          throw responseType === undefined ? error : withJsonErrorCode(error);
        } finally {
          this.options.budget?.report(this.conn.limitInfo?.apiUsage);
        }
      },
      (error, attempt) => this.onEvent?.(`retry ${attempt} of ${method} ${path.split('?')[0]}: ${errorCodeOf(error) ?? String(error)}`),
    );
  }

  /** Every row of a SOQL query, following nextRecordsUrl. */
  public async query(soql: string): Promise<SObjectRecord[]> {
    const records: SObjectRecord[] = [];
    let page = await this.send<QueryPage>('GET', `/query?q=${encodeURIComponent(soql)}`);
    records.push(...page.records.map(stripAttributes));
    while (!page.done && page.nextRecordsUrl !== undefined) {
      page = await this.send<QueryPage>('GET', page.nextRecordsUrl);
      records.push(...page.records.map(stripAttributes));
    }
    return records;
  }

  /**
   * Several queries in as few calls as possible: one composite call per 5 queries (Salesforce counts a
   * composite request as one API call), then nextRecordsUrl for any query with more pages.
   */
  public async queries(soqls: Record<string, string>): Promise<Record<string, SObjectRecord[]>> {
    const names = Object.keys(soqls);
    const out: Record<string, SObjectRecord[]> = {};
    for (let i = 0; i < names.length; i += COMPOSITE_QUERIES) {
      const chunk = names.slice(i, i + COMPOSITE_QUERIES);
      if (chunk.length === 1) {
        const name = chunk[0] as string;
        out[name] = await this.query(soqls[name] as string);
        continue;
      }
      const response = await this.send<{ compositeResponse: { referenceId: string; httpStatusCode: number; body: unknown }[] }>('POST', '/composite', {
        allOrNone: false,
        compositeRequest: chunk.map((name) => ({ method: 'GET', referenceId: name, url: `${this.base}/query?q=${encodeURIComponent(soqls[name] as string)}` })),
      });
      for (const sub of response.compositeResponse) {
        if (sub.httpStatusCode >= 400) {
          const [first] = asRecordErrors(sub.body);
          const code = first?.statusCode ?? 'UNKNOWN';
          throw new OrgError(`${code}: ${first?.message ?? ''}`, { errorCode: code, fields: first?.fields ?? [], status: sub.httpStatusCode, request: 'GET /query (composite)', soql: soqls[sub.referenceId] });
        }
        let page = sub.body as QueryPage;
        const records = page.records.map(stripAttributes);
        while (!page.done && page.nextRecordsUrl !== undefined) {
          page = await this.send<QueryPage>('GET', page.nextRecordsUrl);
          records.push(...page.records.map(stripAttributes));
        }
        out[sub.referenceId] = records;
      }
    }
    return out;
  }

  /**
   * Upserts by external id (or updates, when the key is 'Id') through sObject Collections, 200 a call, allOrNone false; records that fail
   * with a row lock are retried (with backoff) up to the retry policy's attempts; other failures come back as data.
   */
  public async upsertCollection(object: string, externalIdField: string, records: SObjectRecord[]): Promise<RecordResult[]> {
    const results = new Map<string, RecordResult>();
    let pending = records;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const retryLater: SObjectRecord[] = [];
      for (let i = 0; i < pending.length; i += COLLECTION_SIZE) {
        const chunk = pending.slice(i, i + COLLECTION_SIZE);
        // key 'Id' updates existing records; any other field upserts by that external id
        const url = externalIdField === 'Id' ? '/composite/sobjects' : `/composite/sobjects/${object}/${externalIdField}`;
        const response = await this.send<{ id?: string; success: boolean; created?: boolean; errors?: unknown }[]>('PATCH', url, {
          allOrNone: false,
          records: chunk.map((r) => ({ attributes: { type: object }, ...r })),
        });
        chunk.forEach((record, index) => {
          const key = String(record[externalIdField]);
          const r = response[index];
          if (r?.success === true && r.id !== undefined) {
            results.set(key, { key, success: true, id: r.id, created: r.created === true });
            return;
          }
          const errors = asRecordErrors(r?.errors ?? 'no result for this record');
          if (errors.every((e) => LOCK_CODES.has(e.statusCode)) && attempt + 1 < this.retry.attempts) retryLater.push(record);
          results.set(key, { key, success: false, errors });
        });
      }
      if (retryLater.length > 0) {
        this.onEvent?.(`retrying ${retryLater.length} ${object} record(s) that hit a row lock`);
        await this.retry.sleep(this.retry.baseMs * 2 ** attempt);
      }
      pending = retryLater;
    }
    return records.map((r) => results.get(String(r[externalIdField])) as RecordResult);
  }

  /** Upserts through one Bulk API 2.0 ingest job; rows failing with a row lock are retried through collections. */
  public async bulkUpsert(object: string, externalIdField: string, records: SObjectRecord[]): Promise<RecordResult[]> {
    if (records.length === 0) return [];
    const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
    const csv = toBulkCsv(
      columns,
      records.map((r) => columns.map((c) => (r[c] === null ? '#N/A' : r[c] === undefined ? '' : String(r[c])))),
    );
    const operation = externalIdField === 'Id' ? { operation: 'update' } : { operation: 'upsert', externalIdFieldName: externalIdField };
    const job = await this.send<{ id: string }>('POST', '/jobs/ingest', { object, ...operation, contentType: 'CSV', lineEnding: 'LF' });
    await this.send('PUT', `/jobs/ingest/${job.id}/batches`, csv, 'text/csv');
    await this.send('PATCH', `/jobs/ingest/${job.id}`, { state: 'UploadComplete' });
    for (;;) {
      const info = await this.send<{ state: string; errorMessage?: string }>('GET', `/jobs/ingest/${job.id}`);
      if (info.state === 'JobComplete') break;
      if (info.state === 'Failed' || info.state === 'Aborted') throw new OrgError(`Bulk job ${job.id} ${info.state}: ${info.errorMessage ?? ''}`, { errorCode: 'BULK_JOB_FAILED', fields: [], request: `GET /jobs/ingest/${job.id}` });
      await this.retry.sleep(this.options.bulkPollMs ?? 1000);
    }
    const results = new Map<string, RecordResult>();
    const ok = await this.csvRows(`/jobs/ingest/${job.id}/successfulResults`);
    const [okKey, okId, okCreated] = [ok.column(externalIdField), ok.column('sf__Id'), ok.column('sf__Created')];
    for (const row of ok.rows) {
      const key = row[okKey] ?? '';
      results.set(key, { key, success: true, id: row[okId] ?? '', created: row[okCreated] === 'true' });
    }
    const failed = await this.csvRows(`/jobs/ingest/${job.id}/failedResults`);
    const [failedKey, failedError] = [failed.column(externalIdField), failed.column('sf__Error')];
    const locked: SObjectRecord[] = [];
    const byKey = new Map(records.map((r) => [String(r[externalIdField]), r]));
    for (const row of failed.rows) {
      const key = row[failedKey] ?? '';
      const [code, ...rest] = (row[failedError] || 'UNKNOWN').split(':');
      results.set(key, { key, success: false, errors: [{ statusCode: code ?? 'UNKNOWN', message: rest.join(':').trim(), fields: [] }] });
      const record = byKey.get(key);
      if (record !== undefined && code !== undefined && LOCK_CODES.has(code)) locked.push(record);
    }
    if (locked.length > 0) for (const r of await this.upsertCollection(object, externalIdField, locked)) results.set(r.key, r);
    return records.map((r) => {
      const key = String(r[externalIdField]);
      return results.get(key) ?? { key, success: false, errors: [{ statusCode: 'UNPROCESSED', message: 'the Bulk API job did not process this record', fields: [] }] };
    });
  }
}
