// The UI API GraphQL endpoint (POST /graphql) for record queries: `uiapi { query { Obj(where, first, after,
// upperBound, orderBy) { edges { node { ... } cursor } pageInfo totalCount } } }`. Each connection is translated to
// SOQL and run on the local org's own SOQL engine, so filters, relationships and sharing of both APIs cannot drift apart.
//
// Paging as the GraphQL API documents it: cursors are base64 `v1:<index>`; relay record connections reach the first
// 4,000 records of a query, `upperBound` (with `first` from 200 to 2,000) as many as it says. Past the last record a
// client can reach, hasNextPage is false. Rows are ordered by the query's orderBy, then Id, so pages never overlap or
// skip records that tie on the sort fields.
import {
  Kind,
  parse,
  valueFromASTUntyped,
  GraphQLError,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { z } from 'zod';
import type { UiField, UiObject, UiSchema } from './model.js';
import { displayValueOf, FilterValueError, soqlLiteral, uiValueOf } from './values.js';

export type SoqlRecord = Record<string, unknown>;
export type QueryResult = { totalSize: number; records: SoqlRecord[] };

export interface GraphqlDeps {
  schema: UiSchema;
  /** Runs SOQL on the org, answering as the REST query resource does. */
  query(soql: string): QueryResult | Promise<QueryResult>;
}

export interface GraphqlErrorBody {
  message: string;
  locations: { line: number; column: number }[];
  paths: string[];
  extensions: { ErrorType: string };
}

export interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: GraphqlErrorBody[];
}

const requestSchema = z.object({
  query: z.string(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

/** A failure reported in the response's `errors`, with graphql-java's classification as Salesforce sends it. */
class QueryFailure extends Error {
  public constructor(
    message: string,
    public readonly errorType: 'ValidationError' | 'InvalidSyntax' | 'DataFetchingException',
    public readonly node?: FieldNode,
  ) {
    super(message);
  }
}

const DEFAULT_PAGE = 10;
const MAX_PAGE = 2000;
/** Records relay record connection paging reaches without upperBound ("up to 4,000 records only"). */
const RELAY_REACH = 4000;
/** `first` with upperBound: "from 200 to 2000 only". */
const MIN_UPPER_BOUND_PAGE = 200;
/** The largest OFFSET SOQL takes; pages further in are found by Id first. */
const SOQL_MAX_OFFSET = 2000;

type Vars = Record<string, unknown>;

interface Context {
  schema: UiSchema;
  vars: Vars;
  fragments: Map<string, FragmentDefinitionNode>;
}

/** The fields of a selection set with inline fragments and fragment spreads flattened in. */
function fieldsOf(ctx: Context, set: SelectionSetNode | undefined): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(ctx, s.selectionSet);
    const fragment = ctx.fragments.get(s.name.value);
    if (!fragment) throw new QueryFailure(`Validation error (UndefinedFragment) : Undefined fragment '${s.name.value}'`, 'ValidationError');
    return fieldsOf(ctx, fragment.selectionSet);
  });
}

const keyOf = (f: FieldNode): string => f.alias?.value ?? f.name.value;

function argsOf(ctx: Context, f: FieldNode): Record<string, unknown> {
  return Object.fromEntries((f.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, ctx.vars)]));
}

const undefinedField = (name: string, type: string, f: FieldNode): QueryFailure =>
  new QueryFailure(`Validation error (FieldUndefined) : Field '${name}' in type '${type}' is undefined`, 'ValidationError', f);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- where / orderBy -> SOQL ----------------------------------------------------------------------------------

