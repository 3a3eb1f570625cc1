import { composeQuery, parseQuery, type FunctionExp, type WhereClause } from '@jetstreamapp/soql-parser-js';
import { Messages } from '@salesforce/core';
import {
  PROBLEM_CODES,
  checkPopulationFilter,
  describeFilterProblem,
  type FilterProblemCode,
} from '../../force-app/main/default/lwc/populationFilter/populationFilter.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'config');

/** Why an admin's population filter was refused, in words the error message can show (the component's words too). */
export type FilterProblem = { ok: false; reason: string };
/** An accepted filter: `where` is re-composed from the parsed tree, so what we send is what we checked. */
export type FilterResult = { ok: true; where: string; fields: string[] } | FilterProblem;

const PARSER = { parseQuery, composeQuery };

function parse(soql: string): ReturnType<typeof parseQuery> | string {
  try {
    return parseQuery(soql);
  } catch (e) {
    return e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e);
  }
}

function walk(where: WhereClause | undefined, visit: (condition: NonNullable<WhereClause['left']>) => string | undefined): string | undefined {
  let clause = where;
  while (clause !== undefined) {
    const problem = clause.left === null ? undefined : visit(clause.left);
    if (problem !== undefined) return problem;
    clause = 'right' in clause ? clause.right : undefined;
  }
  return undefined;
}

/** The words of each problem code (messages/config.md filter.*, the same as the component's PL_Filter_* labels). */
export function filterProblemTexts(): Record<FilterProblemCode, string> {
  return Object.fromEntries(PROBLEM_CODES.map((code) => [code, messages.getMessage(`filter.${code}`)])) as Record<FilterProblemCode, string>;
}

/**
 * Accepts `filter` only as a pure WHERE clause on `object` by the rules the admin component applies before saving
 * (force-app/.../lwc/populationFilter, one checker for both): it must parse on its own and wrapped in parentheses,
 * carry no LIMIT/ORDER BY/GROUP BY/FOR/WITH, and subqueries only as semi-/anti-joins that are pure too.
 * Returns the fields of `object` the filter reads (the sync watches them to notice population moves).
 */
export function validatePopulationFilter(object: string, filter: string): FilterResult {
  const result = checkPopulationFilter(object, filter, PARSER);
  if (result.ok) return result;
  return { ok: false, reason: describeFilterProblem(result.problem, filterProblemTexts()) };
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
