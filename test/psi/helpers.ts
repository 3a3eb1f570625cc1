import type { Population } from '../../src/schema/dataModel.js';
import { POPULATIONS, type PsiParty, type PsiPolicy, type PsiRecord } from '../../src/psi/protocol.js';

export const openPolicy: PsiPolicy = { sharingLevel: 'All records', minSetSize: 1, maxSetSize: 100_000, minCellSize: 1 };

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TwoSets {
  ours: PsiRecord[];
  theirs: PsiRecord[];
  /** Keys both sides hold. */
  common: Set<string>;
}

/**
 * Two record sets with a known intersection: `shared` common keys, the rest unique to each side; some keys
 * carry several records in different populations, with owner attributes.
 */
export function twoSets(seed: number, onlyOurs: number, onlyTheirs: number, shared: number): TwoSets {
  const rnd = seeded(seed);
  const population = (): Population => POPULATIONS[Math.floor(rnd() * POPULATIONS.length)] as Population;
  const records = (side: string, keys: string[]): PsiRecord[] =>
    keys.flatMap((key, i) => {
      const first: PsiRecord = { key, population: population(), recordId: `${side}-${i}`, companyName: `${side} name ${key}`, ownerName: `${side} owner ${i}`, ownerEmail: `owner${i}@${side}.example`, opportunityStage: 'Prospecting' };
      return rnd() < 0.2 ? [first, { ...first, recordId: `${side}-${i}b`, population: population() }] : [first];
    });
  const common = Array.from({ length: shared }, (_, i) => `shared-${seed}-${i}.com`);
  const ourKeys = [...common, ...Array.from({ length: onlyOurs }, (_, i) => `ours-${seed}-${i}.co.uk`)];
  const theirKeys = [...Array.from({ length: onlyTheirs }, (_, i) => `theirs-${seed}-${i}.de`), ...common];
  return { ours: records('we', ourKeys), theirs: records('they', theirKeys), common: new Set(common) };
}

export function party(partner: string, records: PsiRecord[], policy: Partial<PsiPolicy> = {}): PsiParty {
  return { partner, keyKind: 'domain', records, policy: { ...openPolicy, ...policy } };
}
