// Raw HTTP for tests that must send what fetch would normalise away: exact request targets, foreign Host headers,
// a declared Content-Length with no body behind it.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Send the headers only and wait for the answer (for a declared body that never comes). */
  headersOnly?: boolean;
}

export function rawRequest(baseUrl: string, target: string, req: RawRequest = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    // An explicit length: Node sends DELETE bodies unframed otherwise.
    const headers = req.body === undefined ? req.headers : { 'Content-Length': String(Buffer.byteLength(req.body)), ...req.headers };
    const r = http.request({ hostname, port, path: target, method: req.method ?? 'GET', headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    r.on('error', reject);
    if (req.headersOnly) r.flushHeaders();
    else r.end(req.body);
  });
}
