// The population filter rules, shared by the admin component (partnerSyncAdmin) and the sync
// (src/config/populationFilter.ts): one checker, so a filter the component accepts is one the sync runs and a
// refused one says the same reason in both places. The SOQL parser is passed in: the component gives it the LWC
// copy of @jetstreamapp/soql-parser-js (c/soqlParser), the sync the same package from node_modules.

/** Clauses that would change what the population query returns beyond "which rows match" (Query keys -> SOQL). */
const NOT_A_WHERE = {
  limit: 'LIMIT',
  offset: 'OFFSET',
  groupBy: 'GROUP BY',
  having: 'HAVING',
  orderBy: 'ORDER BY',
  for: 'FOR',
  update: 'UPDATE',
  usingScope: 'USING SCOPE',
  withDataCategory: 'WITH DATA CATEGORY',
  withSecurityEnforced: 'WITH SECURITY_ENFORCED',
  withAccessLevel: 'WITH USER_MODE/SYSTEM_MODE',
};

/** Which object each population filter field applies to (Partner_Sync_Setting__c field -> sObject). */
export const FILTER_OBJECTS = {
  Customer_Filter__c: 'Account',
  Open_Opportunity_Filter__c: 'Account',
  Prospect_Filter__c: 'Account',
  Lead_Filter__c: 'Lead',
};

/**
 * Every code a refusal or its expectation can carry. The words are custom labels PL_Filter_<Code> in the component
 * and messages/config.md filter.<code> in the CLI (test/config/populationFilter.test.ts keeps the two equal).
 */
export const PROBLEM_CODES = [
  'empty',
  'semicolon',
  'notWhere',
  'parentheses',
  'wrongObject',
  'subqueryOperator',
  'semiJoinClause',
  'endsEarly',
  'unexpected',
  'extraInput',
  'missingConnector',
  'character',
  'invalid',
  'expectValue',
  'expectOperator',
  'expectCondition',
  'expectCloseParen',
];

const problem = (code, ...args) => ({ ok: false, problem: { code, args } });

/** What the parser expected, as one of the expect* codes (or the raw token names when none fits). */
function expectationOf(message) {
  const names = [...message.matchAll(/\[([A-Za-z_]+)[\],]|-->\s*([A-Za-z_]+)\s*<--/g)].map((m) => m[1] ?? m[2]);
  const has = (...wanted) => wanted.some((w) => names.includes(w));
  if (has('EQUAL', 'NOT_EQUAL', 'LIKE', 'INCLUDES')) return { code: 'expectOperator' };
  if (has('StringIdentifier', 'NumberIdentifier', 'DateIdentifier')) return { code: 'expectValue' };
  if (has('Identifier')) return { code: 'expectCondition' };
  if (has('R_PAREN', 'RParen')) return { code: 'expectCloseParen' };
  return { text: [...new Set(names)].join(' or ') || '?' };
}

/** The text just before the end of `filter`, for "ends too early after ...". */
function tailOf(filter) {
  const text = filter.trim();
  return text.length <= 40 ? text : `…${text.slice(-40).trimStart()}`;
}

/**
 * A parser failure as a problem a person can act on: the parser's own messages list every token sequence it
 * could have taken (or get cut to "Expecting: one of these possible Token sequences:").
 */
function parseProblem(error, filter, prefixLength) {
  const message = error instanceof Error ? error.message : String(error);
  const character = /unexpected character: ->(.)<- at offset: (\d+)/.exec(message);
  if (character) return problem('character', character[1], Number(character[2]) - prefixLength + 1);
  const extra = /Redundant input, expecting EOF but found: (.*)$/m.exec(message);
  if (extra) return extra[1].trim() === ')' ? problem('parentheses') : problem('extraInput', extra[1].trim());
  const found = /but found:? (?:--> )?'(.*)'(?: <--)?\s*$/m.exec(message);
  if (found) {
    const expected = expectationOf(message);
    return found[1] === '' ? problem('endsEarly', expected, tailOf(filter)) : problem('unexpected', found[1], expected);
  }
  return problem('invalid', message.split('\n')[0]);
}

function parse(parser, soql, filter, prefixLength) {
  try {
    return { query: parser.parseQuery(soql) };
  } catch (error) {
    return { failure: parseProblem(error, filter, prefixLength) };
  }
}

