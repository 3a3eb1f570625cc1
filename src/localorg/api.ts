// The request/response shape the local org's routes share, independent of node:http so composite subrequests
// can be dispatched in-process.
import { ApiError } from './errors.js';

export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. /services/data/v62.0/query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  /** Parsed JSON for JSON bodies, text otherwise (CSV, form data). */
  body: unknown;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; or text with a content type in headers. */
  body?: unknown;
  text?: string;
}

export const json = (status: number, body?: unknown, headers?: Record<string, string>): ApiResponse => ({ status, body, headers });

export function errorResponse(e: ApiError): ApiResponse {
  return json(e.status, e.toBody());
}

/** An object-shaped JSON body, or a JSON_PARSER_ERROR like Salesforce answers for anything else. */
export function objectBody(req: ApiRequest): Record<string, unknown> {
  const b = req.body;
  if (b && typeof b === 'object' && !Array.isArray(b)) return b as Record<string, unknown>;
  throw new ApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object.');
}
