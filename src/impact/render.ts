// Flat rows of an impact report for the CLI table and CSV: one "all partners" row, then one per partner.
import { stringify } from 'csv-stringify/sync';
import type { ImpactReport } from './metrics.js';

export const REPORT_COLUMNS = [
  'partner',
  'sourcedPipeline',
  'sourcedRevenue',
  'sourcedDeals',
  'influencedPipeline',
  'influencedRevenue',
  'influencedDeals',
  'winRateWith',
  'winRateWithout',
  'winRateLift',
  'cycleDaysWith',
  'cycleDaysWithout',
  'leadConversion',
  'overlaps',
  'potentialPipeline',
] as const;

export type ReportRow = Record<(typeof REPORT_COLUMNS)[number], string | number | null>;

export function reportRows(report: ImpactReport, allPartnersLabel: string): ReportRow[] {
  const o = report.overall;
  const total: ReportRow = {
    partner: allPartnersLabel,
    sourcedPipeline: o.sourced.pipeline,
    sourcedRevenue: o.sourced.revenue,
    sourcedDeals: o.sourced.deals,
    influencedPipeline: o.influenced.pipeline,
    influencedRevenue: o.influenced.revenue,
    influencedDeals: o.influenced.deals,
    winRateWith: o.lift.withPartner.winRate,
    winRateWithout: o.lift.withoutPartner.winRate,
    winRateLift: o.lift.winRateLift,
    cycleDaysWith: o.lift.withPartner.avgCycleDays,
    cycleDaysWithout: o.lift.withoutPartner.avgCycleDays,
    leadConversion: o.leads.partnerSourced.rate,
    overlaps: report.partners.reduce((s, p) => s + p.overlaps.total, 0),
    potentialPipeline: o.potential.pipeline,
  };
  return [
    total,
    ...report.partners.map((p) => ({
      partner: p.name,
      sourcedPipeline: p.sourced.pipeline,
      sourcedRevenue: p.sourced.revenue,
      sourcedDeals: p.sourced.deals,
      influencedPipeline: p.influenced.pipeline,
      influencedRevenue: p.influenced.revenue,
      influencedDeals: p.influenced.deals,
      winRateWith: p.lift.withPartner.winRate,
      winRateWithout: p.lift.withoutPartner.winRate,
      winRateLift: p.lift.winRateLift,
      cycleDaysWith: p.lift.withPartner.avgCycleDays,
      cycleDaysWithout: p.lift.withoutPartner.avgCycleDays,
      leadConversion: p.leads.rate,
      overlaps: p.overlaps.total,
      potentialPipeline: p.potential.pipeline,
    })),
  ];
}

/**
 * A text cell a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe.
 * Numbers are ours, not the org's text, and stay numbers so a negative lift still sums.
 */
export function escapeCsvCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function reportCsv(rows: ReportRow[]): string {
  return stringify(
    rows.map((r) => REPORT_COLUMNS.map((c) => escapeCsvCell(r[c]))),
    { header: true, columns: [...REPORT_COLUMNS] },
  );
}

const RATE_COLUMNS = new Set<string>(['winRateWith', 'winRateWithout', 'winRateLift', 'leadConversion']);

/** A row for the terminal table: rates as percentages, money with two decimals, blanks as "-". */
export function formatReportRow(row: ReportRow): Record<string, string> {
  return Object.fromEntries(
    REPORT_COLUMNS.map((c) => {
      const v = row[c];
      if (v === null) return [c, '-'];
      if (typeof v === 'string') return [c, v];
      if (RATE_COLUMNS.has(c)) return [c, `${(v * 100).toFixed(1)}%`];
      return [c, Number.isInteger(v) ? String(v) : v.toFixed(2)];
    }),
  );
}
