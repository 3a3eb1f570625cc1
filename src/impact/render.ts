// Flat rows of an impact report for the CLI table and CSV: one "all partners" row, then one per partner;
// the overlap map (overlaps by population pair) as CSV columns and as a table of its own.
import { toCsv } from '../common/csv.js';
import { POPULATIONS } from './metrics.js';
import type { ImpactReport } from './metrics.js';

export const REPORT_COLUMNS = [
  'partner',
  'sourcedPipeline',
  'sourcedRevenue',
  'sourcedDeals',
  'influencedPipeline',
  'influencedRevenue',
  'influencedDeals',
  'deals',
  'winRateWith',
  'winRateWithout',
  'winRateLift',
  'cycleDaysWith',
  'cycleDaysWithout',
  'leadConversion',
  'ordinaryLeadConversion',
  'overlaps',
  'potentialPipeline',
  'potentialDeals',
] as const;

export type ReportColumn = (typeof REPORT_COLUMNS)[number];

export type ReportRow = Record<ReportColumn, string | number | null> & {
  /** Overlaps per "<our population>|<partner population>" (the report's pair keys). */
  overlapPairs: Record<string, number>;
};

/** CSV header of a pair's overlap count: "overlaps Customer|Prospect" = our Customers the partner has as prospects. */
export const pairColumn = (pair: string): string => `overlaps ${pair}`;

/** Every pair of populations (ours first), in population order: fixed CSV columns, the same for every org. */
export const OVERLAP_PAIRS: readonly string[] = POPULATIONS.flatMap((ours) => POPULATIONS.map((theirs) => `${ours}|${theirs}`));

export function reportRows(report: ImpactReport, allPartnersLabel: string): ReportRow[] {
  const o = report.overall;
  const pairs: Record<string, number> = {};
  for (const p of report.partners) for (const [pair, n] of Object.entries(p.overlaps.pairs)) pairs[pair] = (pairs[pair] ?? 0) + n;
  const total: ReportRow = {
    partner: allPartnersLabel,
    sourcedPipeline: o.sourced.pipeline,
    sourcedRevenue: o.sourced.revenue,
    sourcedDeals: o.sourced.deals,
    influencedPipeline: o.influenced.pipeline,
    influencedRevenue: o.influenced.revenue,
    influencedDeals: o.influenced.deals,
    deals: o.partnerDeals,
    winRateWith: o.lift.withPartner.winRate,
    winRateWithout: o.lift.withoutPartner.winRate,
    winRateLift: o.lift.winRateLift,
    cycleDaysWith: o.lift.withPartner.avgCycleDays,
    cycleDaysWithout: o.lift.withoutPartner.avgCycleDays,
    leadConversion: o.leads.partnerSourced.rate,
    ordinaryLeadConversion: o.leads.ordinary.rate,
    overlaps: report.partners.reduce((s, p) => s + p.overlaps.total, 0),
    potentialPipeline: o.potential.pipeline,
    potentialDeals: o.potential.deals,
    overlapPairs: pairs,
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
      deals: p.deals,
      winRateWith: p.lift.withPartner.winRate,
      winRateWithout: p.lift.withoutPartner.winRate,
      winRateLift: p.lift.winRateLift,
      cycleDaysWith: p.lift.withPartner.avgCycleDays,
      cycleDaysWithout: p.lift.withoutPartner.avgCycleDays,
      leadConversion: p.leads.rate,
      // the comparison group of every partner is the same: leads no partner sourced
      ordinaryLeadConversion: o.leads.ordinary.rate,
      overlaps: p.overlaps.total,
      potentialPipeline: p.potential.pipeline,
      potentialDeals: p.potential.deals,
      overlapPairs: p.overlaps.pairs,
    })),
  ];
}

/**
 * The report columns, then one overlap count per population pair: the 16 pairs of the picklists, then
 * any other pair the org has (a population outside the picklist, or blank), so the pairs add up to `overlaps`.
 */
export function reportCsv(rows: ReportRow[]): string {
  const known = new Set(OVERLAP_PAIRS);
  const extra = [...new Set(rows.flatMap((r) => Object.keys(r.overlapPairs)))].filter((p) => !known.has(p)).sort();
  const pairs = [...OVERLAP_PAIRS, ...extra];
  return toCsv(
    rows.map((r) => [...REPORT_COLUMNS.map((c) => r[c]), ...pairs.map((p) => r.overlapPairs[p] ?? 0)]),
    { header: true, columns: [...REPORT_COLUMNS, ...pairs.map(pairColumn)] },
  );
}

