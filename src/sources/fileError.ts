import { Messages, SfError } from '@salesforce/core';

Messages.importMessagesDirectory(__dirname);
/** The sources' bundle (messages/sources.md): file errors and the export's errors. */
export const sourceMessages = Messages.loadMessages('partnerlens', 'sources');

/** What a message template can be filled with. */
export type MessageToken = string | number | boolean | null | undefined;

export interface FileErrorLocation {
  file: string;
  /** 1-based line of a CSV row (its first line when a quoted field spans several), or record number in JSON. */
  line?: number;
  /** 'record' for JSON files, where rows have no line of their own. */
  unit?: 'line' | 'record';
  /** The column as the file names it. */
  field?: string;
}

/**
 * A problem in a file a partner gave us (or one we give them), saying where and how to fix it:
 * "partners/acme.csv line 14, field population: 'Custmer' is not a population. Use one of ...".
 */
export class PartnerFileError extends SfError<{ file: string; line?: number; field?: string }> {
  public readonly file: string;
  public readonly line?: number;
  public readonly field?: string;
  public readonly action: string;

  public constructor(where: FileErrorLocation, key: string, tokens: readonly MessageToken[] = [], actionTokens: readonly MessageToken[] = []) {
    const problem = sourceMessages.getMessage(key, [...tokens]);
    const action = sourceMessages.getMessages(`${key}.actions`, [...actionTokens]).join(' ');
    super(`${describeLocation(where)}: ${problem} ${action}`, 'PartnerFileError', [action], 1);
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
    this.action = action;
    this.data = { file: where.file, line: where.line, field: where.field };
  }
}

export function isPartnerFileError(error: unknown): error is PartnerFileError {
  return error instanceof PartnerFileError;
}

function describeLocation({ file, line, field, unit = 'line' }: FileErrorLocation): string {
  if (line !== undefined && field !== undefined) return sourceMessages.getMessage(`location.${unit}Field`, [file, line, field]);
  if (line !== undefined) return sourceMessages.getMessage(`location.${unit}`, [file, line]);
  if (field !== undefined) return sourceMessages.getMessage('location.field', [file, field]);
  return file;
}

/** Row errors collected up to a cap (a broken export must not flood the report), counted past it. */
export class ErrorList {
  public readonly errors: PartnerFileError[] = [];
  public count = 0;
  public constructor(private readonly max: number) {}
  public add(error: PartnerFileError): void {
    this.count++;
    if (this.errors.length < this.max) this.errors.push(error);
  }
}
