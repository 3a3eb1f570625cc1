// Salesforce record ids: 15 case-sensitive base-62 characters (3-character key prefix, then a counter), plus a
// 3-character suffix that encodes which of the 15 are upper-case so case-insensitive tools can tell ids apart.

import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** The 3-character checksum suffix of a 15-character id. */
export function idSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX[bits];
  }
  return out;
}

/** An 18-character id for a 15- or 18-character one; undefined when it is not a well-formed id. */
export function toId18(id: string): string | undefined {
  if (!ID_PATTERN.test(id)) return undefined;
  const id15 = id.slice(0, 15);
  const full = id15 + idSuffix(id15);
  return id.length === 18 && id.toUpperCase() !== full.toUpperCase() ? undefined : full;
}

/** The id of the n-th record with this key prefix: prefix + pod "5g" + "0" + 9-digit base-62 counter. */
export function makeId(keyPrefix: string, n: number): string {
  let digits = '';
  let v = n;
  for (let i = 0; i < 9; i++) {
    digits = BASE62[v % 62] + digits;
    v = Math.floor(v / 62);
  }
  const id15 = `${keyPrefix}5g0${digits}`;
  return id15 + idSuffix(id15);
}

/** A random 15-character id with its suffix: an org id (00D) no other local org shares. */
export function randomId(keyPrefix: string): string {
  const id15 = keyPrefix + Array.from(randomBytes(12), (b) => BASE62[b % 62]).join('');
  return id15 + idSuffix(id15);
}

/** Key prefixes for custom objects, in order: a01, a02, ... a0z, a10, ... */
export function customKeyPrefix(index: number): string {
  const n = index + 1;
  return `a${BASE62[Math.floor(n / 62) % 62]}${BASE62[n % 62]}`;
}