/** 0.482 -> "48.2%"; null -> "-". */
export function formatPercent(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)}%`;
}

/** A difference of two rates in percentage points, signed: 0.2317 -> "+23.2 pts", -0.05 -> "-5.0 pts". */
export function formatPoints(difference: number | null): string {
  if (difference === null) return '-';
  const points = (difference * 100).toFixed(1);
  // -0.0001 rounds to "-0.0": no sign for a lift that shows as zero
  if (Number(points) === 0) return '0.0 pts';
  return `${difference > 0 ? '+' : ''}${points} pts`;
}

/** Days with one decimal: 53.2; null -> "-". */
export function formatDays(days: number | null): string {
  return days === null ? '-' : days.toFixed(1);
}

/** Money for a sentence: whole units with thousands separators, the currency code in front when known. */
export function formatMoney(amount: number, currency: string | null): string {
  const text = Math.round(amount).toLocaleString('en-US');
  return currency ? `${currency} ${text}` : text;
}

const RATE_COLUMNS = new Set<string>(['winRateWith', 'winRateWithout', 'leadConversion', 'ordinaryLeadConversion']);
const DAY_COLUMNS = new Set<string>(['cycleDaysWith', 'cycleDaysWithout']);
const MONEY_COLUMNS = new Set<string>(['sourcedPipeline', 'sourcedRevenue', 'influencedPipeline', 'influencedRevenue', 'potentialPipeline']);

/**
 * A row for the terminal table: rates as percentages, the lift in percentage points, days with one decimal,
 * money in whole units and counts, both with thousands separators (as the demo's sentences), blanks as "-".
 */
export function formatReportRow(row: ReportRow): Record<ReportColumn, string> {
  return Object.fromEntries(
    REPORT_COLUMNS.map((c) => {
      const v = row[c];
      if (v === null) return [c, '-'];
      if (typeof v === 'string') return [c, v];
      if (c === 'winRateLift') return [c, formatPoints(v)];
      if (RATE_COLUMNS.has(c)) return [c, formatPercent(v)];
      if (DAY_COLUMNS.has(c)) return [c, formatDays(v)];
      if (MONEY_COLUMNS.has(c)) return [c, formatMoney(v, null)];
      return [c, v.toLocaleString('en-US')];
    }),
  ) as Record<ReportColumn, string>;
}

/** One row of the overlap map: a partner and our population, with the overlaps per partner population. */
export type OverlapMapRow = { partner: string; ourPopulation: string } & Record<string, string | number>;

const rank = (population: string): number => {
  const i = POPULATIONS.indexOf(population);
  return i === -1 ? POPULATIONS.length : i;
};
const byPopulation = (a: string, b: string): number => rank(a) - rank(b) || a.localeCompare(b);
const populationLabel = (population: string): string => (population === '' ? '(blank)' : population);

/**
 * The overlap map for the terminal: per partner (report order), one row per population of ours that
 * overlaps, one column per partner population (Customer, Open Opportunity, Prospect, Lead, then any other).
 */
export function overlapMap(report: ImpactReport): { columns: string[]; rows: OverlapMapRow[] } {
  const split = (pair: string): [string, string] => {
    const bar = pair.indexOf('|');
    return [pair.slice(0, bar), pair.slice(bar + 1)];
  };
  const theirs = [
    ...new Set([...POPULATIONS, ...report.partners.flatMap((p) => Object.keys(p.overlaps.pairs).map((k) => split(k)[1]))]),
  ]
    .sort(byPopulation)
    .map(populationLabel);
  const rows = report.partners.flatMap((p) => {
    const byOurs = new Map<string, Record<string, number>>();
    for (const [pair, n] of Object.entries(p.overlaps.pairs)) {
      const [ours, their] = split(pair);
      const counts = byOurs.get(ours) ?? {};
      counts[populationLabel(their)] = (counts[populationLabel(their)] ?? 0) + n;
      byOurs.set(ours, counts);
    }
    return [...byOurs.keys()].sort(byPopulation).map((ours) => {
      const counts = byOurs.get(ours) ?? {};
      const row: OverlapMapRow = { partner: p.name, ourPopulation: populationLabel(ours) };
      for (const t of theirs) row[t] = counts[t] ?? 0;
      return row;
    });
  });
  return { columns: ['partner', 'ourPopulation', ...theirs], rows };
}