const COMPARISONS: Record<string, string> = { eq: '=', ne: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=', like: 'LIKE' };

const fieldNamed = (obj: UiObject, name: string): UiField | undefined => obj.byName.get(name);

function parentNamed(ctx: Context, obj: UiObject, name: string): { field: UiField; parent: UiObject } | undefined {
  const field = obj.byRelationship.get(name);
  const parent = field?.referenceTo ? ctx.schema.get(field.referenceTo) : undefined;
  return field && parent ? { field, parent } : undefined;
}

function filterTypeError(obj: UiObject, name: string): QueryFailure {
  return new QueryFailure(
    `The variables input contains a field name '${name}' that is not defined for input object type '${obj.name}_Filter' `,
    'ValidationError',
  );
}

function conditionsFor(ctx: Context, obj: UiObject, path: string, field: UiField, ops: unknown): string[] {
  if (!isRecord(ops)) throw new QueryFailure(`Filter of ${obj.name}.${field.name} must be an object of operators`, 'ValidationError');
  return Object.entries(ops).map(([op, operand]) => {
    const column = `${path}${field.name}`;
    if (op in COMPARISONS) return `${column} ${COMPARISONS[op]} ${soqlLiteral(field, operand)}`;
    if (op === 'in' || op === 'nin') {
      if (!Array.isArray(operand)) throw new QueryFailure(`'${op}' of ${obj.name}.${field.name} takes a list`, 'ValidationError');
      return `${column} ${op === 'in' ? 'IN' : 'NOT IN'} (${operand.map((v) => soqlLiteral(field, v)).join(', ')})`;
    }
    if (op === 'inq' || op === 'ninq') {
      // Semi-join: { inq: { Child: { ...filter }, ApiName: "ChildField" } }
      if (!isRecord(operand) || typeof operand.ApiName !== 'string') {
        throw new QueryFailure(`'${op}' of ${obj.name}.${field.name} needs an object filter and ApiName`, 'ValidationError');
      }
      const [childName, childFilter] = Object.entries(operand).find(([k]) => k !== 'ApiName') ?? [];
      const child = childName ? ctx.schema.get(childName) : undefined;
      if (!child || !childName) throw new QueryFailure(`'${op}' of ${obj.name}.${field.name} names no object`, 'ValidationError');
      const where = whereSql(ctx, child, childFilter, '');
      return `${column} ${op === 'inq' ? 'IN' : 'NOT IN'} (SELECT ${operand.ApiName} FROM ${child.name}${where ? ` WHERE ${where}` : ''})`;
    }
    throw new QueryFailure(`Unknown filter operator '${op}' on ${obj.name}.${field.name}`, 'ValidationError');
  });
}

function whereSql(ctx: Context, obj: UiObject, filter: unknown, path: string): string {
  if (filter === undefined || filter === null) return '';
  if (!isRecord(filter)) throw new QueryFailure(`where of ${obj.name} must be an object`, 'ValidationError');
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'and' || key === 'or') {
      const list = (Array.isArray(value) ? value : [value]).map((v) => whereSql(ctx, obj, v, path)).filter(Boolean);
      if (list.length > 0) parts.push(`(${list.join(key === 'and' ? ' AND ' : ' OR ')})`);
    } else if (key === 'not') {
      const inner = whereSql(ctx, obj, value, path);
      if (inner) parts.push(`(NOT ${inner})`);
    } else {
      const field = fieldNamed(obj, key);
      const parent = field ? undefined : parentNamed(ctx, obj, key);
      if (field) parts.push(...conditionsFor(ctx, obj, path, field, value));
      else if (parent) {
        const inner = whereSql(ctx, parent.parent, value, `${path}${key}.`);
        if (inner) parts.push(inner);
      } else throw filterTypeError(obj, key);
    }
  }
  return parts.join(' AND ');
}

function orderSql(ctx: Context, obj: UiObject, orderBy: unknown, path = ''): string[] {
  if (!isRecord(orderBy)) return [];
  return Object.entries(orderBy).flatMap(([key, spec]) => {
    const field = fieldNamed(obj, key);
    if (field && isRecord(spec)) {
      const order = spec.order === 'DESC' ? 'DESC' : 'ASC';
      const nulls = spec.nulls === 'FIRST' || spec.nulls === 'LAST' ? ` NULLS ${spec.nulls}` : '';
      return [`${path}${field.name} ${order}${nulls}`];
    }
    const parent = parentNamed(ctx, obj, key);
    if (parent) return orderSql(ctx, parent.parent, spec, `${path}${key}.`);
    throw new QueryFailure(`The orderBy input contains a field name '${key}' that is not defined for input object type '${obj.name}_OrderBy' `, 'ValidationError');
  });
}

// ---- selections -> SOQL columns and back --------------------------------------------------------------------

/** What a node selection needs from SOQL: dotted field paths and child subqueries. */
interface Needs {
  columns: Set<string>;
  children: string[];
}

function pageSize(args: Record<string, unknown>, f: FieldNode): number {
  const first = args.first ?? DEFAULT_PAGE;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw new QueryFailure(`first must be an integer from 0 to ${MAX_PAGE}`, 'ValidationError', f);
  }
  return first;
}

