// The Primary_Partner__c rule the sync applies (src/sync/plan.ts compareInfluence / primaryPartner), for the
// tagger to apply the same way when a manager's tag changes who leads the deal. test/sync/primaryPartnerLwc.test.ts
// checks both give the same partner on the same rows.

const lower = (s) => (s ?? '').toLowerCase();
const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** YYYY-MM-DD of Touch_Date__c, else of CreatedDate; undefined when neither is known. */
function dayOf(row) {
  const value = row.touchDate || row.createdDate;
  return typeof value === 'string' && value.length >= 10 ? value.slice(0, 10) : undefined;
}

/**
 * Orders influence rows largest role first: Sourced before any other role, then the higher attribution (blank
 * counts as 0), then the earlier touch day, then the partner name (case-insensitive), then the partner Id.
 * @param {{ partnerId: string, partnerName?: string, role: string, attribution: number|null, touchDate?: string, createdDate?: string }} a
 * @param {typeof a} b
 */
export function compareInfluence(a, b) {
  const sourced = Number(b.role === 'Sourced') - Number(a.role === 'Sourced');
  if (sourced !== 0) return sourced;
  const pa = a.attribution ?? 0;
  const pb = b.attribution ?? 0;
  if (pa !== pb) return pb - pa;
  const da = dayOf(a);
  const db = dayOf(b);
  if (da !== db) return da === undefined ? 1 : db === undefined ? -1 : byCodeUnit(da, db);
  return byCodeUnit(lower(a.partnerName), lower(b.partnerName)) || byCodeUnit(a.partnerId, b.partnerId);
}

/** The Partner__c Id with the largest role among one deal's influence rows, or null when there is none. */
export function primaryPartnerOf(rows) {
  let best = null;
  for (const row of rows) if (best === null || compareInfluence(row, best) < 0) best = row;
  return best?.partnerId ?? null;
}
