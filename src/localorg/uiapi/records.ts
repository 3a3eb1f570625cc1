// UI API record and object-info resources (what lightning/uiRecordApi and lightning/uiObjectInfoApi call):
// GET/PATCH/DELETE /ui-api/records/{id}, POST /ui-api/records, GET /ui-api/object-info/{object}[/picklist-values/...].
// Reads go through SOQL, writes through the org's DML path, so validation is the org's own; a failed write
// answers the UI API's "Error with Output" with one entry per field in output.fieldErrors.
import { z } from 'zod';
import { ApiError, invalidType, notFound, type RecordError } from '../errors.js';
import { toId18 } from '../ids.js';
import type { UiField, UiObject, UiSchema } from './model.js';
import { displayValueOf, uiValueOf } from './values.js';

import type { QueryResult, SoqlRecord } from './graphql.js';

type SaveResult = { id?: string; success: boolean; errors: RecordError[] };

/** What the record resources need from the org: SOQL and DML with per-record results, as OrgStore offers. */
export interface RecordBackend {
  schema: UiSchema;
  query(soql: string): QueryResult | Promise<QueryResult>;
  insert(objectApiName: string, fields: Record<string, unknown>): SaveResult | Promise<SaveResult>;
  update(objectApiName: string, id: string, fields: Record<string, unknown>): SaveResult | Promise<SaveResult>;
  delete(objectApiName: string, id: string): SaveResult | Promise<SaveResult>;
}

export interface UiResult {
  status: number;
  body?: unknown;
}

export interface UiRecord {
  apiName: string;
  childRelationships: Record<string, never>;
  eTag: string;
  fields: Record<string, { value: unknown; displayValue: string | null }>;
  id: string;
  lastModifiedById: string | null;
  lastModifiedDate: string | null;
  recordTypeId: string;
  recordTypeInfo: null;
  systemModstamp: string | null;
  weakEtag: number;
}

const MASTER_RECORD_TYPE = '012000000000000AAA';
const SYSTEM = ['LastModifiedById', 'LastModifiedDate', 'SystemModstamp'];

const createSchema = z.object({ apiName: z.string().min(1), fields: z.record(z.string(), z.unknown()) });
const updateSchema = z.object({ fields: z.record(z.string(), z.unknown()) });

function objectOfId(schema: UiSchema, rawId: string): { obj: UiObject; id: string } {
  const id = toId18(rawId);
  const obj = id ? schema.byKeyPrefix(id.slice(0, 3)) : undefined;
  if (!id || !obj) throw notFound();
  return { obj, id };
}

/** A field path below `obj` ("Partner__r.Name" -> parent relationship then field), or undefined when unknown. */
function resolvePath(schema: UiSchema, obj: UiObject, path: string[]): UiField | undefined {
  const [head, ...rest] = path;
  if (!head) return undefined;
  if (rest.length === 0) return obj.byName.get(head);
  const lookup = obj.byRelationship.get(head);
  const parent = lookup?.referenceTo ? schema.get(lookup.referenceTo) : undefined;
  return parent ? resolvePath(schema, parent, rest) : undefined;
}

/** "Obj.F,Obj.Rel__r.Name" -> paths below Obj; unknown ones fail for `fields`, drop for `optionalFields`. */
function requestedPaths(schema: UiSchema, obj: UiObject, param: string | null, optional: boolean): string[][] {
  if (!param) return [];
  const paths: string[][] = [];
  for (const qualified of param.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [objectName, ...path] = qualified.split('.');
    const known = objectName === obj.name && resolvePath(schema, obj, path) !== undefined;
    if (known) paths.push(path);
    else if (!optional) throw new ApiError(400, 'INVALID_FIELD', `Cannot find field ${qualified} in ${obj.name}`);
  }
  return paths;
}

/** SOQL columns for the paths plus what a UI API record always carries (system fields, parents' names). */
function columnsFor(schema: UiSchema, obj: UiObject, paths: string[][], prefix = ''): string[] {
  const columns = new Set([`${prefix}Id`, ...SYSTEM.filter((f) => obj.byName.has(f)).map((f) => `${prefix}${f}`)]);
  const byParent = new Map<string, string[][]>();
  for (const [head, ...rest] of paths) {
    if (!head) continue;
    if (rest.length === 0) columns.add(`${prefix}${head}`);
    else byParent.set(head, [...(byParent.get(head) ?? []), rest]);
  }
  for (const [relationship, rest] of byParent) {
    const lookup = obj.byRelationship.get(relationship);
    const parent = lookup?.referenceTo ? schema.get(lookup.referenceTo) : undefined;
    if (!parent) continue;
    for (const c of columnsFor(schema, parent, [...rest, [parent.nameField]], `${prefix}${relationship}.`)) columns.add(c);
  }
  return [...columns];
}