function collectNode(ctx: Context, obj: UiObject, set: SelectionSetNode | undefined, path: string, needs: Needs): void {
  needs.columns.add(`${path}Id`);
  for (const f of fieldsOf(ctx, set)) {
    const name = f.name.value;
    if (name === 'Id' || name === '__typename' || name === 'ApiName') continue;
    const field = fieldNamed(obj, name);
    if (field) {
      needs.columns.add(`${path}${field.name}`);
      continue;
    }
    const parent = parentNamed(ctx, obj, name);
    if (parent) {
      collectNode(ctx, parent.parent, f.selectionSet, `${path}${name}.`, needs);
      continue;
    }
    const child = obj.childRelationships.find((c) => c.relationshipName === name);
    if (child && path === '') {
      needs.children.push(childSubquery(ctx, child.childSObject, name, f));
      continue;
    }
    throw undefinedField(name, obj.name, f);
  }
}

/** One level of child relationship, as the wire adapter allows: a SOQL subquery. */
function childSubquery(ctx: Context, childName: string, relationship: string, f: FieldNode): string {
  const child = ctx.schema.get(childName);
  if (!child) throw undefinedField(relationship, childName, f);
  const args = argsOf(ctx, f);
  const needs: Needs = { columns: new Set(), children: [] };
  const node = connectionNode(ctx, f);
  collectNode(ctx, child, node?.selectionSet, '', needs);
  if (needs.children.length > 0) throw new QueryFailure('Only one level of child relationships is supported', 'ValidationError', f);
  const where = whereSql(ctx, child, args.where, '');
  const order = orderSql(ctx, child, args.orderBy);
  // One extra row tells whether there is a next page; a requested totalCount needs every row.
  const limit = wantsTotalCount(ctx, f) ? '' : ` LIMIT ${pageSize(args, f) + 1}`;
  return `(SELECT ${[...needs.columns].join(', ')} FROM ${relationship}${where ? ` WHERE ${where}` : ''}${order.length ? ` ORDER BY ${order.join(', ')}` : ''}${limit})`;
}

const wantsTotalCount = (ctx: Context, connection: FieldNode): boolean =>
  fieldsOf(ctx, connection.selectionSet).some((p) => p.name.value === 'totalCount');

/** The `node` field under `edges` of a connection selection. */
function connectionNode(ctx: Context, connection: FieldNode): FieldNode | undefined {
  const edges = fieldsOf(ctx, connection.selectionSet).filter((e) => e.name.value === 'edges');
  return edges.flatMap((e) => fieldsOf(ctx, e.selectionSet)).find((n) => n.name.value === 'node');
}

const cursorOf = (index: number): string => Buffer.from(`v1:${index}`).toString('base64');

function offsetAfter(after: unknown, f: FieldNode): number {
  if (after === undefined || after === null) return 0;
  const match = typeof after === 'string' ? /^v1:(\d+)$/.exec(Buffer.from(after, 'base64').toString()) : null;
  if (!match) throw new QueryFailure(`Invalid cursor: ${String(after)}`, 'ValidationError', f);
  return Number(match[1]) + 1;
}

function valueObject(ctx: Context, obj: UiObject, field: UiField, raw: unknown, f: FieldNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sub of fieldsOf(ctx, f.selectionSet)) {
    const name = sub.name.value;
    if (name === 'value') out[keyOf(sub)] = uiValueOf(field, raw);
    else if (name === 'displayValue') out[keyOf(sub)] = displayValueOf(field, raw);
    else if (name === '__typename') out[keyOf(sub)] = `${field.type[0]?.toUpperCase()}${field.type.slice(1)}Value`;
    else throw undefinedField(name, `${obj.name}.${field.name}`, sub);
  }
  return out;
}

function shapeNode(ctx: Context, obj: UiObject, record: SoqlRecord, set: SelectionSetNode | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(ctx, set)) {
    const name = f.name.value;
    const key = keyOf(f);
    if (name === 'Id') out[key] = record.Id;
    else if (name === '__typename') out[key] = obj.name;
    else if (name === 'ApiName') out[key] = obj.name;
    else {
      const field = fieldNamed(obj, name);
      const parent = field ? undefined : parentNamed(ctx, obj, name);
      if (field) out[key] = valueObject(ctx, obj, field, record[field.name], f);
      else if (parent) {
        const related = record[name];
        out[key] = isRecord(related) ? shapeNode(ctx, parent.parent, related, f.selectionSet) : null;
      } else {
        const child = obj.childRelationships.find((c) => c.relationshipName === name);
        const childObj = child ? ctx.schema.get(child.childSObject) : undefined;
        if (!childObj) throw undefinedField(name, obj.name, f);
        const result = record[name];
        const rows = isRecord(result) && Array.isArray(result.records) ? (result.records as SoqlRecord[]) : [];
        const first = pageSize(argsOf(ctx, f), f);
        out[key] = shapeConnection(ctx, childObj, rows.slice(0, first), f, { offset: 0, hasNext: rows.length > first, total: rows.length });
      }
    }
  }
  return out;
}

