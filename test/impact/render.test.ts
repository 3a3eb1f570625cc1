import { parse } from 'csv-parse/sync';
import { computeImpact } from '../../src/impact/metrics.js';
import { escapeCsvCell, formatReportRow, reportCsv, reportRows } from '../../src/impact/render.js';

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
      overlaps: [],
      leads: [],
    },
    { model: 'Recorded' },
  );

  it('escapes text cells a spreadsheet would evaluate, and nothing else', () => {
    for (const bad of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(escapeCsvCell(bad)).toBe(`'${bad}`);
    expect(escapeCsvCell('Acme')).toBe('Acme');
    expect(escapeCsvCell(-0.25)).toBe(-0.25);
    expect(escapeCsvCell(null)).toBeNull();
  });

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

  it('formats rates as percentages and blanks as dashes for the terminal table', () => {
    const [total] = reportRows(report, 'All partners');
    expect(total && formatReportRow(total)).toMatchObject({
      partner: 'All partners',
      sourcedRevenue: '1000',
      winRateWith: '100.0%',
      winRateWithout: '0.0%',
      winRateLift: '100.0%',
      leadConversion: '-',
      cycleDaysWith: '10',
    });
  });
});
