// UI API surface of the local org (GraphQL and ui-api record endpoints) used by the browser preview.
// The local org's router delegates /services/data/vXX.X/graphql and /services/data/vXX.X/ui-api/** here.
import { ApiError, notFound } from '../errors.js';
import { executeGraphql } from './graphql.js';
import { uiSchemaOf, type Describer } from './model.js';
import {
  createUiRecord,
  deleteUiRecord,
  getUiRecord,
  objectInfo,
  picklistValuesOf,
  updateUiRecord,
  type RecordBackend,
  type UiResult,
} from './records.js';

export interface UiApiRequest {
  method: string;
  /** Path after /services/data/vXX.X, e.g. "/graphql" or "/ui-api/records/001...". */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface UiApiResponse {
  status: number;
  body: unknown;
}

/** The local org's in-process store (OrgStore) as far as the UI API uses it. */
export type UiApiStore = Describer & Omit<RecordBackend, 'schema'>;

async function route(req: UiApiRequest, store: UiApiStore): Promise<UiResult> {
  const schema = uiSchemaOf(store);
  const backend: RecordBackend = {
    schema,
    query: (soql) => store.query(soql),
    insert: (o, f) => store.insert(o, f),
    update: (o, id, f) => store.update(o, id, f),
    delete: (o, id) => store.delete(o, id),
  };
  const parts = req.path.split('/').filter(Boolean);
  const [head, resource, a, b, c, d] = parts;
  if (head === 'graphql' && parts.length === 1 && req.method === 'POST') {
    return { status: 200, body: await executeGraphql(req.body, backend) };
  }
  if (head !== 'ui-api') throw notFound();
  if (resource === 'records' && parts.length === 2 && req.method === 'POST') return createUiRecord(backend, req.body);
  if (resource === 'records' && parts.length === 3 && a) {
    if (req.method === 'GET') return getUiRecord(backend, a, req.query);
    if (req.method === 'PATCH') return updateUiRecord(backend, a, req.body);
    if (req.method === 'DELETE') return deleteUiRecord(backend, a);
  }
  if (resource === 'object-info' && a && req.method === 'GET') {
    if (parts.length === 3) return objectInfo(schema, a);
    if (b === 'picklist-values' && c && parts.length === 5) return picklistValuesOf(schema, a);
    if (b === 'picklist-values' && c && d && parts.length === 6) return picklistValuesOf(schema, a, d);
  }
  throw notFound();
}

/** Answers one UI API request; errors come back as Salesforce's JSON error arrays. */
export async function handleUiApi(req: UiApiRequest, store: UiApiStore): Promise<UiApiResponse> {
  try {
    const r = await route(req, store);
    return { status: r.status, body: r.body };
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, body: e.toBody() };
    throw e;
  }
}
