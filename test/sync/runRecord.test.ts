// How a run's end is told (issue 19): a run whose only failures are rejected partner/referral file rows completed
// (exit 0) "with N rejected rows"; Partner_Sync_Run__c.Error_Summary__c names each file once, its rows by line.
import { exitCodeFor } from '../../src/common/exitCodes';
import { outcomeLine, runSummary } from '../../src/sync/runRecord';
import { isRejectedRow, type FailedRecord } from '../../src/sync/types';

const FILE = '/work/demo/.partnerlens/demo/partners/orbit-cloud.csv';
const row = (line: number, field: string, message: string): FailedRecord => ({
  object: 'partner file',
  key: `${FILE}:${line}`,
  code: 'INVALID_ROW',
  message: `${FILE} line ${line}, field ${field}: ${message}`,
  fields: field,
});
const refused: FailedRecord = {
  object: 'Partner_Overlap__c',
  key: 'orbit:acme.example',
  code: 'STRING_TOO_LONG',
  message: 'Partner Company Name: data value too large',
  fields: 'Partner_Company_Name__c',
};
const rows = [
  row(4, 'Company Name', 'is empty.'),
  row(47, 'Website', "'localhost' is not a website or domain."),
  row(94, 'Population', "'Custmer' is not a population."),
];
const base = {
  errorsCsv: '/work/demo/.partnerlens/runs/run-1/errors.csv',
  runLog: '/work/demo/.partnerlens/runs/run-1/run.log',
  warnings: [] as string[],
};

describe('a run with rejected file rows', () => {
  it('tells rejected file rows from records the org refused', () => {
    expect(rows.every(isRejectedRow)).toBe(true);
    expect(isRejectedRow(refused)).toBe(false);
    expect(isRejectedRow({ ...rows[0]!, object: 'referral file' })).toBe(true);
  });

  it('completed with N rejected rows, exit 0; refused records stay Partial, exit 3', () => {
    expect(outcomeLine({ ...base, status: 'Succeeded', failures: rows })).toBe(
      `Completed with 3 rejected rows: partner or referral file rows the sync could not use; everything else was written. Each is named with its file, line and field in ${base.errorsCsv}.`,
    );
    expect(outcomeLine({ ...base, status: 'Succeeded', failures: rows.slice(0, 1) })).toMatch(/^Completed with 1 rejected row:/);
    expect(exitCodeFor({ status: 'Succeeded' })).toBe(0);
    expect(outcomeLine({ ...base, status: 'Partial', failures: [...rows, refused] })).toBe(
      `Partial: the org refused 1 record (and 3 file rows were rejected); the rest was written. Details: ${base.errorsCsv}`,
    );
    expect(exitCodeFor({ status: 'Partial' })).toBe(3);
    expect(outcomeLine({ ...base, status: 'Succeeded', failures: [] })).toBeUndefined();
  });

  it('summarises by file: the outcome, the warnings, then each file once with its rows by line and field', () => {
    const summary = runSummary({
      ...base,
      status: 'Partial',
      failures: [...rows, refused],
      warnings: ['Partner "x" is not active: its data was skipped.'],
    });
    expect(summary.split('\n')).toEqual([
      `Partial: the org refused 1 record (and 3 file rows were rejected); the rest was written. Details: ${base.errorsCsv}`,
      '',
      'Warnings:',
      '- Partner "x" is not active: its data was skipped.',
      '',
      `orbit-cloud.csv (${FILE}): 3 failures`,
      '  line 4, field Company Name: is empty.',
      "  line 47, field Website: 'localhost' is not a website or domain.",
      "  line 94, field Population: 'Custmer' is not a population.",
      '',
      'Partner_Overlap__c: 1 failure',
      '  orbit:acme.example: STRING_TOO_LONG Partner Company Name: data value too large',
    ]);
    // each file path once, not once per row (or twice)
    expect(summary.split(FILE).length - 1).toBe(1);
  });

  it('lists the first 20 failures and says how many more are in errors.csv', () => {
    const many = Array.from({ length: 25 }, (_, i) => row(i + 2, 'Website', 'bad.'));
    const summary = runSummary({ ...base, status: 'Succeeded', failures: many });
    expect(summary).toContain(`orbit-cloud.csv (${FILE}): 25 failures`);
    expect(summary.match(/^ {2}line /gm)).toHaveLength(20);
    expect(summary).toContain('  ... and 5 more (errors.csv, Partner Sync Errors)');
  });
});
