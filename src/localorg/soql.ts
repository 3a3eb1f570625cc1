// SOQL for the local org: parsed by @jetstreamapp/soql-parser-js, translated to one SQLite statement (parent
// relationships become LEFT JOINs, semi-joins sub-selects, date literals ranges), and shaped into REST records.
// Child subqueries run once per page of parents. What is not translated fails like Salesforce fails
// (MALFORMED_QUERY / INVALID_FIELD / INVALID_TYPE) rather than answering something different.
import {
  parseQuery,
  type FieldType,
  type LiteralType,
  type OrderByClause,
  type Query,
  type Subquery,
  type WhereClause,
} from '@jetstreamapp/soql-parser-js';
import { API_VERSION } from '../schema/dataModel.js';
import { ApiError, invalidType, malformedQuery } from './errors.js';
import { toId18 } from './ids.js';
import type { FieldSpec, ObjectSpec } from './schema.js';
import { fromColumn, q, sfDateTime, type Engine, type Row, type SqlValue } from './store.js';

interface Join {
  alias: string;
  obj: ObjectSpec;
  /** Result column holding the parent's Id (null when the lookup is empty). */
  idKey: string;
  relationshipName: string;
}

interface Column {
  key: string;
  field: FieldSpec;
  joins: Join[];
  /** The path as written in the result: relationship names, then the field. */
  path: string[];
  /** Aggregate results: the output key (alias, exprN or the grouped field's name). */
  outKey?: string;
  aggregate?: string;
}

interface ChildQuery {
  relationshipName: string;
  foreignKey: string;
  query: CompiledQuery;
  limit?: number;
}

export interface CompiledQuery {
  object: ObjectSpec;
  kind: 'records' | 'count' | 'aggregate';
  columns: Column[];
  children: ChildQuery[];
  sql(extraWhere?: string): string;
  params: SqlValue[];
}

interface Context {
  engine: Engine;
  root: ObjectSpec;
  alias?: string;
  joins: Map<string, Join>;
  from: string[];
  select: string[];
  params: SqlValue[];
  nextAlias: number;
}

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);
const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);
const TEXTUAL = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);

const noColumn = (name: string, obj: ObjectSpec): ApiError =>
  new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on entity '${obj.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
const noRelationship = (name: string): ApiError =>
  new ApiError(400, 'INVALID_FIELD', `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);

/** Resolves a dotted field path from the root object, adding a LEFT JOIN per parent relationship. */
function resolve(ctx: Context, dotted: string): { sql: string; field: FieldSpec; joins: Join[]; path: string[] } {
  let parts = dotted.split('.');
  if (parts.length > 1 && ctx.alias && parts[0]?.toLowerCase() === ctx.alias.toLowerCase()) parts = parts.slice(1);
  else if (parts.length > 1 && parts[0]?.toLowerCase() === ctx.root.name.toLowerCase() && !ctx.root.byRelationship.has(parts[0].toLowerCase())) parts = parts.slice(1);
  let obj = ctx.root;
  let alias = 't0';
  let key = '';
  const joins: Join[] = [];
  const path: string[] = [];
  for (const rel of parts.slice(0, -1)) {
    const ref = obj.byRelationship.get(rel.toLowerCase());
    const parent = ref?.referenceTo ? ctx.engine.schema.get(ref.referenceTo) : undefined;
    if (!ref || !parent) throw noRelationship(rel);
    key += `.${ref.relationshipName!.toLowerCase()}`;
    let join = ctx.joins.get(key);
    if (!join) {
      const n = ctx.nextAlias++;
      join = { alias: `t${n}`, obj: parent, idKey: `j${n}`, relationshipName: ref.relationshipName! };
      ctx.from.push(`LEFT JOIN ${q(parent.name)} ${join.alias} ON ${join.alias}."Id" = ${alias}.${q(ref.name)}`);
      ctx.select.push(`${join.alias}."Id" AS ${join.idKey}`);
      ctx.joins.set(key, join);
    }
    joins.push(join);
    path.push(join.relationshipName);
    obj = parent;
    alias = join.alias;
  }
  const name = parts[parts.length - 1] ?? '';
  const field = obj.byName.get(name.toLowerCase());
  if (!field) throw noColumn(name, obj);
  path.push(field.name);
  return { sql: `${alias}.${q(field.name)}`, field, joins, path };
}

// ---- literals -----------------------------------------------------------------------------------------------

function unquote(v: string, like: boolean): string {
  const inner = v.replace(/^'([\s\S]*)'$/, '$1');
  return inner.replace(/\\(.)/g, (_m, c: string) => {
    if (like && (c === '%' || c === '_')) return `\\${c}`;
    return ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c;
  });
}

function typeMismatch(f: FieldSpec, quoted: boolean): ApiError {
  const want = f.type === 'datetime' ? 'dateTime' : NUMERIC.has(f.type) ? 'number' : f.type === 'reference' || f.type === 'id' ? 'id' : TEXTUAL.has(f.type) ? 'string' : f.type;
  return new ApiError(400, 'INVALID_FIELD', `value of filter criterion for field '${f.name}' must be of type ${want} and should ${quoted ? 'not ' : ''}be enclosed in quotes`);
}

function literal(f: FieldSpec, raw: string, type: LiteralType | undefined, like = false): SqlValue {
  switch (type) {
    case 'NULL':
      return null;
    case 'STRING': {
      if (f.type === 'id' || f.type === 'reference') {
        const id = toId18(unquote(raw, false));
        if (!id) throw new ApiError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${unquote(raw, false)}`);
        return id;
      }
      if (!TEXTUAL.has(f.type)) throw typeMismatch(f, true);
      return unquote(raw, like);
    }
    case 'INTEGER':
    case 'DECIMAL':
      if (!NUMERIC.has(f.type)) throw typeMismatch(f, false);
      return Number(raw);
    case 'BOOLEAN':
      if (f.type !== 'boolean') throw typeMismatch(f, false);
      return raw.toUpperCase() === 'TRUE' ? 1 : 0;
    case 'DATE':
      if (f.type !== 'date') throw typeMismatch(f, false);
      return raw;
    case 'DATETIME': {
      if (f.type !== 'datetime') throw typeMismatch(f, false);
      const d = new Date(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (Number.isNaN(d.getTime())) throw malformedQuery(`line 1: invalid datetime: ${raw}`);
      return sfDateTime(d);
    }
    default:
      throw malformedQuery(`The local org does not support ${type ?? 'this'} literals: ${raw}`);
  }
}

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