/** SOQL's "2026-03-01T12:00:00.000+0000" as the UI API's ISO "2026-03-01T12:00:00.000Z". */
const isoDateTime = (raw: unknown): string | null => (typeof raw === 'string' ? new Date(raw.replace(/\+0000$/, 'Z')).toISOString() : null);

function uiRecord(schema: UiSchema, obj: UiObject, rec: SoqlRecord, paths: string[][]): UiRecord {
  const fields: UiRecord['fields'] = {};
  const byParent = new Map<string, string[][]>();
  for (const [head, ...rest] of paths) {
    if (!head) continue;
    if (rest.length === 0) {
      const field = obj.byName.get(head);
      if (field) fields[head] = { value: uiValueOf(field, rec[field.name]), displayValue: displayValueOf(field, rec[field.name]) };
    } else byParent.set(head, [...(byParent.get(head) ?? []), rest]);
  }
  for (const [relationship, rest] of byParent) {
    const lookup = obj.byRelationship.get(relationship);
    const parent = lookup?.referenceTo ? schema.get(lookup.referenceTo) : undefined;
    const related = rec[relationship];
    if (!parent) continue;
    // A lookup's relationship field: the parent record as value, its name as displayValue.
    fields[relationship] =
      related && typeof related === 'object'
        ? {
            value: uiRecord(schema, parent, related as SoqlRecord, rest),
            displayValue: String((related as SoqlRecord)[parent.nameField] ?? ''),
          }
        : { value: null, displayValue: null };
  }
  const modstamp = isoDateTime(rec.SystemModstamp);
  return {
    apiName: obj.name,
    childRelationships: {},
    eTag: `${String(rec.Id)}:${modstamp ?? ''}`,
    fields,
    id: String(rec.Id),
    lastModifiedById: (rec.LastModifiedById as string | undefined) ?? null,
    lastModifiedDate: isoDateTime(rec.LastModifiedDate),
    recordTypeId: MASTER_RECORD_TYPE,
    recordTypeInfo: null,
    systemModstamp: modstamp,
    weakEtag: modstamp ? Date.parse(modstamp) : 0,
  };
}

async function readRecord(backend: RecordBackend, obj: UiObject, id: string, paths: string[][]): Promise<UiRecord> {
  const soql = `SELECT ${columnsFor(backend.schema, obj, paths).join(', ')} FROM ${obj.name} WHERE Id = '${id}'`;
  const [rec] = (await backend.query(soql)).records;
  if (!rec) throw notFound();
  return uiRecord(backend.schema, obj, rec, paths);
}

/** Every field of the object, and each lookup's parent by name, as a full layout (and a write's answer) has them. */
const allPaths = (schema: UiSchema, obj: UiObject): string[][] => [
  ...obj.fields.map((f) => [f.name]),
  ...obj.fields.flatMap((f) => {
    const parent = f.relationshipName && f.referenceTo ? schema.get(f.referenceTo) : undefined;
    return parent && f.relationshipName ? [[f.relationshipName, parent.nameField]] : [];
  }),
];

// The record itself is gone: the UI API answers 404, not a record error.
const MISSING = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND']);

/**
 * The answer to a failed write. Validation failures are the UI API's "Error with Output": errors naming fields
 * go to output.fieldErrors under each field (so a form shows them beside the input), the rest to output.errors.
 */
function writeFailure(obj: UiObject, errors: RecordError[]): UiResult {
  if (errors.every((e) => MISSING.has(e.statusCode) && e.fields.length === 0)) return { status: 404, body: notFound().toBody() };
  const entry = (e: RecordError, field: string | null): Record<string, unknown> => ({
    constituentField: null,
    duplicateRecordError: null,
    errorCode: e.statusCode,
    field,
    fieldLabel: field ? (obj.byName.get(field)?.label ?? field) : null,
    message: e.message,
  });
  const fieldErrors: Record<string, Record<string, unknown>[]> = {};
  const pageErrors: Record<string, unknown>[] = [];
  for (const e of errors) {
    const fields = e.fields.filter((f) => f !== 'Id');
    if (fields.length === 0) pageErrors.push(entry(e, null));
    for (const f of fields) (fieldErrors[f] ??= []).push(entry(e, f));
  }
  return {
    status: 400,
    body: {
      message: 'An error occurred while trying to update the record. Please try again.',
      enhancedErrorType: 'RecordError',
      output: { errors: pageErrors, fieldErrors },
    },
  };
}

export async function getUiRecord(backend: RecordBackend, rawId: string, query: URLSearchParams): Promise<UiResult> {
  const { obj, id } = objectOfId(backend.schema, rawId);
  const paths = [
    ...requestedPaths(backend.schema, obj, query.get('fields'), false),
    ...requestedPaths(backend.schema, obj, query.get('optionalFields'), true),
  ];
  // layoutTypes=Full stands for every field: the local org has no page layouts of its own.
  const all = query.get('layoutTypes') ? allPaths(backend.schema, obj) : [];
  if (paths.length === 0 && all.length === 0) {
    throw new ApiError(400, 'INVALID_INPUT', 'Either fields, optionalFields or layoutTypes must be specified');
  }
  return { status: 200, body: await readRecord(backend, obj, id, [...paths, ...all]) };
}

