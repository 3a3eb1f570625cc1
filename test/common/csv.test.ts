import { parse } from 'csv-parse/sync';
import { neutralise, restoreNeutralised, toBulkCsv, toCsv } from '../../src/common/csv';

describe('the CSV writer', () => {
  it('neutralises text a spreadsheet would run, and leaves plain numbers and ordinary text alone', () => {
    expect(['=1+1', '+A1', '-2+3', '@SUM(A1)', '\tx', '\rx'].map(neutralise)).toEqual(["'=1+1", "'+A1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(['-1,234.5', '+3%', '42', 'Acme', '', "it's"].map(neutralise)).toEqual(['-1,234.5', '+3%', '42', 'Acme', '', "it's"]);
  });

  it('toCsv neutralises every text cell, numbers stay numbers; toBulkCsv writes values exactly', () => {
    const rows = [{ name: '=HYPERLINK("http://evil.example")', amount: -0.25 }];
    expect(parse(toCsv(rows, { header: true }), { columns: true })).toEqual([{ name: `'=HYPERLINK("http://evil.example")`, amount: '-0.25' }]);
    expect(parse(toBulkCsv(rows, { header: true }), { columns: true })).toEqual([{ name: '=HYPERLINK("http://evil.example")', amount: '-0.25' }]);
  });

  it('restoreNeutralised reads back what toCsv wrote', () => {
    for (const v of ['=1+1', '@SUM(A1)', '-2+3', '-12', 'Acme', "'quoted"]) expect(restoreNeutralised(neutralise(v))).toBe(v);
  });
});
