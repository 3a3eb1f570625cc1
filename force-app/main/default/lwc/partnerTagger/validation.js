import { formatLabel } from 'c/ldsUtils';
import { formatNumber } from 'c/localeFormat';
import REQUIRED from '@salesforce/label/c.PL_Validation_Required';
import RANGE from '@salesforce/label/c.PL_Validation_Attribution_Range';
import TOTAL from '@salesforce/label/c.PL_Validation_Attribution_Total';
import DUPLICATE from '@salesforce/label/c.PL_Validation_Duplicate_Partner';

/**
 * Checks a partner influence draft against the other influences on the same opportunity.
 * @param {{ partnerId: string, role: string, attribution: number|null }} draft
 * @param {{ partnerId: string, partnerName?: string, role: string, attribution: number|null }[]} others influences except the one edited
 * @return {Object<string, string>} messages keyed by field API name; empty when the draft is valid
 */
export function validateInfluence(draft, others) {
  const errors = {};
  if (!draft.partnerId) errors.Partner__c = REQUIRED;
  if (!draft.role) errors.Role__c = REQUIRED;
  const pct = draft.attribution;
  if (pct !== null && (!Number.isFinite(pct) || pct < 0 || pct > 100)) {
    errors.Attribution_Percent__c = RANGE;
  } else {
    const taken = others.reduce((sum, other) => sum + (other.attribution ?? 0), 0);
    // round to the field's 2 decimals so 33.33 + 33.33 + 33.34 is exactly 100
    if (Math.round((taken + (pct ?? 0)) * 100) > 100 * 100) {
      // the share left as the user's locale writes a percentage (33.34% in en-US, 33,34 % in de-DE)
      const left = Math.max(0, Math.round((100 - taken) * 100) / 100);
      errors.Attribution_Percent__c = formatLabel(TOTAL, formatNumber(left / 100, { style: 'percent', maximumFractionDigits: 2 }));
    }
  }
  // one tag per partner and deal, whatever the role: a second one would count the partner twice
  const tagged = draft.partnerId ? others.find((o) => o.partnerId === draft.partnerId) : undefined;
  if (tagged) errors.Partner__c = formatLabel(DUPLICATE, tagged.partnerName ?? '');
  return errors;
}