export async function createUiRecord(backend: RecordBackend, body: unknown): Promise<UiResult> {
  const input = createSchema.safeParse(body);
  if (!input.success) throw new ApiError(400, 'INVALID_INPUT', 'The request body must be { apiName, fields }');
  const obj = backend.schema.get(input.data.apiName);
  if (!obj) throw invalidType(input.data.apiName);
  const saved = await backend.insert(obj.name, input.data.fields);
  if (!saved.success || !saved.id) return writeFailure(obj, saved.errors);
  return { status: 201, body: await readRecord(backend, obj, saved.id, allPaths(backend.schema, obj)) };
}

export async function updateUiRecord(backend: RecordBackend, rawId: string, body: unknown): Promise<UiResult> {
  const { obj, id } = objectOfId(backend.schema, rawId);
  const input = updateSchema.safeParse(body);
  if (!input.success) throw new ApiError(400, 'INVALID_INPUT', 'The request body must be { fields }');
  const saved = await backend.update(obj.name, id, input.data.fields);
  if (!saved.success) return writeFailure(obj, saved.errors);
  return { status: 200, body: await readRecord(backend, obj, id, allPaths(backend.schema, obj)) };
}

export async function deleteUiRecord(backend: RecordBackend, rawId: string): Promise<UiResult> {
  const { obj, id } = objectOfId(backend.schema, rawId);
  const saved = await backend.delete(obj.name, id);
  return saved.success ? { status: 204 } : writeFailure(obj, saved.errors);
}

const DATA_TYPES: Record<string, string> = {
  id: 'String', string: 'String', textarea: 'TextArea', email: 'Email', phone: 'Phone', url: 'Url', boolean: 'Boolean',
  int: 'Int', double: 'Double', currency: 'Currency', percent: 'Percent', date: 'Date', datetime: 'DateTime',
  picklist: 'Picklist', reference: 'Reference',
};

function picklistValues(obj: UiObject, field: UiField): Record<string, unknown> {
  return {
    controllerValues: {},
    defaultValue: field.picklist.filter((p) => p.default).map((p) => ({ attributes: null, label: p.label, validFor: [], value: p.value }))[0] ?? null,
    eTag: `${obj.name}.${field.name}`,
    url: `/ui-api/object-info/${obj.name}/picklist-values/${MASTER_RECORD_TYPE}/${field.name}`,
    values: field.picklist.map((p) => ({ attributes: null, label: p.label, validFor: [], value: p.value })),
  };
}

export function objectInfo(schema: UiSchema, apiName: string): UiResult {
  const obj = schema.get(apiName);
  if (!obj) throw notFound();
  const fields = Object.fromEntries(
    obj.fields.map((f) => [
      f.name,
      {
        apiName: f.name, label: f.label, dataType: DATA_TYPES[f.type] ?? 'String', required: f.required,
        createable: f.createable, updateable: f.updateable, custom: f.custom, calculated: f.calculated,
        nameField: f.nameField, reference: f.type === 'reference',
        referenceToInfos: f.referenceTo ? [{ apiName: f.referenceTo, nameFields: [schema.get(f.referenceTo)?.nameField ?? 'Name'] }] : [],
        relationshipName: f.relationshipName ?? null, length: f.length, precision: f.precision, scale: f.scale,
        unique: f.unique, inlineHelpText: f.helpText,
      },
    ]),
  );
  return {
    status: 200,
    body: {
      apiName: obj.name, label: obj.label, labelPlural: obj.labelPlural, keyPrefix: obj.keyPrefix, custom: obj.custom,
      createable: obj.createable, updateable: true, deletable: true, queryable: true, defaultRecordTypeId: MASTER_RECORD_TYPE,
      nameFields: [obj.nameField], fields,
      childRelationships: obj.childRelationships.map((c) => ({ childObjectApiName: c.childSObject, fieldName: c.field, relationshipName: c.relationshipName })),
      recordTypeInfos: { [MASTER_RECORD_TYPE]: { available: true, defaultRecordTypeMapping: true, master: true, name: 'Master', recordTypeId: MASTER_RECORD_TYPE } },
    },
  };
}

export function picklistValuesOf(schema: UiSchema, apiName: string, fieldName?: string): UiResult {
  const obj = schema.get(apiName);
  if (!obj) throw notFound();
  const picklists = obj.fields.filter((f) => f.type === 'picklist');
  if (fieldName === undefined) {
    return { status: 200, body: { eTag: obj.name, picklistFieldValues: Object.fromEntries(picklists.map((f) => [f.name, picklistValues(obj, f)])) } };
  }
  const field = picklists.find((f) => f.name === fieldName);
  if (!field) throw notFound();
  return { status: 200, body: picklistValues(obj, field) };
}
