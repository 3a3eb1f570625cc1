// Bulk API 2.0 for the local org: ingest jobs (one CSV upload, processed in 10,000-row chunks like Salesforce,
// yielding between chunks so the server keeps answering) and query jobs (CSV pages with Sforce-Locator).
import { parseBulkCsv, toBulkCsv } from '../common/csv.js';
import { z } from 'zod';
import { json, objectBody, type ApiRequest, type ApiResponse } from './api.js';
import { ApiError, notFound } from './errors.js';
import type { FaultController } from './faults.js';
import { makeId } from './ids.js';
import { compileSoql, csvColumns, execute } from './soql.js';
import type { Engine, Row } from './store.js';

const CHUNK = 10_000;
// jsforce's bulk2.query feeds every page into one CSV parser, so each later page's header row would surface as a
// record: one large default page keeps that client correct for ordinary result sizes (maxRecords pages on request).
const DEFAULT_PAGE = 50_000;
const DELIMITERS = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' } as const;

const ingestSchema = z.object({
  object: z.string().min(1),
  operation: z.enum(['insert', 'update', 'upsert', 'delete', 'hardDelete']),
  externalIdFieldName: z.string().optional(),
  contentType: z.literal('CSV').default('CSV'),
  lineEnding: z.enum(['LF', 'CRLF']).default('LF'),
  columnDelimiter: z.enum(['COMMA', 'TAB', 'PIPE', 'SEMICOLON', 'CARET', 'BACKQUOTE']).default('COMMA'),
});
const querySchema = z.object({
  operation: z.enum(['query', 'queryAll']).default('query'),
  query: z.string().min(1),
  lineEnding: z.enum(['LF', 'CRLF']).default('LF'),
  columnDelimiter: z.enum(['COMMA', 'TAB', 'PIPE', 'SEMICOLON', 'CARET', 'BACKQUOTE']).default('COMMA'),
});

type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

interface IngestJob {
  info: Record<string, unknown> & { id: string; state: JobState; object: string; operation: string; numberRecordsProcessed: number; numberRecordsFailed: number };
  delimiter: string;
  lineEnding: string;
  csv: string[];
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
}

interface QueryJob {
  info: Record<string, unknown> & { id: string; state: JobState };
  header: string[];
  rows: string[][];
  delimiter: string;
  lineEnding: string;
}

