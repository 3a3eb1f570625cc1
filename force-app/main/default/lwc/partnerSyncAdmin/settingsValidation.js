import RANGE from '@salesforce/label/c.PL_Validation_Range';
import FILTER_EMPTY from '@salesforce/label/c.PL_Filter_Empty';
import FILTER_SEMICOLON from '@salesforce/label/c.PL_Filter_Semicolon';
import FILTER_NOT_WHERE from '@salesforce/label/c.PL_Filter_Not_Where';
import FILTER_PARENTHESES from '@salesforce/label/c.PL_Filter_Parentheses';
import FILTER_WRONG_OBJECT from '@salesforce/label/c.PL_Filter_Wrong_Object';
import FILTER_SUBQUERY_OPERATOR from '@salesforce/label/c.PL_Filter_Subquery_Operator';
import FILTER_SEMI_JOIN_CLAUSE from '@salesforce/label/c.PL_Filter_Semi_Join_Clause';
import FILTER_ENDS_EARLY from '@salesforce/label/c.PL_Filter_Ends_Early';
import FILTER_UNEXPECTED from '@salesforce/label/c.PL_Filter_Unexpected';
import FILTER_EXTRA_INPUT from '@salesforce/label/c.PL_Filter_Extra_Input';
import FILTER_MISSING_CONNECTOR from '@salesforce/label/c.PL_Filter_Missing_Connector';
import FILTER_CHARACTER from '@salesforce/label/c.PL_Filter_Character';
import FILTER_INVALID from '@salesforce/label/c.PL_Filter_Invalid';
import FILTER_EXPECT_VALUE from '@salesforce/label/c.PL_Filter_Expect_Value';
import FILTER_EXPECT_OPERATOR from '@salesforce/label/c.PL_Filter_Expect_Operator';
import FILTER_EXPECT_CONDITION from '@salesforce/label/c.PL_Filter_Expect_Condition';
import FILTER_EXPECT_CLOSE_PAREN from '@salesforce/label/c.PL_Filter_Expect_Close_Paren';
import { formatLabel } from 'c/ldsUtils';
import { FILTER_OBJECTS, checkPopulationFilter, describeFilterProblem } from 'c/populationFilter';
import { composeQuery, parseQuery } from 'c/soqlParser';

// Numeric settings and the range the sync accepts for each.
export const NUMBER_RANGES = {
  Bulk_Threshold__c: { min: 1, max: 100000000, integer: true },
  Max_Deactivation_Percent__c: { min: 0, max: 100, integer: false },
  API_Budget_Percent__c: { min: 1, max: 100, integer: false },
};

export const FILTER_FIELDS = Object.keys(FILTER_OBJECTS);

// the words of each population filter problem (the CLI says the same, from messages/config.md)
const FILTER_TEXTS = {
  empty: FILTER_EMPTY,
  semicolon: FILTER_SEMICOLON,
  notWhere: FILTER_NOT_WHERE,
  parentheses: FILTER_PARENTHESES,
  wrongObject: FILTER_WRONG_OBJECT,
  subqueryOperator: FILTER_SUBQUERY_OPERATOR,
  semiJoinClause: FILTER_SEMI_JOIN_CLAUSE,
  endsEarly: FILTER_ENDS_EARLY,
  unexpected: FILTER_UNEXPECTED,
  extraInput: FILTER_EXTRA_INPUT,
  missingConnector: FILTER_MISSING_CONNECTOR,
  character: FILTER_CHARACTER,
  invalid: FILTER_INVALID,
  expectValue: FILTER_EXPECT_VALUE,
  expectOperator: FILTER_EXPECT_OPERATOR,
  expectCondition: FILTER_EXPECT_CONDITION,
  expectCloseParen: FILTER_EXPECT_CLOSE_PAREN,
};
const PARSER = { parseQuery, composeQuery };

/**
 * Checks the editable sync settings. A population filter goes through the sync's own checker (c/populationFilter,
 * with the same SOQL parser): a filter saved here is one the sync runs. A blank filter means the default.
 * @param {Object<string, unknown>} draft values keyed by field API name (numbers as numbers or null)
 * @return {Object<string, string>} messages keyed by field API name
 */
export function validateSettings(draft) {
  const errors = {};
  for (const field of FILTER_FIELDS) {
    const filter = draft[field];
    if (typeof filter !== 'string' || filter.trim() === '') continue;
    const result = checkPopulationFilter(FILTER_OBJECTS[field], filter, PARSER);
    if (!result.ok) errors[field] = describeFilterProblem(result.problem, FILTER_TEXTS);
  }
  for (const [field, range] of Object.entries(NUMBER_RANGES)) {
    const value = draft[field];
    if (value === null || value === undefined) continue;
    const ok = Number.isFinite(value) && value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value));
    if (!ok) errors[field] = formatLabel(RANGE, range.min, range.max);
  }
  return errors;
}
