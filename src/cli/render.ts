import type { SyncResult } from '../sync/types.js';

export interface TableRow {
  [column: string]: string | number;
}

/** The plan as rows: object x action x count. */
export function planRows(result: SyncResult): TableRow[] {
  const p = result.plan;
  return [
    { object: 'Partner_Overlap__c', action: 'create', records: p.overlapsCreate },
    { object: 'Partner_Overlap__c', action: 'update', records: p.overlapsUpdate },
    { object: 'Partner_Overlap__c', action: 'deactivate', records: p.overlapsDeactivate },
    { object: 'Lead', action: 'update overlap count', records: p.leadsUpdate },
    { object: 'Partner_Influence__c', action: 'create (Rule)', records: p.influenceCreate },
    { object: 'Opportunity', action: 'set Primary_Partner__c', records: p.primarySet },
    { object: 'Opportunity', action: 'clear Primary_Partner__c', records: p.primaryClear },
    { object: 'Partner_Exchange__c', action: 'create', records: p.exchangesCreate },
    { object: 'Partner_Signal__c', action: 'create', records: p.signalsCreate ?? 0 },
  ];
}

/** Overlaps per partner and population, one row per partner. */
export function overlapRows(result: SyncResult): TableRow[] {
  return Object.entries(result.byPartnerPopulation).map(([partner, pops]) => ({
    partner,
    Customer: pops.Customer ?? 0,
    'Open Opportunity': pops['Open Opportunity'] ?? 0,
    Prospect: pops.Prospect ?? 0,
    Lead: pops.Lead ?? 0,
  }));
}

export function summaryLine(result: SyncResult): string {
  const c = result.counts;
  return `${result.mode} run ${result.runId}: ${result.status}. Read ${c.read}, matched ${c.matched}, created ${c.created}, updated ${c.updated}, deactivated ${c.deactivated}, failed ${c.failed}${c.rejected > 0 ? ` (${c.rejected} rejected file rows)` : ''}; ${result.apiCalls} API calls in ${(result.durationMs / 1000).toFixed(1)} s.`;
}

/**
 * An org timestamp ("2026-12-06T12:50:17.208+0000") for a person: "2026-12-06 13:50:17 CET" in the
 * terminal's time zone (TZ), or `timeZone`. Text that is not a time is returned as it is.
 */
export function formatTime(value: string | undefined, timeZone?: string): string {
  if (value === undefined || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}
