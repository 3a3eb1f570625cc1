// Finds 32-byte group elements in a list without a string or a Map entry per element: an open-addressing
// table in one Int32Array, addressed by a keyed hash of the whole element, with a full comparison on every
// candidate. At a million elements this is several times faster than a Map and makes no garbage (the exchange
// builds five of them per side).
import { randomFillSync } from 'node:crypto';
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

function same(a: Uint8Array, i: number, b: Uint8Array, j: number): boolean {
  const x = i * POINT_BYTES;
  const y = j * POINT_BYTES;
  for (let k = 0; k < POINT_BYTES; k++) if (a[x + k] !== b[y + k]) return false;
  return true;
}


/**
 * Odd multipliers drawn once per process. The partner chooses the bytes of the lists it sends: addressed by
 * their first 32 bits, a million elements crafted to share them would all probe one run of slots (a quadratic
 * index, hours of CPU). Hashed with multipliers it cannot know, any list it picks spreads like a random one.
 */
const MULTIPLIERS = randomFillSync(new Uint32Array(POINT_BYTES / 4)).map((m) => m | 1);

/** Multiply-shift hash of element `index`'s eight words: its top `bits` bits. */
function slotOf(view: DataView, index: number, bits: number): number {
  const at = index * POINT_BYTES;
  let h = 0;
  for (let k = 0; k < POINT_BYTES / 4; k++) h = (h + Math.imul(view.getUint32(at + 4 * k, true), MULTIPLIERS[k] as number)) | 0;
  return h >>> (32 - bits);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The low-order points' first words: only an element starting with one is compared with them in full. */
const LOW_ORDER_WORDS = LOW_ORDER.map((p) => viewOf(p).getUint32(0, true));

export class ElementIndex {
  /** Slot -> element position + 1 (0: empty); linear probing from the element's hashed slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly bits: number;
  public readonly size: number;
  /** The most slots one insert has probed: a diagnostic that stays small for any input. */
  public longestProbe = 0;

  /** Refuses low-order elements and repeats: inputs are deduplicated, so a repeat means tampering or a replay. */
  public constructor(
    private readonly bytes: Uint8Array,
    what: string,
  ) {
    this.size = bytes.byteLength / POINT_BYTES;
    this.bits = 4;
    while (1 << this.bits < 2 * this.size) this.bits++;
    this.slots = new Int32Array(1 << this.bits);
    this.mask = (1 << this.bits) - 1;
    const view = viewOf(bytes);
    for (let i = 0; i < this.size; i++) {
      const low = LOW_ORDER_WORDS.indexOf(view.getUint32(i * POINT_BYTES, true));
      if (low >= 0 && same(bytes, i, LOW_ORDER[low] as Uint8Array, 0)) throw new PsiError('BadElement', [i, what, 'it is the identity or a low-order point']);
      let slot = slotOf(view, i, this.bits);
      let probes = 1;
      for (;;) {
        const held = this.slots[slot] as number;
        if (held === 0) break;
        if (same(bytes, held - 1, bytes, i)) throw new PsiError('DuplicateElement', [what, i]);
        slot = (slot + 1) & this.mask;
        probes++;
      }
      if (probes > this.longestProbe) this.longestProbe = probes;
      this.slots[slot] = i + 1;
    }
  }

  /** The position in this list of element j of `other`, if it is there. */
  public find(other: Uint8Array, j: number, view: DataView = viewOf(other)): number | undefined {
    let slot = slotOf(view, j, this.bits);
    for (;;) {
      const held = this.slots[slot] as number;
      if (held === 0) return undefined;
      if (same(this.bytes, held - 1, other, j)) return held - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** Refuses a list with a low-order element or a repeat (see ElementIndex). */
export function checkElements(bytes: Uint8Array, what: string): void {
  new ElementIndex(bytes, what);
}