function parseBody<T extends z.ZodTypeAny>(schema: T, req: ApiRequest): z.output<T> {
  const r = schema.safeParse(objectBody(req));
  if (!r.success) throw new ApiError(400, 'INVALIDJOB', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data as z.output<T>;
}

export class BulkApi {
  private readonly ingest = new Map<string, IngestJob>();
  private readonly queries = new Map<string, QueryJob>();
  private seq = 1;

  public constructor(
    private readonly engine: Engine,
    private readonly faults: FaultController,
  ) {}

  private csv(header: string[], rows: string[][], delimiter: string, lineEnding: string): ApiResponse['text'] {
    return toBulkCsv(header, rows, { delimiter, lineEnding: lineEnding === 'CRLF' ? 'CRLF' : 'LF', quoteAll: true });
  }

  private base(kind: 'V2Ingest' | 'V2Query', version: string, extra: Record<string, unknown>): Record<string, unknown> & { id: string } {
    const now = this.engine.now();
    return {
      id: makeId('750', this.seq++), createdById: this.engine.userId, createdDate: now, systemModstamp: now, concurrencyMode: 'Parallel',
      contentType: 'CSV', apiVersion: Number(version), jobType: kind, retries: 0, totalProcessingTime: 0, apiActiveProcessingTime: 0, apexProcessingTime: 0,
      ...extra,
    };
  }

  /** Routes /jobs/ingest/** and /jobs/query/** (rest: the path segments after "jobs"). */
  public handle(req: ApiRequest, rest: string[], version: string): ApiResponse {
    const [kind, id, sub] = rest;
    if (kind === 'ingest') return this.handleIngest(req, id, sub, version);
    if (kind === 'query') return this.handleQuery(req, id, sub, version);
    throw notFound();
  }

  private handleIngest(req: ApiRequest, id: string | undefined, sub: string | undefined, version: string): ApiResponse {
    if (!id) {
      if (req.method === 'GET') return json(200, { done: true, records: [...this.ingest.values()].map((j) => j.info), nextRecordsUrl: null });
      if (req.method !== 'POST') throw notFound();
      const body = parseBody(ingestSchema, req);
      const obj = this.engine.schema.get(body.object);
      if (!obj) throw new ApiError(400, 'INVALIDENTITY', `Entity '${body.object}' is not supported by the Bulk API.`);
      if (body.operation === 'upsert' && !body.externalIdFieldName) throw new ApiError(400, 'INVALIDJOB', 'External ID was blank for upsert.');
      if (body.externalIdFieldName) this.engine.findByExternalId(obj, body.externalIdFieldName, '');
      const info = {
        ...this.base('V2Ingest', version, {}), object: obj.name, operation: body.operation, externalIdFieldName: body.externalIdFieldName,
        state: 'Open' as JobState, lineEnding: body.lineEnding, columnDelimiter: body.columnDelimiter, numberRecordsProcessed: 0, numberRecordsFailed: 0,
      };
      this.ingest.set(info.id, { info, delimiter: DELIMITERS[body.columnDelimiter], lineEnding: body.lineEnding, csv: [], header: [], successful: [], failed: [], unprocessed: [] });
      return json(200, info);
    }
    const job = this.ingest.get(id);
    if (!job) throw notFound();
    if (sub === 'batches' && req.method === 'PUT') {
      if (job.info.state !== 'Open') throw new ApiError(400, 'INVALIDJOBSTATE', `Job ${id} is not open for uploads; its state is ${job.info.state}.`);
      job.csv.push(typeof req.body === 'string' ? req.body : '');
      return json(201);
    }
    if (sub === 'successfulResults' || sub === 'failedResults' || sub === 'unprocessedrecords') {
      const head = sub === 'successfulResults' ? ['sf__Id', 'sf__Created', ...job.header] : sub === 'failedResults' ? ['sf__Id', 'sf__Error', ...job.header] : job.header;
      const rows = sub === 'successfulResults' ? job.successful : sub === 'failedResults' ? job.failed : job.unprocessed;
      return { status: 200, headers: { 'Content-Type': 'text/csv' }, text: this.csv(head, rows, job.delimiter, job.lineEnding) };
    }
    if (sub) throw notFound();
    if (req.method === 'GET') return json(200, job.info);
    if (req.method === 'DELETE') {
      this.ingest.delete(id);
      return json(204);
    }
    if (req.method === 'PATCH') {
      const { state } = z.object({ state: z.enum(['UploadComplete', 'Aborted']) }).parse(objectBody(req));
      if (job.info.state !== 'Open') throw new ApiError(400, 'INVALIDJOBSTATE', `Job ${id} cannot change to ${state} from ${job.info.state}.`);
      job.info.state = state;
      if (state === 'UploadComplete') setImmediate(() => this.process(job, req.path));
      return json(200, job.info);
    }
    throw notFound();
  }

  private process(job: IngestJob, path: string): void {
    const started = Date.now();
    let rows: string[][];
    try {
      rows = parseBulkCsv(job.csv.join(''), job.delimiter);
    } catch (e) {
      Object.assign(job.info, { state: 'Failed', errorMessage: `InvalidBatch : ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    job.csv = [];
    job.header = rows.shift() ?? [];
    job.info.state = 'InProgress';
    const step = (from: number): void => {
      if (job.info.state === 'Aborted') {
        job.unprocessed.push(...rows.slice(from));
        return;
      }
      this.engine.atomic(() => {
        for (const row of rows.slice(from, from + CHUNK)) this.processRow(job, row, path);
      });
      job.info.numberRecordsProcessed = job.successful.length + job.failed.length;
      job.info.numberRecordsFailed = job.failed.length;
      if (from + CHUNK < rows.length) {
        setImmediate(() => step(from + CHUNK));
      } else {
        Object.assign(job.info, { state: 'JobComplete', totalProcessingTime: Date.now() - started, apiActiveProcessingTime: Date.now() - started, systemModstamp: this.engine.now() });
      }
    };
    step(0);
  }

  private processRow(job: IngestJob, row: string[], path: string): void {
    const input: Record<string, unknown> = {};
    job.header.forEach((h, i) => {
      const v = row[i] ?? '';
      // Bulk API: an empty cell leaves the field alone, #N/A clears it.
      if (v !== '') input[h] = v === '#N/A' ? null : v;
    });
    const idKey = Object.keys(input).find((k) => k.toLowerCase() === 'id');
    const givenId = idKey ? String(input[idKey] ?? '') : '';
    try {
      if (this.faults.lockRecord(path)) {
        throw new ApiError(400, 'UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${givenId || 'new record'}`);
      }
      const { info, engine } = { info: job.info, engine: this.engine };
      const opts = { source: 'csv' as const };
      let result: { id: string; created: boolean };
      switch (info.operation) {
        case 'insert':
          result = { id: engine.insertRecord(info.object, input, opts), created: true };
          break;
        case 'update': {
          if (!idKey) throw new ApiError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
          const { [idKey]: _id, ...fields } = input;
          result = { id: engine.updateRecord(info.object, givenId, fields, opts), created: false };
          break;
        }
        case 'upsert': {
          const ext = String(info.externalIdFieldName);
          const extKey = Object.keys(input).find((k) => k.toLowerCase() === ext.toLowerCase());
          if (!extKey) throw new ApiError(400, 'MISSING_ARGUMENT', `${ext} not specified`, [ext]);
          result = engine.upsertRecord(info.object, ext, String(input[extKey]), input, opts);
          break;
        }
        default:
          if (!idKey) throw new ApiError(400, 'MISSING_ARGUMENT', 'Id not specified in a delete call', ['Id']);
          result = { id: engine.deleteRecord(info.object, givenId), created: false };
      }
      job.successful.push([result.id, String(result.created), ...row]);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      job.failed.push([givenId, `${e.errorCode}:${e.message}:${e.fields.join(',')} --`, ...row]);
    }
  }

  private handleQuery(req: ApiRequest, id: string | undefined, sub: string | undefined, version: string): ApiResponse {
    if (!id) {
      if (req.method === 'GET') return json(200, { done: true, records: [...this.queries.values()].map((j) => j.info), nextRecordsUrl: null });
      if (req.method !== 'POST') throw notFound();
      const body = parseBody(querySchema, req);
      const cq = compileSoql(this.engine, body.query, { includeDeleted: body.operation === 'queryAll' });
      const columns = csvColumns(cq);
      const { rows } = execute(this.engine, cq);
      const info = {
        ...this.base('V2Query', version, {}), operation: body.operation, object: cq.object.name, state: 'UploadComplete' as JobState,
        lineEnding: body.lineEnding, columnDelimiter: body.columnDelimiter, numberRecordsProcessed: 0, isPkChunkingSupported: false,
      };
      const job: QueryJob = {
        info, header: columns.map((c) => c.header), rows: rows.map((r: Row) => columns.map((c) => c.value(r))),
        delimiter: DELIMITERS[body.columnDelimiter], lineEnding: body.lineEnding,
      };
      this.queries.set(info.id, job);
      setImmediate(() => Object.assign(job.info, { state: 'JobComplete', numberRecordsProcessed: job.rows.length, systemModstamp: this.engine.now() }));
      return json(200, info);
    }
    const job = this.queries.get(id);
    if (!job) throw notFound();
    if (sub === 'results' && req.method === 'GET') {
      if (job.info.state !== 'JobComplete') throw new ApiError(400, 'INVALIDJOBSTATE', `Job ${id} has not completed; its state is ${job.info.state}.`);
      const locator = req.query.get('locator');
      const start = locator ? Number(Buffer.from(locator, 'base64url').toString('utf8')) : 0;
      if (!Number.isInteger(start) || start < 0) throw new ApiError(400, 'INVALID_LOCATOR', `Invalid locator: ${locator ?? ''}`);
      const max = Number(req.query.get('maxRecords') ?? DEFAULT_PAGE);
      if (!Number.isInteger(max) || max < 1) throw new ApiError(400, 'INVALIDJOB', 'maxRecords must be a positive integer');
      const page = job.rows.slice(start, start + max);
      const next = start + page.length < job.rows.length ? Buffer.from(String(start + page.length)).toString('base64url') : 'null';
      return {
        status: 200,
        headers: { 'Content-Type': 'text/csv', 'Sforce-Locator': next, 'Sforce-NumberOfRecords': String(page.length) },
        text: this.csv(job.header, page, job.delimiter, job.lineEnding),
      };
    }
    if (sub) throw notFound();
    if (req.method === 'GET') return json(200, job.info);
    if (req.method === 'DELETE') {
      this.queries.delete(id);
      return json(204);
    }
    if (req.method === 'PATCH') {
      job.info.state = 'Aborted';
      return json(200, job.info);
    }
    throw notFound();
  }
}