function shapeConnection(
  ctx: Context,
  obj: UiObject,
  rows: SoqlRecord[],
  f: FieldNode,
  page: { offset: number; hasNext: boolean; total: number | undefined },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of fieldsOf(ctx, f.selectionSet)) {
    const key = keyOf(part);
    switch (part.name.value) {
      case 'edges':
        out[key] = rows.map((row, i) => {
          const edge: Record<string, unknown> = {};
          for (const e of fieldsOf(ctx, part.selectionSet)) {
            if (e.name.value === 'node') edge[keyOf(e)] = shapeNode(ctx, obj, row, e.selectionSet);
            else if (e.name.value === 'cursor') edge[keyOf(e)] = cursorOf(page.offset + i);
            else if (e.name.value === '__typename') edge[keyOf(e)] = `${obj.name}Edge`;
            else throw undefinedField(e.name.value, `${obj.name}Edge`, e);
          }
          return edge;
        });
        break;
      case 'pageInfo': {
        const info: Record<string, unknown> = {};
        for (const p of fieldsOf(ctx, part.selectionSet)) {
          const k = keyOf(p);
          if (p.name.value === 'hasNextPage') info[k] = page.hasNext;
          else if (p.name.value === 'hasPreviousPage') info[k] = page.offset > 0;
          else if (p.name.value === 'startCursor') info[k] = rows.length > 0 ? cursorOf(page.offset) : null;
          else if (p.name.value === 'endCursor') info[k] = rows.length > 0 ? cursorOf(page.offset + rows.length - 1) : null;
          else if (p.name.value === '__typename') info[k] = 'PageInfo';
          else throw undefinedField(p.name.value, 'PageInfo', p);
        }
        out[key] = info;
        break;
      }
      case 'totalCount':
        out[key] = page.total ?? rows.length;
        break;
      case '__typename':
        out[key] = `${obj.name}Connection`;
        break;
      default:
        throw undefinedField(part.name.value, `${obj.name}Connection`, part);
    }
  }
  return out;
}

/** How many records of a query a client can page through: upperBound, or relay paging's 4,000. */
function reachOf(args: Record<string, unknown>, first: number, f: FieldNode): number {
  const bound = args.upperBound;
  if (bound === undefined || bound === null) return RELAY_REACH;
  if (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 1) {
    throw new QueryFailure('upperBound must be a positive integer', 'ValidationError', f);
  }
  if (first < MIN_UPPER_BOUND_PAGE) {
    throw new QueryFailure(`first must be an integer from ${MIN_UPPER_BOUND_PAGE} to ${MAX_PAGE} with upperBound`, 'ValidationError', f);
  }
  return bound;
}

async function runConnection(ctx: Context, deps: GraphqlDeps, f: FieldNode): Promise<Record<string, unknown>> {
  const obj = ctx.schema.get(f.name.value);
  if (!obj) throw undefinedField(f.name.value, 'RecordQuery', f);
  const args = argsOf(ctx, f);
  const first = pageSize(args, f);
  const reach = reachOf(args, first, f);
  const offset = offsetAfter(args.after, f);
  const needs: Needs = { columns: new Set(), children: [] };
  collectNode(ctx, obj, connectionNode(ctx, f)?.selectionSet, '', needs);
  const where = whereSql(ctx, obj, args.where, '');
  const order = orderSql(ctx, obj, args.orderBy);
  // Id breaks ties, so every page of one query sees the same order.
  if (!order.some((o) => /^Id\b/.test(o))) order.push('Id ASC');
  const from = ` FROM ${obj.name}${where ? ` WHERE ${where}` : ''}`;
  const orderBy = ` ORDER BY ${order.join(', ')}`;
  const select = `SELECT ${[...needs.columns, ...needs.children].join(', ')}`;
  // The page, cut where the client's reach ends; one row more tells whether there is a next page.
  const take = Math.max(0, Math.min(first, reach - offset));
  let rows: SoqlRecord[] = [];
  let more = false;
  if (offset < reach && offset <= SOQL_MAX_OFFSET) {
    const found = (await deps.query(`${select}${from}${orderBy} LIMIT ${take + 1}${offset ? ` OFFSET ${offset}` : ''}`)).records;
    rows = found.slice(0, take);
    more = found.length > take;
  } else if (offset < reach) {
    // SOQL's OFFSET stops at 2,000: find this page's Ids in query order, then read those records.
    const ids = (await deps.query(`SELECT Id${from}${orderBy} LIMIT ${offset + take + 1}`)).records.slice(offset).map((r) => String(r.Id));
    const page = ids.slice(0, take);
    if (page.length > 0) {
      const read = await deps.query(`${select} FROM ${obj.name} WHERE Id IN (${page.map((id) => `'${id}'`).join(', ')})`);
      const byId = new Map<string, SoqlRecord>(read.records.map((r) => [String(r.Id), r]));
      rows = page.map((id) => byId.get(id)).filter((r): r is SoqlRecord => r !== undefined);
    }
    more = ids.length > take;
  }
  const total = wantsTotalCount(ctx, f) ? (await deps.query(`SELECT COUNT()${from}`)).totalSize : undefined;
  const hasNext = more && offset + take < reach;
  return shapeConnection(ctx, obj, rows, f, { offset, hasNext, total });
}

