// The per-element work of the exchange, run inside worker threads (see pool.ts) or in-process.
// Self-contained on purpose (imports only sodium): pool.ts may load it into a worker from source.
import { sodium } from './sodium.js';

export const POINT_BYTES = 32;
const P = (1n << 255n) - 19n;
const MASK64 = (1n << 64n) - 1n;
/** Elements converted per batch inversion: one modular inverse per batch instead of one per element. */
const BATCH = 2048;

// The views are made once per range, not per element: a DataView per call was a tenth of the conversion.
function readField(v: DataView, offset: number): bigint {
  return v.getBigUint64(offset, true) | (v.getBigUint64(offset + 8, true) << 64n) | (v.getBigUint64(offset + 16, true) << 128n) | ((v.getBigUint64(offset + 24, true) & 0x7fffffffffffffffn) << 192n);
}

function writeField(v: DataView, offset: number, x: bigint): void {
  v.setBigUint64(offset, x & MASK64, true);
  v.setBigUint64(offset + 8, (x >> 64n) & MASK64, true);
  v.setBigUint64(offset + 16, (x >> 128n) & MASK64, true);
  v.setBigUint64(offset + 24, x >> 192n, true);
}

function invert(x: bigint): bigint {
  let result = 1n;
  let base = x;
  for (let e = P - 2n; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * base) % P;
    base = (base * base) % P;
  }
  return result;
}

export class PsiElementError extends Error {
  public constructor(
    message: string,
    public readonly index: number,
  ) {
    super(message);
    this.name = 'PsiElementError';
  }
}

/** 2^255-19 and above are non-canonical encodings of the same u (X25519 would reduce them silently). */
function isCanonical(bytes: Uint8Array, offset: number): boolean {
  if ((bytes[offset + 31] ?? 0) > 0x7f) return false;
  if (bytes[offset + 31] !== 0x7f || (bytes[offset] ?? 0) < 0xed) return true;
  for (let k = 1; k < 31; k++) if (bytes[offset + k] !== 0xff) return true;
  return false;
}

/**
 * keys[offsets[i]..offsets[i+1]) -> map(BLAKE2b_domainKey(key)) into out[i*32..], for i in [from, to): the
 * unblinded group element. The map is Elligator 2 onto edwards25519 with the cofactor cleared (libsodium's
 * crypto_core_ed25519_from_uniform), then the birational map u = (1+y)/(1-y) to the Montgomery u that X25519
 * takes, so every element lands in the prime-order group (a raw hash used as u lands on the twist half the
 * time, and whether it did would survive blinding: a bit about each input).
 */
export function hashToGroupRange(keys: Uint8Array, offsets: Uint32Array, domainKey: Uint8Array, out: Uint8Array, from: number, to: number): void {
  const digest = new Uint8Array(POINT_BYTES);
  const edwards = new Uint8Array(POINT_BYTES);
  const edwardsView = new DataView(edwards.buffer);
  const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const num: bigint[] = new Array<bigint>(BATCH);
  const den: bigint[] = new Array<bigint>(BATCH);
  const prefix: bigint[] = new Array<bigint>(BATCH);
  for (let start = from; start < to; start += BATCH) {
    const count = Math.min(BATCH, to - start);
    let product = 1n;
    for (let k = 0; k < count; k++) {
      const i = start + k;
      sodium.crypto_generichash(digest, keys.subarray(offsets[i] ?? 0, offsets[i + 1] ?? 0), domainKey);
      sodium.crypto_core_ed25519_from_uniform(edwards, digest);
      // y < p (libsodium encodes canonically), so each sum needs at most one subtraction, not a division
      const y = readField(edwardsView, 0);
      const plus = 1n + y;
      const minus = P + 1n - y;
      num[k] = plus >= P ? plus - P : plus;
      den[k] = minus >= P ? minus - P : minus;
      prefix[k] = product;
      product = (product * (den[k] as bigint)) % P;
    }
    // y = 1 is the identity point: unreachable from a hash in practice, but never divide by zero silently
    if (product === 0n) throw new PsiElementError('A key hashed to the identity point.', start);
    let inverse = invert(product);
    for (let k = count - 1; k >= 0; k--) {
      const denInverse = (inverse * (prefix[k] as bigint)) % P;
      inverse = (inverse * (den[k] as bigint)) % P;
      writeField(outView, (start + k) * POINT_BYTES, ((num[k] as bigint) * denInverse) % P);
    }
  }
}

/** hashToGroupRange, then X25519(scalar, .) in place: the first blinding of our own keys. */
export function hashBlindRange(keys: Uint8Array, offsets: Uint32Array, domainKey: Uint8Array, scalar: Uint8Array, out: Uint8Array, from: number, to: number): void {
  hashToGroupRange(keys, offsets, domainKey, out, from, to);
  blindRange(out, scalar, out, from, to);
}

/** out[i] = X25519(scalar, points[i]) for i in [from, to); rejects non-canonical and low-order (identity) elements. */
export function blindRange(points: Uint8Array, scalar: Uint8Array, out: Uint8Array, from: number, to: number): void {
  const u = new Uint8Array(POINT_BYTES);
  for (let i = from; i < to; i++) {
    const offset = i * POINT_BYTES;
    if (!isCanonical(points, offset)) throw new PsiElementError(`Element ${i} is not a canonical curve25519 encoding.`, i);
    u.set(points.subarray(offset, offset + POINT_BYTES));
    try {
      sodium.crypto_scalarmult(out.subarray(offset, offset + POINT_BYTES), scalar, u);
    } catch {
      throw new PsiElementError(`Element ${i} is the identity or a low-order point.`, i);
    }
  }
}