/** The field (or function) a condition starts with, to name it. */
function conditionName(clause) {
  const condition = clause?.left ?? clause?.right?.left;
  return condition?.field ?? condition?.fn?.rawValue ?? '?';
}

function walk(where, visit) {
  let clause = where;
  while (clause !== undefined && clause !== null) {
    if (clause.left !== null && clause.left !== undefined) {
      const found = visit(clause.left);
      if (found !== undefined) return found;
      // the parser reads `A = 1 B = 2` as two conditions with no AND/OR between them, and composing that drops
      // `B = 2`: the query would silently run a different filter
      if (clause.right && clause.operator !== 'AND' && clause.operator !== 'OR') {
        return problem('missingConnector', conditionName(clause.right));
      }
    }
    clause = 'right' in clause ? clause.right : undefined;
  }
  return undefined;
}

const clausesOf = (query, allowed = []) =>
  Object.keys(NOT_A_WHERE).filter((k) => !allowed.includes(k) && query[k] !== undefined && query[k] !== false);

/**
 * Accepts `filter` only as a pure WHERE clause on `object`: it must parse on its own and wrapped in parentheses
 * (so `a') OR (b` cannot close our parenthesis), carry no LIMIT/ORDER BY/GROUP BY/FOR/WITH, and subqueries only
 * as semi-/anti-joins (`field IN (SELECT ...)`) that are pure too (LIMIT allowed).
 * @param {string} object the population's sObject (FILTER_OBJECTS)
 * @param {string} filter what the admin typed
 * @param {{ parseQuery: Function, composeQuery: Function }} parser @jetstreamapp/soql-parser-js
 * @return {{ ok: true, where: string, fields: string[] } | { ok: false, problem: { code: string, args: unknown[] } }}
 *   `where` re-composed from the parsed tree (what we send is what we checked); `fields` of `object` it reads
 */
export function checkPopulationFilter(object, filter, parser) {
  const trimmed = (filter ?? '').trim();
  if (trimmed === '') return problem('empty');
  if (/;/.test(trimmed.replace(/'(?:[^'\\]|\\.)*'/g, "''"))) return problem('semicolon');
  const prefix = `SELECT Id FROM ${object} WHERE `;
  const bare = parse(parser, `${prefix}${trimmed}`, trimmed, prefix.length);
  if (bare.failure) return bare.failure;
  const query = bare.query;
  const extra = clausesOf(query);
  if (extra.length > 0) return problem('notWhere', extra.map((k) => NOT_A_WHERE[k]).join(', '));
  const wrapped = parse(parser, `${prefix}(${trimmed})`, trimmed, prefix.length + 1);
  if (wrapped.failure) return problem('parentheses');
  if (query.sObject !== object || query.fields?.length !== 1) return problem('wrongObject', object);
  const fields = new Set();
  const check = (where, top) =>
    walk(where, (condition) => {
      if ('valueQuery' in condition) {
        if (condition.operator !== 'IN' && condition.operator !== 'NOT IN') return problem('subqueryOperator');
        const sub = condition.valueQuery;
        const subExtra = clausesOf(sub, ['limit']);
        if (subExtra.length > 0) return problem('semiJoinClause', subExtra.map((k) => NOT_A_WHERE[k]).join(', '));
        if (top) fields.add(condition.field);
        return check(sub.where, false);
      }
      if (top && 'field' in condition) fields.add(condition.field);
      return undefined;
    });
  const found = check(query.where, true);
  if (found !== undefined) return found;
  const composed = parser.composeQuery(query);
  const at = composed.indexOf(' WHERE ');
  return { ok: true, where: composed.slice(at + ' WHERE '.length), fields: [...fields].filter((f) => !f.includes('.')) };
}

const fill = (template, args) =>
  template.replace(/\{(\d+)\}/g, (match, index) => (index < args.length ? `${args[index]}` : match));

/**
 * The whole reason of a refusal in words, from `texts` keyed by PROBLEM_CODES (custom labels in the component,
 * messages in the CLI); `{n}` in a text is args[n].
 */
export function describeFilterProblem(found, texts) {
  const args = found.args.map((arg) => {
    if (arg === null || typeof arg !== 'object') return arg;
    return arg.code ? texts[arg.code] : arg.text;
  });
  return fill(texts[found.code] ?? texts.invalid, args);
}
