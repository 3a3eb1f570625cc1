import { Messages, SfError } from '@salesforce/core';
import { BudgetExceededError } from './budget.js';
import { errorCodeOf } from './retry.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'org');

export type OrgErrorData = {
  /** Salesforce's errorCode (INVALID_FIELD, MALFORMED_QUERY, ...) or the transport's (ECONNREFUSED). */
  errorCode: string;
  /** The fields the org named, when it named any. */
  fields: string[];
  /** The HTTP status, where the response gave one (composite subrequests do). */
  status?: number;
  /** The request that failed: method and path, never its query string's token or body. */
  request: string;
  soql?: string;
};

/** Codes with a fix we can name; any other code keeps the org's own message only. */
const ACTION_CODES = new Set(['INVALID_SESSION_ID', 'REQUEST_LIMIT_EXCEEDED', 'INVALID_FIELD', 'INVALID_TYPE', 'MALFORMED_QUERY', 'ECONNREFUSED']);

/**
 * What the org client throws for a failed call (after its retries): one SfError with the org's errorCode,
 * fields and status, named by the errorCode as jsforce names its errors, exit code 1.
 */
export class OrgError extends SfError<OrgErrorData> {
  public readonly errorCode: string;
  public readonly fields: string[];
  public readonly status?: number;

  public constructor(message: string, data: OrgErrorData, cause?: unknown) {
    const code = data.errorCode;
    const actions = ACTION_CODES.has(code) ? messages.getMessages(`error.org.${code}.actions`) : undefined;
    super(message, code, actions, 1, cause);
    this.errorCode = code;
    this.fields = data.fields;
    this.status = data.status;
    this.data = data;
  }

  /** Wraps what jsforce or fetch threw; an OrgError or the budget guard's stop passes through unchanged. */
  public static from(error: unknown, request: string): OrgError | BudgetExceededError {
    if (error instanceof OrgError || error instanceof BudgetExceededError) return error;
    const e = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; data?: unknown };
    const code = errorCodeOf(error) ?? 'UNKNOWN';
    const detail = Array.isArray(e.data) ? (e.data[0] as { fields?: unknown } | undefined) : undefined;
    const fields = Array.isArray(detail?.fields) ? detail.fields.filter((f): f is string => typeof f === 'string') : [];
    const text = typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
    return new OrgError(messages.getMessage('error.org', [request, code, text]), { errorCode: code, fields, request }, error);
  }
}