function startOf(unit: Unit, d: Date): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (unit) {
    case 'day': return new Date(Date.UTC(y, m, d.getUTCDate()));
    case 'week': return new Date(Date.UTC(y, m, d.getUTCDate() - d.getUTCDay()));
    case 'month': return new Date(Date.UTC(y, m, 1));
    case 'quarter': return new Date(Date.UTC(y, m - (m % 3), 1));
    default: return new Date(Date.UTC(y, 0, 1));
  }
}

function add(unit: Unit, d: Date, n: number): Date {
  const r = new Date(d);
  if (unit === 'day') r.setUTCDate(r.getUTCDate() + n);
  else if (unit === 'week') r.setUTCDate(r.getUTCDate() + 7 * n);
  else r.setUTCMonth(r.getUTCMonth() + n * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12));
  return r;
}

/** The [start, end) range a date literal stands for, in UTC (the local org's time zone is GMT; fiscal = calendar). */
export function dateLiteralRange(literal: string, today: Date): [Date, Date] {
  const fixed: Record<string, [Unit, number, number]> = { YESTERDAY: ['day', -1, 1], TODAY: ['day', 0, 1], TOMORROW: ['day', 1, 1] };
  const upper = literal.toUpperCase();
  const f = fixed[upper];
  if (f) {
    const s = add('day', startOf('day', today), f[1]);
    return [s, add('day', s, f[2])];
  }
  const n90 = /^(LAST|NEXT)_90_DAYS$/.exec(upper);
  const nLit = /^(LAST|NEXT)_N_(?:FISCAL_)?(DAY|WEEK|MONTH|QUARTER|YEAR)S:(\d+)$/.exec(upper);
  const ago = /^N_(?:FISCAL_)?(DAY|WEEK|MONTH|QUARTER|YEAR)S_AGO:(\d+)$/.exec(upper);
  const rel = /^(LAST|THIS|NEXT)_(?:FISCAL_)?(WEEK|MONTH|QUARTER|YEAR)$/.exec(upper);
  if (n90 || (nLit && nLit[2] === 'DAY')) {
    const n = n90 ? 90 : Number(nLit?.[3]);
    const s = startOf('day', today);
    return (n90?.[1] ?? nLit?.[1]) === 'LAST' ? [add('day', s, -n), add('day', s, 1)] : [add('day', s, 1), add('day', s, 1 + n)];
  }
  if (nLit) {
    const unit = nLit[2]!.toLowerCase() as Unit;
    const n = Number(nLit[3]);
    const s = startOf(unit, today);
    return nLit[1] === 'LAST' ? [add(unit, s, -n), s] : [add(unit, s, 1), add(unit, s, 1 + n)];
  }
  if (ago) {
    const unit = ago[1]!.toLowerCase() as Unit;
    const s = add(unit, startOf(unit, today), -Number(ago[2]));
    return [s, add(unit, s, 1)];
  }
  if (rel) {
    const unit = rel[2]!.toLowerCase() as Unit;
    const s = add(unit, startOf(unit, today), rel[1] === 'LAST' ? -1 : rel[1] === 'NEXT' ? 1 : 0);
    return [s, add(unit, s, 1)];
  }
  throw malformedQuery(`unexpected token: ${literal}`);
}

