import { composeQuery, parseQuery, type FunctionExp, type Query, type WhereClause } from '@jetstreamapp/soql-parser-js';

/** Why an admin's population filter was refused, in words the error message can show. */
export type FilterProblem = { ok: false; reason: string };
/** An accepted filter: `where` is re-composed from the parsed tree, so what we send is what we checked. */
export type FilterResult = { ok: true; where: string; fields: string[] } | FilterProblem;

function parse(soql: string): Query | string {
  try {
    return parseQuery(soql);
  } catch (e) {
    return e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e);
  }
}

/** Clauses that would change what the population query returns beyond "which rows match". */
const NOT_A_WHERE: readonly (keyof Query)[] = ['limit', 'offset', 'groupBy', 'having', 'orderBy', 'for', 'update', 'usingScope', 'withDataCategory', 'withSecurityEnforced', 'withAccessLevel'];

function walk(where: WhereClause | undefined, visit: (condition: NonNullable<WhereClause['left']>) => string | undefined): string | undefined {
  let clause = where;
  while (clause !== undefined) {
    const problem = clause.left === null ? undefined : visit(clause.left);
    if (problem !== undefined) return problem;
    clause = 'right' in clause ? clause.right : undefined;
  }
  return undefined;
}

/**
 * Accepts `filter` only as a pure WHERE clause on `object`: it must parse on its own and wrapped in
 * parentheses (so `a') OR (b` cannot close our parenthesis), carry no LIMIT/ORDER BY/GROUP BY/FOR/WITH,
 * and subqueries only as semi-/anti-joins (`field IN (SELECT ...)`) that are pure too.
 * Returns the fields of `object` the filter reads (the sync watches them to notice population moves).
 */
export function validatePopulationFilter(object: string, filter: string): FilterResult {
  const trimmed = filter.trim();
  if (trimmed === '') return { ok: false, reason: 'the filter is empty' };
  if (/;/.test(trimmed.replace(/'(?:[^'\\]|\\.)*'/g, "''"))) return { ok: false, reason: 'a filter cannot contain ";"' };
  const bare = parse(`SELECT Id FROM ${object} WHERE ${trimmed}`);
  if (typeof bare === 'string') return { ok: false, reason: bare };
  const extra = NOT_A_WHERE.filter((k) => bare[k] !== undefined && bare[k] !== false);
  if (extra.length > 0) return { ok: false, reason: `only a WHERE clause is allowed, not ${extra.join(', ')}` };
  const wrapped = parse(`SELECT Id FROM ${object} WHERE (${trimmed})`);
  if (typeof wrapped === 'string') return { ok: false, reason: 'unbalanced parentheses' };
  if (bare.sObject !== object || bare.fields?.length !== 1) return { ok: false, reason: `the filter must apply to ${object} only` };
  const fields = new Set<string>();
  const check = (where: WhereClause | undefined, top: boolean): string | undefined =>
    walk(where, (condition) => {
      if ('valueQuery' in condition) {
        if (condition.operator !== 'IN' && condition.operator !== 'NOT IN') return 'a subquery is only allowed as `field IN (SELECT ...)`';
        const sub = condition.valueQuery;
        const subExtra = NOT_A_WHERE.filter((k) => k !== 'limit' && sub[k] !== undefined && sub[k] !== false);
        if (subExtra.length > 0) return `a semi-join cannot use ${subExtra.join(', ')}`;
        if (top) fields.add(condition.field);
        return check(sub.where, false);
      }
      if (top && 'field' in condition) fields.add(condition.field);
      return undefined;
    });
  const problem = check(bare.where, true);
  if (problem !== undefined) return { ok: false, reason: problem };
  const composed = composeQuery(bare);
  const at = composed.indexOf(' WHERE ');
  return { ok: true, where: composed.slice(at + ' WHERE '.length), fields: [...fields].filter((f) => !f.includes('.')) };
}

/** What a population filter reads: lets the incremental read tell a record that may have moved from one merely touched. */
export interface FilterReads {
  /** Fields of the filter's own object, relationship paths (`Parent.Type`) and function arguments included. */
  own: string[];
  /** Opportunity fields read through `Id [NOT] IN (SELECT AccountId FROM Opportunity WHERE ...)` (Account filters only). */
  opportunity: string[];
  /**
   * False when a semi-join reads records the incremental read cannot map back to the record it moves: another
   * object, another join field, a LIMIT or a nested semi-join. Then any change to a record re-checks it, as before.
   */
  followable: boolean;
}

const FIELD_PATH = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

type FilterCondition = NonNullable<WhereClause['left']>;

/** Field arguments of a function (`CALENDAR_YEAR(CloseDate)`), not its literals. */
function functionFields(fn: FunctionExp): string[] {
  return (fn.parameters ?? []).flatMap((p) => (typeof p !== 'string' ? functionFields(p) : FIELD_PATH.test(p) ? [p] : []));
}

function conditionFields(condition: FilterCondition): string[] {
  if ('field' in condition) return [condition.field];
  if ('fn' in condition) return functionFields(condition.fn);
  return [];
}

/** Field names are case-insensitive in SOQL: `type` and `Type` are one field (the first spelling is kept). */
export function uniqueFields(fields: string[]): string[] {
  const byName = new Map<string, string>();
  for (const f of fields) if (!byName.has(f.toLowerCase())) byName.set(f.toLowerCase(), f);
  return [...byName.values()];
}

/**
 * What an accepted filter (`where` from validatePopulationFilter) reads. The one semi-join the sync follows
 * incrementally is `Id [NOT] IN (SELECT AccountId FROM Opportunity WHERE ...)` on Account: a change to one of
 * the Opportunity fields it reads (or to the opportunity's AccountId) re-checks the opportunity's accounts.
 */
export function filterReads(object: string, where: string): FilterReads {
  const parsed = parse(`SELECT Id FROM ${object} WHERE ${where}`);
  if (typeof parsed === 'string') return { own: [], opportunity: [], followable: false };
  const own: string[] = [];
  const opportunity: string[] = [];
  let followable = true;
  walk(parsed.where, (condition) => {
    own.push(...conditionFields(condition));
    if (!('valueQuery' in condition)) return undefined;
    const sub = condition.valueQuery;
    const [selected, ...more] = sub.fields ?? [];
    const joinsAccount = object.toLowerCase() === 'account' && condition.field.toLowerCase() === 'id' && sub.sObject?.toLowerCase() === 'opportunity';
    const onAccountId = more.length === 0 && selected?.type === 'Field' && selected.field.toLowerCase() === 'accountid';
    let nested = false;
    walk(sub.where, (c) => {
      if ('valueQuery' in c) nested = true;
      else opportunity.push(...conditionFields(c));
      return undefined;
    });
    if (!joinsAccount || !onAccountId || sub.limit !== undefined || nested) followable = false;
    return undefined;
  });
  return { own: uniqueFields(own), opportunity: uniqueFields(opportunity), followable };
}
