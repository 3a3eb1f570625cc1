import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { restoreNeutralised } from '../common/csv.js';
import { type ErrorList, PartnerFileError } from './fileError.js';

/** One data row of a partner file: its values by the file's own column names, and where it came from. */
export interface TableRow {
  /** CSV: the row's first line; JSON: the record's 1-based position. */
  line: number;
  values: Readonly<Record<string, string>>;
}

export interface Table {
  file: string;
  unit: 'line' | 'record';
  /** Column names as the file spells them, in file order. */
  columns: string[];
  rows: TableRow[];
  /** Rows that could not be split into the header's columns (skipped, reported with the row errors). */
  errors: PartnerFileError[];
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter used most on the header line outside quotes (spreadsheets export ; or tab by locale). */
export function sniffDelimiter(text: string): string {
  const header = text.split('\n', 1)[0]?.replace(/"[^"]*"/g, '') ?? '';
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = header.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/**
 * Reads a CSV or JSON partner file into rows keyed by column name. JSON is an array of objects, or an
 * object holding one under "records"/"rows"/"data". Throws PartnerFileError when the file cannot be
 * read as a table at all; rows with a wrong number of cells are left out and listed in `errors`.
 */
export function readTable(text: string, file: string, format: 'csv' | 'json' = detectFormat(text, file)): Table {
  return format === 'json' ? readJson(text, file) : readCsv(text, file);
}

export function detectFormat(text: string, file: string): 'csv' | 'json' {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.(csv|tsv|txt)$/i.test(file)) return 'csv';
  return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
}

function readCsv(raw: string, file: string): Table {
  // one line-ending convention up front so line numbers count the way editors show them
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let parsed: CsvRecord[];
  try {
    // csv-parse's typings return string[][] whatever the options; with info and raw each record is a CsvRecord
    parsed = parse(text, { delimiter: sniffDelimiter(text), info: true, raw: true, relax_column_count: true, trim: true }) as unknown as CsvRecord[];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new PartnerFileError({ file, line: lineOf(error) }, 'error.UnreadableCsv', [detail]);
  }
  const [header, ...body] = parsed;
  if (header === undefined || header.record.every((cell) => cell === '')) throw new PartnerFileError({ file }, 'error.EmptyFile');
  const columns = header.record;
  const rows: TableRow[] = [];
  const errors: PartnerFileError[] = [];
  for (const { record, info, raw: source } of body) {
    if (record.every((cell) => cell === '')) continue;
    // info.lines is where the record ends; a quoted field may have spanned several lines before it
    const line = info.lines - (source.replace(/\n$/, '').match(/\n/g)?.length ?? 0);
    if (record.length !== columns.length) {
      errors.push(new PartnerFileError({ file, line }, 'error.CellCount', [record.length, columns.length]));
      continue;
    }
    rows.push({ line, values: Object.fromEntries(columns.map((column, i) => [column, restoreNeutralised(record[i] ?? '')])) });
  }
  return { file, unit: 'line', columns, rows, errors };
}

function lineOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'lines' in error && typeof error.lines === 'number') return error.lines;
  return undefined;
}

function readJson(text: string, file: string): Table {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PartnerFileError({ file }, 'error.UnreadableJson', [error instanceof Error ? error.message : String(error)]);
  }
  const list = Array.isArray(data) ? data : findList(data);
  if (list === undefined) throw new PartnerFileError({ file }, 'error.JsonShape');
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = list.map((item, i): TableRow => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new PartnerFileError({ file, line: i + 1, unit: 'record' }, 'error.JsonShape');
    const values: Record<string, string> = {};
    for (const [column, value] of Object.entries(item)) {
      if (!seen.has(column)) {
        seen.add(column);
        columns.push(column);
      }
      values[column] = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value).trim();
    }
    return { line: i + 1, values };
  });
  return { file, unit: 'record', columns, rows, errors: [] };
}

function findList(data: unknown): unknown[] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  for (const key of ['records', 'rows', 'data']) {
    const value: unknown = (data as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value;
  }
  return undefined;
}

function headerKey(column: string): string {
  return column.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Which of the file's columns holds each field, matching header names loosely ("Company Name",
 * "company_name" and "COMPANY" all find `companyName` when listed as aliases "companyname", "company").
 * The first alias that a column matches wins, so list the most specific first.
 */
export function mapColumns<K extends string>(columns: readonly string[], aliases: Readonly<Record<K, readonly string[]>>): Partial<Record<K, string>> {
  const byKey = new Map<string, string>();
  for (const column of columns) if (!byKey.has(headerKey(column))) byKey.set(headerKey(column), column);
  const mapped: Partial<Record<K, string>> = {};
  const taken = new Set<string>();
  for (const field of Object.keys(aliases) as K[]) {
    const column = aliases[field].map((alias) => byKey.get(alias)).find((c) => c !== undefined && !taken.has(c));
    if (column !== undefined) {
      mapped[field] = column;
      taken.add(column);
    }
  }
  return mapped;
}

/** Drops undefined values so records compare and serialise without empty keys. */
export function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}

/**
 * Runs each row's cells (by field, '' when the column is absent) through a zod schema whose issue
 * messages are message keys; invalid rows become PartnerFileErrors naming the file's own column.
 */
export function* validRows<F extends string, T>(
  table: Table,
  columns: Partial<Record<F, string>>,
  fields: readonly F[],
  schema: z.ZodType<T, Record<F, string>>,
  errors: ErrorList,
): Generator<{ line: number; data: T }> {
  for (const row of table.rows) {
    const cell = (field: F): string => {
      const column = columns[field];
      return column === undefined ? '' : (row.values[column] ?? '');
    };
    const parsed = schema.safeParse(Object.fromEntries(fields.map((f) => [f, cell(f)])));
    if (parsed.success) {
      yield { line: row.line, data: parsed.data };
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as F;
      errors.add(new PartnerFileError({ file: table.file, line: row.line, unit: table.unit, field: columns[field] ?? field }, issue.message, [cell(field)]));
    }
  }
}

/** Fails the file when a required field has no column, naming what the file does have and an example header. */
export function requireColumns<F extends string>(table: Table, columns: Partial<Record<F, string>>, required: readonly F[], header: Readonly<Record<F, string>>, example: string): void {
  const missing = required.filter((f) => columns[f] === undefined).map((f) => header[f]);
  if (missing.length > 0) {
    throw new PartnerFileError({ file: table.file }, 'error.MissingColumns', [missing.join(' and '), table.columns.join(', ') || '-'], [example]);
  }
}
