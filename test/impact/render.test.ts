import { parse } from 'csv-parse/sync';
import { computeImpact } from '../../src/impact/metrics.js';
import {
  OVERLAP_PAIRS,
  REPORT_COLUMNS,
  formatPoints,
  formatReportRow,
  overlapMap,
  reportCsv,
  reportRows,
} from '../../src/impact/render.js';

describe('impact report rows and CSV', () => {
  const report = computeImpact(
    {
      partners: [
        { id: 'p1', name: '=HYPERLINK("http://evil.example","x")' },
        { id: 'p2', name: 'Plain, "quoted" Partner' },
      ],
      opportunities: [
        {
          id: 'o1',
          accountId: 'a1',
          amount: 1000,
          currency: null,
          isClosed: true,
          isWon: true,
          createdDate: '2026-01-01',
          closeDate: '2026-01-11',
          sourcePartnerId: 'p1',
        },
        {
          id: 'o2',
          accountId: 'a2',
          amount: 500,
          currency: null,
          isClosed: true,
          isWon: false,
          createdDate: '2026-01-01',
          closeDate: '2026-01-21',
          sourcePartnerId: null,
        },
        {
          // open, on acc3 which p2 has as a customer: potential influence 700 (1 deal)
          id: 'o3',
          accountId: 'a3',
          amount: 700,
          currency: null,
          isClosed: false,
          isWon: false,
          createdDate: '2026-01-05',
          closeDate: '2026-03-01',
          sourcePartnerId: null,
        },
      ],
      influences: [
        {
          id: 'i1',
          opportunityId: 'o1',
          partnerId: 'p2',
          role: 'Influenced',
          percent: 25,
          touchDate: '2026-01-02',
          createdDate: null,
        },
      ],
      overlaps: [
        {
          partnerId: 'p1',
          accountId: 'a1',
          leadId: null,
          ourPopulation: 'Customer',
          partnerPopulation: 'Prospect',
          active: true,
          disputed: false,
        },
        {
          partnerId: 'p2',
          accountId: 'a3',
          leadId: null,
          ourPopulation: 'Prospect',
          partnerPopulation: 'Customer',
          active: true,
          disputed: false,
        },
        {
          partnerId: 'p2',
          accountId: null,
          leadId: 'l1',
          ourPopulation: 'Lead',
          partnerPopulation: 'Customer',
          active: true,
          disputed: false,
        },
        // a population outside the picklists (here blank) still gets a column, so the pairs add up to the total
        {
          partnerId: 'p2',
          accountId: 'a9',
          leadId: null,
          ourPopulation: null,
          partnerPopulation: 'Prospect',
          active: true,
          disputed: false,
        },
      ],
      leads: [
        // partner-sourced: l1 converted (1/1); ordinary: l2 not, l3 converted (1/2)
        { id: 'l1', partnerSourced: true, sourcePartnerId: 'p1', isConverted: true, createdDate: '2026-01-03' },
        { id: 'l2', partnerSourced: false, sourcePartnerId: null, isConverted: false, createdDate: '2026-01-04' },
        { id: 'l3', partnerSourced: false, sourcePartnerId: null, isConverted: true, createdDate: '2026-01-05' },
      ],
    },
    { model: 'Recorded' },
  );

  it('writes one total row and one row per partner that parse back to the same values', () => {
    const rows = parse(reportCsv(reportRows(report, 'All partners')), { columns: true }) as Record<string, string>[];
    // o1 (won 1,000) sourced by p1, p2 recorded 25% of it; o2 lost without partners: lift 1 - 0 = 1
    expect(rows.map((r) => [r.partner, r.sourcedRevenue, r.influencedRevenue, r.winRateLift])).toEqual([
      ['All partners', '1000', '250', '1'],
      [`'=HYPERLINK("http://evil.example","x")`, '1000', '0', '1'],
      ['Plain, "quoted" Partner', '0', '250', '1'],
    ]);
    expect(rows[0]?.cycleDaysWith).toBe('10');
    expect(rows[0]?.winRateWithout).toBe('0');
  });

  it('adds the ordinary lead conversion, the potential-influence deals and the overlaps per population pair', () => {
    const csv = reportCsv(reportRows(report, 'All partners'));
    const [header] = parse(csv, { to_line: 1 }) as string[][];
    // the report columns, the 16 pairs of the picklists in population order, then the pair with a blank population
    expect(header).toEqual([...REPORT_COLUMNS, ...OVERLAP_PAIRS.map((p) => `overlaps ${p}`), 'overlaps |Prospect']);
    expect(header?.slice(REPORT_COLUMNS.length, REPORT_COLUMNS.length + 5)).toEqual([
      'overlaps Customer|Customer',
      'overlaps Customer|Open Opportunity',
      'overlaps Customer|Prospect',
      'overlaps Customer|Lead',
      'overlaps Open Opportunity|Customer',
    ]);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    // ordinary leads l2, l3: 1 of 2 for every row (the comparison group is the same); p2 sourced no lead: blank
    expect(
      rows.map((r) => [r.partner, r.leadConversion, r.ordinaryLeadConversion, r.potentialPipeline, r.potentialDeals]),
    ).toEqual([
      ['All partners', '1', '0.5', '700', '1'],
      [`'=HYPERLINK("http://evil.example","x")`, '1', '0.5', '0', '0'],
      ['Plain, "quoted" Partner', '', '0.5', '700', '1'],
    ]);
    const pairsOf = (r: Record<string, string>) =>
      Object.fromEntries(Object.entries(r).filter(([k, v]) => k.startsWith('overlaps ') && v !== '0'));
    expect(rows.map((r) => [r.overlaps, pairsOf(r)])).toEqual([
      [
        '4',
        {
          'overlaps Customer|Prospect': '1',
          'overlaps Prospect|Customer': '1',
          'overlaps Lead|Customer': '1',
          'overlaps |Prospect': '1',
        },
      ],
      ['1', { 'overlaps Customer|Prospect': '1' }],
      ['3', { 'overlaps Prospect|Customer': '1', 'overlaps Lead|Customer': '1', 'overlaps |Prospect': '1' }],
    ]);
    // every pair cell is a number: zeros, not blanks
    expect(rows[1]?.['overlaps Lead|Lead']).toBe('0');
  });

  it('lays the overlap map out per partner and our population, one column per partner population', () => {
    expect(overlapMap(report)).toEqual({
      columns: ['partner', 'ourPopulation', 'Customer', 'Open Opportunity', 'Prospect', 'Lead'],
      rows: [
        {
          partner: '=HYPERLINK("http://evil.example","x")',
          ourPopulation: 'Customer',
          Customer: 0,
          'Open Opportunity': 0,
          Prospect: 1,
          Lead: 0,
        },
        {
          partner: 'Plain, "quoted" Partner',
          ourPopulation: 'Prospect',
          Customer: 1,
          'Open Opportunity': 0,
          Prospect: 0,
          Lead: 0,
        },
        { partner: 'Plain, "quoted" Partner', ourPopulation: 'Lead', Customer: 1, 'Open Opportunity': 0, Prospect: 0, Lead: 0 },
        {
          partner: 'Plain, "quoted" Partner',
          ourPopulation: '(blank)',
          Customer: 0,
          'Open Opportunity': 0,
          Prospect: 1,
          Lead: 0,
        },
      ],
    });
  });

  it('shows a win-rate lift in signed percentage points, never as a percentage', () => {
    expect(formatPoints(0.2317)).toBe('+23.2 pts');
    expect(formatPoints(-0.1667)).toBe('-16.7 pts');
    expect(formatPoints(0)).toBe('0.0 pts');
    expect(formatPoints(-0.0001)).toBe('0.0 pts');
    expect(formatPoints(null)).toBe('-');
  });

  it('formats rates as percentages, the lift in points, money and counts with separators and blanks as dashes for the terminal table', () => {
    const [total, , p2] = reportRows(report, 'All partners');
    expect(formatReportRow({ ...(total as NonNullable<typeof total>), sourcedPipeline: 14456500.4, overlaps: 1962 })).toMatchObject({ sourcedPipeline: '14,456,500', overlaps: '1,962' });
    expect(total && formatReportRow(total)).toEqual({
      partner: 'All partners',
      sourcedPipeline: '0',
      sourcedRevenue: '1,000',
      sourcedDeals: '1',
      influencedPipeline: '0',
      influencedRevenue: '250',
      influencedDeals: '1',
      deals: '1',
      winRateWith: '100.0%',
      winRateWithout: '0.0%',
      winRateLift: '+100.0 pts',
      cycleDaysWith: '10.0',
      cycleDaysWithout: '-',
      leadConversion: '100.0%',
      ordinaryLeadConversion: '50.0%',
      overlaps: '4',
      potentialPipeline: '700',
      potentialDeals: '1',
    });
    expect(p2 && formatReportRow(p2)).toMatchObject({
      leadConversion: '-',
      ordinaryLeadConversion: '50.0%',
      potentialDeals: '1',
    });
  });
});
