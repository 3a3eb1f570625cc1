// HTTP plumbing both embedded servers (the local org and the preview) share: request targets parsed as paths,
// bodies read with a size limit, and the Host check that keeps DNS-rebinding pages out.
import type { IncomingMessage } from 'node:http';

export interface RequestTarget {
  /** The path with runs of "/" collapsed and no trailing "/", still percent-encoded: `//services/data/` is `/services/data`. */
  path: string;
  /** The decoded path segments after the leading "/". */
  segments: string[];
  query: URLSearchParams;
  /** The query string with its "?", or "". */
  search: string;
}

/**
 * Parses a request target as a path, never as a URL: `new URL('//host/x', base)` would read `host` as a host name.
 * Undefined for anything that is not an origin-form path or does not percent-decode (answer 400).
 */
export function parseTarget(raw: string | undefined): RequestTarget | undefined {
  if (!raw || !raw.startsWith('/')) return undefined;
  const q = raw.indexOf('?');
  const rawPath = q === -1 ? raw : raw.slice(0, q);
  const search = q === -1 ? '' : raw.slice(q);
  const path = rawPath.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  const segments: string[] = [];
  try {
    for (const s of path.split('/').slice(1)) segments.push(decodeURIComponent(s));
    decodeURIComponent(search.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
  return { path, segments, query: new URLSearchParams(search), search };
}

export class BodyTooLarge extends Error {
  public constructor(public readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/**
 * Reads at most `limit` bytes: a declared Content-Length over it is refused before one byte is read, a chunked body
 * that grows past it as soon as it does.
 */
export async function readLimitedBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** True when the Host header names this server's own loopback address and port (not a rebound DNS name). */
export function isOwnHost(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}