// ---- WHERE --------------------------------------------------------------------------------------------------

type Cond = Record<string, unknown> & { field?: string; operator?: string; value?: string | string[]; literalType?: LiteralType | LiteralType[]; valueQuery?: Query; fn?: unknown };

function condition(ctx: Context, c: Cond): string {
  if (c.fn || !c.field) throw malformedQuery('The local org does not support functions in WHERE.');
  const { sql, field } = resolve(ctx, c.field);
  const op = String(c.operator).toUpperCase();
  if (c.valueQuery) {
    if (op !== 'IN' && op !== 'NOT IN') throw malformedQuery(`semi-join subqueries need IN or NOT IN, not ${op}`);
    const sub = compile(ctx.engine, c.valueQuery, { includeDeleted: false, semiJoin: true });
    ctx.params.push(...sub.params);
    return `${sql} ${op} (${sub.sql()})`;
  }
  const types = Array.isArray(c.literalType) ? c.literalType : [c.literalType];
  const type = types[0];
  const value = c.value ?? '';
  if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') {
    if (field.type !== 'date' && field.type !== 'datetime') throw typeMismatch(field, false);
    if (Array.isArray(value)) throw malformedQuery('The local org does not support date literals in IN lists.');
    const [s, e] = dateLiteralRange(value, ctx.engine.today());
    const fmt = (d: Date): string => (field.type === 'date' ? d.toISOString().slice(0, 10) : sfDateTime(d));
    const [start, end] = [fmt(s), fmt(e)];
    switch (op) {
      case '=': ctx.params.push(start, end); return `(${sql} >= ? AND ${sql} < ?)`;
      case '!=': ctx.params.push(start, end); return `(${sql} IS NULL OR ${sql} < ? OR ${sql} >= ?)`;
      case '<': ctx.params.push(start); return `${sql} < ?`;
      case '<=': ctx.params.push(end); return `${sql} < ?`;
      case '>': ctx.params.push(end); return `${sql} >= ?`;
      case '>=': ctx.params.push(start); return `${sql} >= ?`;
      default: throw malformedQuery(`invalid operator ${op} for a date literal`);
    }
  }
  if (op === 'IN' || op === 'NOT IN') {
    const values = (Array.isArray(value) ? value : [value]).map((v, i) => literal(field, v, types[i] ?? type));
    const nonNull = values.filter((v) => v !== null);
    const hasNull = nonNull.length !== values.length;
    ctx.params.push(...nonNull);
    const list = nonNull.length > 0 ? `${sql} IN (${nonNull.map(() => '?').join(', ')})` : '0';
    return op === 'IN' ? `(${list}${hasNull ? ` OR ${sql} IS NULL` : ''})` : `(NOT COALESCE(${list}, 0)${hasNull ? ` AND ${sql} IS NOT NULL` : ''})`;
  }
  if (op === 'INCLUDES' || op === 'EXCLUDES') throw malformedQuery(`${op} applies only to multi-select picklists`);
  if (Array.isArray(value)) throw malformedQuery(`unexpected list for operator ${op}`);
  if (op === 'LIKE') {
    if (!TEXTUAL.has(field.type) && field.type !== 'id' && field.type !== 'reference') {
      throw new ApiError(400, 'INVALID_FIELD', `invalid operator on field '${field.name}' of type ${field.type}: LIKE`);
    }
    ctx.params.push(type === 'STRING' ? unquote(value, true) : literal(field, value, type));
    return `${sql} LIKE ? ESCAPE '\\'`;
  }
  const v = literal(field, value, type);
  if (v === null) {
    if (op === '=') return `${sql} IS NULL`;
    if (op === '!=') return `${sql} IS NOT NULL`;
    throw malformedQuery(`invalid operator ${op} for null`);
  }
  ctx.params.push(v);
  if (op === '!=') return `${sql} IS NOT ?`;
  if (!['=', '<', '<=', '>', '>='].includes(op)) throw malformedQuery(`unexpected operator ${op}`);
  return `${sql} ${op} ?`;
}

