import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock: a captured request cannot be replayed later than this. */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** Hex HMAC-SHA256 of "timestamp.body" with the partner's secret: what a partner's system sends as X-PartnerLens-Signature. */
export function signIntakeRequest(secret: string, timestamp: number | string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Constant-time check of a signature header (hex, optionally "sha256=" prefixed). */
export function signatureMatches(secret: string, timestamp: string, body: string, header: string): boolean {
  const given = Buffer.from(header.replace(/^sha256=/, ''), 'hex');
  const expected = Buffer.from(signIntakeRequest(secret, timestamp, body), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
