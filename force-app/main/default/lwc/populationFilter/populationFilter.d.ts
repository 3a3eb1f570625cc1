// Types of populationFilter.js for TypeScript callers (src/config/populationFilter.ts). Not deployed (.forceignore **/*.ts).

/** The two functions of @jetstreamapp/soql-parser-js the checker uses (the package itself, or its LWC copy). */
export interface SoqlParser {
  parseQuery(soql: string): unknown;
  composeQuery(query: never): string;
}

export type FilterProblemCode =
  | 'empty'
  | 'semicolon'
  | 'notWhere'
  | 'parentheses'
  | 'wrongObject'
  | 'subqueryOperator'
  | 'semiJoinClause'
  | 'endsEarly'
  | 'unexpected'
  | 'extraInput'
  | 'missingConnector'
  | 'character'
  | 'invalid'
  | 'expectValue'
  | 'expectOperator'
  | 'expectCondition'
  | 'expectCloseParen';

/** An argument of a problem: a value, or an expectation shown by its own text (`code`) or as token names (`text`). */
export type FilterProblemArg = string | number | { code: FilterProblemCode } | { text: string };

export interface FilterProblemDetail {
  code: FilterProblemCode;
  args: FilterProblemArg[];
}

export type FilterCheck = { ok: true; where: string; fields: string[] } | { ok: false; problem: FilterProblemDetail };

export declare const FILTER_OBJECTS: Readonly<Record<string, 'Account' | 'Lead'>>;
export declare const PROBLEM_CODES: readonly FilterProblemCode[];
export declare function checkPopulationFilter(object: string, filter: string, parser: SoqlParser): FilterCheck;
export declare function describeFilterProblem(
  problem: FilterProblemDetail,
  texts: Readonly<Record<FilterProblemCode, string>>,
): string;