/** Salesforce refuses `A AND B OR C`: AND and OR at one parenthesis level need parentheses to say which binds. */
function refuseMixedAndOr(clause: WhereClause | undefined): void {
  const levels: Set<string>[] = [new Set()];
  for (let node: WhereClause | undefined = clause; node; node = (node as { right?: WhereClause }).right) {
    const left = node.left as Cond | null;
    for (let i = 0; i < Number(left?.openParen ?? 0); i++) levels.push(new Set());
    for (let i = 0; i < Number(left?.closeParen ?? 0) && levels.length > 1; i++) levels.pop();
    const op = String((node as { operator?: string }).operator ?? '').toUpperCase();
    if (op !== 'AND' && op !== 'OR') continue;
    const level = levels[levels.length - 1]!;
    level.add(op);
    if (level.size > 1) throw malformedQuery(`unexpected token: '${op}'. Mixing AND and OR needs parentheses, e.g. (A AND B) OR C.`);
  }
}

function whereSql(ctx: Context, clause: WhereClause | undefined): string {
  refuseMixedAndOr(clause);
  const parts: string[] = [];
  // SQL's NULL makes NOT (x IN (...)) unknown where SOQL says true: under a NOT, conditions become two-valued.
  // Only then, so plain conditions stay index-friendly.
  let negated = false;
  for (let node: WhereClause | undefined = clause; node; node = (node as { right?: WhereClause }).right) {
    if ((node as { operator?: string }).operator === 'NOT') negated = true;
  }
  for (let node: WhereClause | undefined = clause; node; node = (node as { right?: WhereClause }).right) {
    const left = node.left as Cond | null;
    if (left) {
      parts.push('('.repeat(Number(left.openParen ?? 0)));
      if (left.field || left.fn) parts.push(negated ? `COALESCE(${condition(ctx, left)}, 0)` : condition(ctx, left));
      parts.push(')'.repeat(Number(left.closeParen ?? 0)));
    }
    const op = (node as { operator?: string }).operator;
    if (op) parts.push(op);
  }
  return parts.join(' ');
}

// ---- SELECT -------------------------------------------------------------------------------------------------

function expandFields(obj: ObjectSpec, fields: FieldType[]): FieldType[] {
  return fields.flatMap((f): FieldType[] => {
    if (f.type !== 'FieldFunctionExpression' || f.functionName.toUpperCase() !== 'FIELDS') return [f];
    const which = String(f.parameters[0] ?? '').toUpperCase();
    const pick = obj.fields.filter((x) => which === 'ALL' || (which === 'CUSTOM' ? x.custom : !x.custom));
    return pick.map((x) => ({ type: 'Field', field: x.name }));
  });
}

interface CompileOptions {
  includeDeleted?: boolean;
  semiJoin?: boolean;
  /** For child subqueries: the child object and its reference field to the parent. */
  childOf?: { obj: ObjectSpec; foreignKey: string };
}

