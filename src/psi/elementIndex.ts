// Finds 32-byte group elements in a list without a string per element: a Map from a 48-bit prefix to
// the position, with a full comparison on every hit (a prefix collision is rare, not impossible).
import { PsiError } from './errors.js';
import { POINT_BYTES } from './kernel.js';

const LOW_ORDER_HEX = [
  '00',
  '01',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];
/** The low-order points of curve25519 (u = 0 is the identity's image) in canonical encoding. */
const LOW_ORDER = LOW_ORDER_HEX.map((hex) => new Uint8Array(Buffer.from(hex.padEnd(64, '0'), 'hex')));

function prefix(bytes: Uint8Array, index: number): number {
  const at = index * POINT_BYTES;
  return (bytes[at] as number) + (bytes[at + 1] as number) * 2 ** 8 + (bytes[at + 2] as number) * 2 ** 16 + (bytes[at + 3] as number) * 2 ** 24 + (bytes[at + 4] as number) * 2 ** 32 + (bytes[at + 5] as number) * 2 ** 40;
}

function same(a: Uint8Array, i: number, b: Uint8Array, j: number): boolean {
  const x = i * POINT_BYTES;
  const y = j * POINT_BYTES;
  for (let k = 0; k < POINT_BYTES; k++) if (a[x + k] !== b[y + k]) return false;
  return true;
}

const LOW_ORDER_PREFIXES = new Map(LOW_ORDER.map((p) => [prefix(p, 0), p]));

export class ElementIndex {
  private readonly first = new Map<number, number>();
  private readonly collisions = new Map<number, number[]>();
  public readonly size: number;

  /** Refuses low-order elements and repeats: inputs are deduplicated, so a repeat means tampering or a replay. */
  public constructor(
    private readonly bytes: Uint8Array,
    what: string,
  ) {
    this.size = bytes.byteLength / POINT_BYTES;
    for (let i = 0; i < this.size; i++) {
      const key = prefix(bytes, i);
      const low = LOW_ORDER_PREFIXES.get(key);
      if (low !== undefined && same(bytes, i, low, 0)) throw new PsiError('BadElement', [i, what, 'it is the identity or a low-order point']);
      if (this.find(bytes, i) !== undefined) throw new PsiError('DuplicateElement', [what, i]);
      if (!this.first.has(key)) this.first.set(key, i);
      else this.collisions.set(key, [...(this.collisions.get(key) ?? []), i]);
    }
  }

  /** The position in this list of element j of `other`, if it is there. */
  public find(other: Uint8Array, j: number): number | undefined {
    const key = prefix(other, j);
    const i = this.first.get(key);
    if (i === undefined) return undefined;
    if (same(this.bytes, i, other, j)) return i;
    return this.collisions.get(key)?.find((c) => same(this.bytes, c, other, j));
  }
}

/** Refuses a list with a low-order element or a repeat (see ElementIndex). */
export function checkElements(bytes: Uint8Array, what: string): void {
  new ElementIndex(bytes, what);
}
