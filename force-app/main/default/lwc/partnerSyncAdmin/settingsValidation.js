import FILTER_INVALID from '@salesforce/label/c.PL_Validation_Filter';
import RANGE from '@salesforce/label/c.PL_Validation_Range';
import { formatLabel } from 'c/ldsUtils';

// Numeric settings and the range the sync accepts for each.
export const NUMBER_RANGES = {
  Bulk_Threshold__c: { min: 1, max: 100000000, integer: true },
  Max_Deactivation_Percent__c: { min: 0, max: 100, integer: false },
  API_Budget_Percent__c: { min: 1, max: 100, integer: false },
};

export const FILTER_FIELDS = ['Customer_Filter__c', 'Open_Opportunity_Filter__c', 'Prospect_Filter__c', 'Lead_Filter__c'];

// A population filter is the inside of a WHERE clause on the population's object (semi-joins allowed):
// not a whole query, no WHERE keyword, no second statement.
const NOT_A_WHERE_BODY = /^\s*(where|select)\b|;/i;

/**
 * Checks the editable sync settings.
 * @param {Object<string, unknown>} draft values keyed by field API name (numbers as numbers or null)
 * @return {Object<string, string>} messages keyed by field API name
 */
export function validateSettings(draft) {
  const errors = {};
  for (const field of FILTER_FIELDS) {
    const filter = draft[field];
    if (typeof filter === 'string' && NOT_A_WHERE_BODY.test(filter)) errors[field] = FILTER_INVALID;
  }
  for (const [field, range] of Object.entries(NUMBER_RANGES)) {
    const value = draft[field];
    if (value === null || value === undefined) continue;
    const ok = Number.isFinite(value) && value >= range.min && value <= range.max && (!range.integer || Number.isInteger(value));
    if (!ok) errors[field] = formatLabel(RANGE, range.min, range.max);
  }
  return errors;
}
