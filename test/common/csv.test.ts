import { parse } from 'csv-parse/sync';
import { neutralise, parseBulkCsv, restoreNeutralised, toBulkCsv, toCsv } from '../../src/common/csv';

describe('the CSV writer', () => {
  it('neutralises text a spreadsheet would run, and leaves plain numbers and ordinary text alone', () => {
    expect(['=1+1', '+A1', '-2+3', '@SUM(A1)', '\tx', '\rx'].map(neutralise)).toEqual(["'=1+1", "'+A1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(['-1,234.5', '+3%', '42', 'Acme', '', "it's"].map(neutralise)).toEqual(['-1,234.5', '+3%', '42', 'Acme', '', "it's"]);
  });

  it('toCsv neutralises every text cell, numbers stay numbers; toBulkCsv writes values exactly', () => {
    const rows = [{ name: '=HYPERLINK("http://evil.example")', amount: -0.25 }];
    expect(parse(toCsv(rows, { header: true }), { columns: true })).toEqual([{ name: `'=HYPERLINK("http://evil.example")`, amount: '-0.25' }]);
    expect(parse(toBulkCsv(['name', 'amount'], [['=HYPERLINK("http://evil.example")', '-0.25']]), { columns: true })).toEqual([{ name: '=HYPERLINK("http://evil.example")', amount: '-0.25' }]);
  });

  it('toBulkCsv and parseBulkCsv carry delimiters, quotes, line breaks, a leading = and empty cells exactly, in either line ending', () => {
    const header = ['Name', 'Description__c', 'Website'];
    const rows = [
      ['Acme, Inc.', 'said "hi"\nthen left', ''],
      ['=1+1', '', ' spaced '],
    ];
    for (const lineEnding of ['LF', 'CRLF'] as const) {
      for (const quoteAll of [false, true]) {
        const text = toBulkCsv(header, rows, { lineEnding, quoteAll });
        expect(text.endsWith(lineEnding === 'CRLF' ? '"\r\n' : '\n')).toBe(true);
        expect(parseBulkCsv(text)).toEqual([header, ...rows]);
        // a second parser reads the same cells: the file is plain RFC 4180, not this module's dialect
        expect(parse(text)).toEqual([header, ...rows]);
      }
    }
    // Salesforce's result pages quote every value but leave an empty one bare
    expect(toBulkCsv(['a', 'b'], [['1', '']], { quoteAll: true })).toBe('"a","b"\n"1",\n');
    expect(toBulkCsv(['a', 'b'], [], { quoteAll: true })).toBe('"a","b"\n');
    expect(parseBulkCsv('a|b\n1|2\n', '|')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('parseBulkCsv refuses an unterminated quote, naming its row', () => {
    expect(() => parseBulkCsv('Name,Website\nAcme,acme.com\n"Globex,globex.com\n')).toThrow(/Quoted field unterminated \(row 3\)/);
  });

  it('restoreNeutralised reads back what toCsv wrote', () => {
    for (const v of ['=1+1', '@SUM(A1)', '-2+3', '-12', 'Acme', "'quoted"]) expect(restoreNeutralised(neutralise(v))).toBe(v);
  });
});