export function compile(engine: Engine, query: Query | Subquery, opts: CompileOptions = {}): CompiledQuery {
  const root = opts.childOf?.obj ?? engine.schema.get((query as Query).sObject ?? '');
  if (!root) throw invalidType((query as Query).sObject ?? '');
  if (query.having) throw malformedQuery('The local org does not support HAVING.');
  if (query.withDataCategory || query.for || query.update || query.usingScope) throw malformedQuery('The local org does not support WITH DATA CATEGORY, FOR, UPDATE or USING SCOPE.');
  const ctx: Context = { engine, root, alias: query.sObjectAlias, joins: new Map(), from: [`${q(root.name)} t0`], select: ['t0."Id" AS _id'], params: [], nextAlias: 1 };
  if (opts.childOf) ctx.select.push(`t0.${q(opts.childOf.foreignKey)} AS _fk`);

  const columns: Column[] = [];
  const children: ChildQuery[] = [];
  const groupBy = query.groupBy ? (Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy]) : [];
  let exprN = 0;
  let countOnly = false;
  let hasAggregate = false;
  const fields = expandFields(root, query.fields ?? []);
  if (fields.length === 0) throw malformedQuery('unexpected token: FROM');
  for (const item of fields) {
    const key = `c${columns.length}`;
    if (item.type === 'Field' || item.type === 'FieldRelationship') {
      const dotted = item.type === 'Field' ? item.field : [...item.relationships, item.field].join('.');
      const r = resolve(ctx, dotted);
      if (columns.some((c) => !c.aggregate && c.path.join('.').toLowerCase() === r.path.join('.').toLowerCase())) {
        throw malformedQuery(`duplicate field selected: ${r.path.join('.')}`);
      }
      ctx.select.push(`${r.sql} AS ${key}`);
      columns.push({ key, field: r.field, joins: r.joins, path: r.path, outKey: (item as { alias?: string }).alias ?? r.field.name });
    } else if (item.type === 'FieldFunctionExpression') {
      const fn = item.functionName.toUpperCase();
      if (!AGGREGATES.has(fn)) throw malformedQuery(`The local org does not support the ${item.functionName}() function.`);
      hasAggregate = true;
      const param = item.parameters[0];
      if (fn === 'COUNT' && param === undefined) {
        if (fields.length > 1 || groupBy.length > 0) throw malformedQuery('COUNT() must be the only element in the SELECT list.');
        countOnly = true;
        continue;
      }
      if (typeof param !== 'string') throw malformedQuery(`The local org does not support nested functions in ${item.functionName}().`);
      const r = resolve(ctx, param);
      if ((fn === 'SUM' || fn === 'AVG') && !NUMERIC.has(r.field.type)) throw malformedQuery(`field ${r.field.name} does not support aggregate operator ${fn}`);
      const expr = fn === 'COUNT_DISTINCT' ? `COUNT(DISTINCT ${r.sql})` : `${fn}(${r.sql})`;
      ctx.select.push(`${expr} AS ${key}`);
      const numeric = fn === 'COUNT' || fn === 'COUNT_DISTINCT' ? ({ ...r.field, type: 'int' } as FieldSpec) : r.field;
      columns.push({ key, field: numeric, joins: [], path: [r.field.name], aggregate: expr, outKey: item.alias ?? `expr${exprN++}` });
    } else if (item.type === 'FieldSubquery') {
      if (opts.childOf || opts.semiJoin) throw malformedQuery('Nesting of semi join sub-selects is not supported');
      const name = item.subquery.relationshipName;
      const rel = root.childRelationships.find((r) => r.relationshipName?.toLowerCase() === name.toLowerCase());
      const child = rel ? engine.schema.get(rel.childSObject) : undefined;
      if (!rel || !child) {
        throw new ApiError(400, 'INVALID_TYPE', `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
      }
      const { limit, ...rest } = item.subquery;
      children.push({ relationshipName: rel.relationshipName!, foreignKey: rel.field, query: compile(engine, rest, { ...opts, childOf: { obj: child, foreignKey: rel.field } }), limit });
    } else {
      throw malformedQuery('The local org does not support TYPEOF.');
    }
  }

  const where: string[] = opts.includeDeleted ? [] : ['t0."IsDeleted" = 0'];
  if (query.where) where.push(`(${whereSql(ctx, query.where)})`);

  const groupSql: string[] = [];
  for (const g of groupBy) {
    if (!('field' in g)) throw malformedQuery('The local org does not support GROUP BY functions, ROLLUP or CUBE.');
    groupSql.push(resolve(ctx, g.field).sql);
  }
  const aggregate = hasAggregate && !countOnly;
  if (aggregate || groupBy.length > 0) {
    const grouped = new Set(groupBy.map((g) => ('field' in g ? resolve(ctx, g.field).path.join('.').toLowerCase() : '')));
    for (const c of columns) {
      if (!c.aggregate && !grouped.has(c.path.join('.').toLowerCase())) throw malformedQuery(`Field must be grouped or aggregated: ${c.path.join('.')}`);
    }
    if (children.length > 0) throw malformedQuery('Aggregate queries cannot have subqueries.');
  }

  const orderSql: string[] = [];
  const orders: OrderByClause[] = query.orderBy ? (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]) : [];
  for (const o of orders) {
    let expr: string;
    if ('field' in o && o.field) {
      expr = resolve(ctx, o.field).sql;
    } else if ('fn' in o && o.fn?.functionName && AGGREGATES.has(o.fn.functionName.toUpperCase()) && typeof o.fn.parameters?.[0] === 'string') {
      const fn = o.fn.functionName.toUpperCase();
      const inner = resolve(ctx, o.fn.parameters[0]).sql;
      expr = fn === 'COUNT_DISTINCT' ? `COUNT(DISTINCT ${inner})` : `${fn}(${inner})`;
    } else {
      throw malformedQuery('The local org does not support this ORDER BY expression.');
    }
    const dir = o.order === 'DESC' ? 'DESC' : 'ASC';
    orderSql.push(`${expr} ${dir} NULLS ${o.nulls ?? (dir === 'ASC' ? 'FIRST' : 'LAST')}`);
  }
  if (query.offset !== undefined && query.offset > 2000) {
    throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
  }
  if (opts.semiJoin) {
    const only = columns[0];
    if (columns.length !== 1 || !only || only.aggregate || (only.field.type !== 'id' && only.field.type !== 'reference')) {
      throw malformedQuery('The selected field in a semi join subquery must be an Id or a reference field.');
    }
  }

  const params = ctx.params;
  const limit = query.limit !== undefined ? ` LIMIT ${Number(query.limit)}` : query.offset !== undefined ? ' LIMIT -1' : '';
  const offset = query.offset !== undefined ? ` OFFSET ${Number(query.offset)}` : '';
  const kind = countOnly ? 'count' : aggregate || groupBy.length > 0 ? 'aggregate' : 'records';
  return {
    object: root,
    kind,
    columns,
    children,
    params,
    sql: (extraWhere) => {
      const w = extraWhere ? [...where, extraWhere] : where;
      const select = countOnly ? 'COUNT(*) AS n' : opts.semiJoin ? ctx.select[ctx.select.length - 1]! : kind === 'aggregate' ? ctx.select.filter((s) => / AS c\d+$/.test(s)).join(', ') : ctx.select.join(', ');
      return `SELECT ${select} FROM ${ctx.from.join(' ')}${w.length > 0 ? ` WHERE ${w.join(' AND ')}` : ''}${groupSql.length > 0 ? ` GROUP BY ${groupSql.join(', ')}` : ''}${orderSql.length > 0 ? ` ORDER BY ${orderSql.join(', ')}` : ''}${countOnly ? '' : limit + offset}`;
    },
  };
}

/** Parses SOQL; syntax errors answer MALFORMED_QUERY as Salesforce does. */
export function compileSoql(engine: Engine, soql: string, opts: { includeDeleted?: boolean } = {}): CompiledQuery {
  let parsed: Query;
  try {
    parsed = parseQuery(soql);
  } catch (e) {
    throw malformedQuery(e instanceof Error ? e.message : String(e));
  }
  return compile(engine, parsed, opts);
}

/** Runs the statement; for COUNT() the rows are empty and the count is returned separately. */
export function execute(engine: Engine, cq: CompiledQuery): { rows: Row[]; totalSize: number } {
  if (cq.kind === 'count') {
    const { n } = engine.db.prepare(cq.sql()).get(...cq.params) as { n: number };
    return { rows: [], totalSize: n };
  }
  const rows = engine.db.prepare(cq.sql()).all(...cq.params) as Row[];
  return { rows, totalSize: rows.length };
}

const recordUrl = (version: string, type: string, id: string): string => `/services/data/v${version}/sobjects/${type}/${id}`;

/** Shapes raw rows into REST query records, running child subqueries for this page of parents. */
export function shape(engine: Engine, cq: CompiledQuery, rows: Row[], version = API_VERSION): Record<string, unknown>[] {
  if (cq.kind === 'aggregate') {
    return rows.map((row) => {
      const rec: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
      for (const c of cq.columns) rec[c.outKey ?? c.field.name] = fromColumn(c.field, row[c.key]);
      return rec;
    });
  }
  const records = rows.map((row) => {
    const rec: Record<string, unknown> = { attributes: { type: cq.object.name, url: recordUrl(version, cq.object.name, String(row._id)) } };
    for (const c of cq.columns) {
      let target: Record<string, unknown> | null = rec;
      for (const j of c.joins) {
        if (!(j.relationshipName in target)) {
          const pid = row[j.idKey];
          target[j.relationshipName] = pid == null ? null : { attributes: { type: j.obj.name, url: recordUrl(version, j.obj.name, String(pid)) } };
        }
        target = target[j.relationshipName] as Record<string, unknown> | null;
        if (target === null) break;
      }
      if (target) target[c.field.name] = fromColumn(c.field, row[c.key]);
    }
    return rec;
  });
  for (const child of cq.children) {
    const byParent = new Map<string, Record<string, unknown>[]>();
    const ids = rows.map((r) => String(r._id));
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const sql = child.query.sql(`t0.${q(child.foreignKey)} IN (${chunk.map(() => '?').join(', ')})`);
      const childRows = engine.db.prepare(sql).all(...child.query.params, ...chunk) as Row[];
      const shaped = shape(engine, child.query, childRows, version);
      childRows.forEach((r, k) => {
        const list = byParent.get(String(r._fk)) ?? [];
        if (child.limit === undefined || list.length < child.limit) list.push(shaped[k]!);
        byParent.set(String(r._fk), list);
      });
    }
    records.forEach((rec, k) => {
      const list = byParent.get(String(rows[k]!._id));
      rec[child.relationshipName] = list ? { totalSize: list.length, done: true, records: list } : null;
    });
  }
  return records;
}

/** Flat CSV columns for Bulk API query results ("Account.Name" headers, empty for null). */
export function csvColumns(cq: CompiledQuery): { header: string; value(row: Row): string }[] {
  if (cq.kind !== 'records' || cq.children.length > 0) throw malformedQuery('Bulk API query does not support aggregates, COUNT() or subqueries.');
  return cq.columns.map((c) => ({
    header: c.path.join('.'),
    value: (row: Row) => {
      const v = fromColumn(c.field, row[c.key]);
      return v === null ? '' : String(v);
    },
  }));
}

type ColumnMeta = {
  aggregate: boolean; apexType: string | null; booleanType: boolean; columnName: string; custom: boolean; displayName: string;
  foreignKeyName: null; insertable: boolean; joinColumns: ColumnMeta[]; numberType: boolean; textType: boolean; updatable: boolean;
};

const APEX_TYPES: Record<string, string> = {
  id: 'Id', reference: 'Id', boolean: 'Boolean', int: 'Integer', double: 'Double', currency: 'Decimal', percent: 'Decimal', date: 'Date', datetime: 'Datetime',
};

/**
 * The query "columns" resource (GET query?q=...&columns=true, which `sf data query` calls to lay out its table):
 * the selected columns, parent relationships as join columns, child subqueries as aggregate join columns.
 */
export function columnMetadata(cq: CompiledQuery): { columnMetadata: ColumnMeta[]; entityName: string; groupBy: boolean; idSelected: boolean; keyPrefixes: string[] } {
  const meta = (name: string, display: string, f?: FieldSpec, aggregate = false): ColumnMeta => ({
    aggregate, apexType: f ? (APEX_TYPES[f.type] ?? 'String') : null, booleanType: f?.type === 'boolean', columnName: name, custom: f?.custom ?? false,
    displayName: display, foreignKeyName: null, insertable: f?.createable ?? false, joinColumns: [], numberType: f ? NUMERIC.has(f.type) : false,
    textType: f ? TEXTUAL.has(f.type) : false, updatable: f?.updateable ?? false,
  });
  const top: ColumnMeta[] = [];
  for (const c of cq.columns) {
    if (c.aggregate) {
      top.push(meta(c.outKey ?? c.field.name, c.aggregate.replace(/t\d+\./g, '').replace(/"/g, ''), c.field, true));
      continue;
    }
    let level = top;
    c.joins.forEach((j, i) => {
      let parent = level.find((m) => m.columnName === j.relationshipName && m.joinColumns);
      if (!parent) {
        parent = meta(j.relationshipName, c.path.slice(0, i + 1).join('.'));
        level.push(parent);
      }
      level = parent.joinColumns;
    });
    level.push(meta(c.field.name, c.path.join('.'), c.field));
  }
  for (const child of cq.children) {
    top.push({ ...meta(child.relationshipName, child.relationshipName, undefined, true), joinColumns: columnMetadata(child.query).columnMetadata });
  }
  return {
    columnMetadata: top, entityName: cq.object.name, groupBy: cq.kind === 'aggregate', idSelected: cq.columns.some((c) => c.path.join('.') === 'Id'),
    keyPrefixes: [cq.object.keyPrefix],
  };
}
