// The one CSV writer. Files people open (errors, partner exports, reports, demo files) get formula-looking cells
// neutralised; files for the Bulk API carry values exactly, because Salesforce stores them as text.
import { stringify, type Input, type Options } from 'csv-stringify/sync';

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

/** CSV for the Bulk API 2.0 (upload and the local org's result pages): values exactly as stored. */
export function toBulkCsv(rows: Input, options: Options = {}): string {
  return stringify(rows, options);
}