function operationOf(doc: ReturnType<typeof parse>, name: string | null | undefined): OperationDefinitionNode {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = name ? ops.find((o) => o.name?.value === name) : ops.length === 1 ? ops[0] : undefined;
  if (!op) {
    throw new QueryFailure(name ? `Unknown operation named '${name}'.` : 'Must provide operation name if query contains multiple operations.', 'ValidationError');
  }
  return op;
}

function variablesOf(op: OperationDefinitionNode, given: Vars): Vars {
  const vars: Vars = {};
  for (const def of op.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (name in given) vars[name] = given[name];
    else if (def.defaultValue) vars[name] = valueFromASTUntyped(def.defaultValue);
    else if (def.type.kind === Kind.NON_NULL_TYPE) {
      throw new QueryFailure(`Variable '${name}' has an invalid value: null value for non-null type`, 'ValidationError');
    } else vars[name] = null;
  }
  return vars;
}

function errorBody(e: QueryFailure, path: string[] = []): GraphqlErrorBody {
  const loc = e.node?.loc?.startToken;
  return {
    message: e.message,
    locations: loc ? [{ line: loc.line, column: loc.column }] : [],
    paths: path,
    extensions: { ErrorType: e.errorType },
  };
}

/** Answers one GraphQL request body. Query errors come back in `errors` (HTTP 200), as from Salesforce. */
export async function executeGraphql(body: unknown, deps: GraphqlDeps): Promise<GraphqlResponse> {
  const request = requestSchema.safeParse(body);
  if (!request.success) {
    return { errors: [errorBody(new QueryFailure('The request body must be JSON with a "query" string', 'InvalidSyntax'))] };
  }
  let doc;
  try {
    doc = parse(request.data.query);
  } catch (error) {
    const syntax = error instanceof GraphQLError ? error : undefined;
    return {
      errors: [{
        message: `Invalid Syntax : ${syntax?.message ?? String(error)}`,
        locations: syntax?.locations ? [...syntax.locations] : [],
        paths: [],
        extensions: { ErrorType: 'InvalidSyntax' },
      }],
    };
  }
  try {
    const op = operationOf(doc, request.data.operationName);
    if (op.operation !== 'query') throw new QueryFailure(`The local org answers queries, not ${op.operation}s; write with lightning/uiRecordApi`, 'ValidationError');
    const ctx: Context = {
      schema: deps.schema,
      vars: variablesOf(op, request.data.variables ?? {}),
      fragments: new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d])),
    };
    const data: Record<string, unknown> = {};
    for (const root of fieldsOf(ctx, op.selectionSet)) {
      if (root.name.value === '__typename') {
        data[keyOf(root)] = 'Query';
        continue;
      }
      if (root.name.value !== 'uiapi') throw undefinedField(root.name.value, 'Query', root);
      const uiapi: Record<string, unknown> = {};
      for (const section of fieldsOf(ctx, root.selectionSet)) {
        if (section.name.value !== 'query') throw undefinedField(section.name.value, 'UIAPI', section);
        const records: Record<string, unknown> = {};
        for (const connection of fieldsOf(ctx, section.selectionSet)) records[keyOf(connection)] = await runConnection(ctx, deps, connection);
        uiapi[keyOf(section)] = records;
      }
      data[keyOf(root)] = uiapi;
    }
    return { data };
  } catch (error) {
    if (error instanceof QueryFailure) return { data: null, errors: [errorBody(error)] };
    if (error instanceof FilterValueError) return { data: null, errors: [errorBody(new QueryFailure(error.message, 'ValidationError'))] };
    // A SOQL error from the engine: the translated query hit something the org rejects.
    const message = error instanceof Error ? error.message : String(error);
    return { data: null, errors: [errorBody(new QueryFailure(message, 'DataFetchingException'))] };
  }
}
