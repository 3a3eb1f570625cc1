// The one CSV writer. Files people open (errors, partner exports, reports, demo files) get formula-looking cells
// neutralised; files for the Bulk API carry values exactly, because Salesforce stores them as text.
import { stringify, type Input, type Options } from 'csv-stringify/sync';
import Papa from 'papaparse';

/** A spreadsheet runs a cell starting with one of these as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `+1+cmd|...`). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number, also signed ("-1,234.5", "+3%"), is never a formula: left as it is. */
const NUMBER = /^[-+]?\d[\d,.]*%?$/;

/** The cell as text a spreadsheet shows, not runs: a leading apostrophe, as OWASP's CSV-injection advice says. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

/** Undoes neutralise when a file this project wrote is read back (a partner's share export). */
export function restoreNeutralised(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** CSV for people: every string cell through neutralise. */
export function toCsv(rows: Input, options: Options = {}): string {
  return stringify(rows, { ...options, cast: { ...options.cast, string: (value) => neutralise(value) } });
}

export interface BulkCsvOptions {
  /** One of the Bulk API's column delimiters; a comma unless the job names another. */
  delimiter?: string;
  lineEnding?: 'LF' | 'CRLF';
  /** Quote every non-empty cell, as Salesforce's result pages do. */
  quoteAll?: boolean;
}

/**
 * CSV for the Bulk API 2.0 (uploads and the local org's result pages): values exactly as stored, because
 * Salesforce keeps them as text. Papa Parse rather than csv-stringify: a 100k-record sync moves every record
 * through this writer and the parser below on both sides of the wire, and Papa Parse is 3-4 times faster.
 */
export function toBulkCsv(header: readonly string[], rows: readonly (readonly string[])[], options: BulkCsvOptions = {}): string {
  const newline = options.lineEnding === 'CRLF' ? '\r\n' : '\n';
  const text = Papa.unparse({ fields: [...header], data: rows as string[][] }, { delimiter: options.delimiter ?? ',', newline, quotes: options.quoteAll === true ? (value: unknown) => value !== '' : false });
  // every record ends its line, as Salesforce's do; with no rows Papa Parse has already ended the header's
  return rows.length === 0 ? text : text + newline;
}

/** A Bulk API CSV's rows (the header first); a malformed quote throws with the row it is on, counted from 1 as a spreadsheet does. */
export function parseBulkCsv(text: string, delimiter = ','): string[][] {
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true });
  const error = parsed.errors[0];
  if (error !== undefined) throw new Error(`${error.message} (row ${(error.row ?? 0) + 1})`);
  return parsed.data;
}
