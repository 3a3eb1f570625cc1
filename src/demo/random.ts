import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/** A seeded random source: the same seed gives the same demo data on every machine. */
export class Random {
  private readonly rng: RandomGenerator;

  public constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** An integer in [min, max], both included. */
  public int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.rng);
  }

  /** A float in [0, 1). */
  public float(): number {
    return unsafeUniformIntDistribution(0, 0x3fffffff, this.rng) / 0x40000000;
  }

  public chance(probability: number): boolean {
    return this.float() < probability;
  }

  public pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** A new array with the items in random order (Fisher-Yates). */
  public shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** k distinct items in random order without copying a large list (Floyd's sampling, then a shuffle of the k). */
  public sample<T>(items: readonly T[], k: number): T[] {
    if (k >= items.length) return this.shuffle(items);
    const chosen = new Set<number>();
    for (let j = items.length - k; j < items.length; j++) {
      const t = this.int(0, j);
      chosen.add(chosen.has(t) ? j : t);
    }
    return this.shuffle([...chosen].map((i) => items[i] as T));
  }
}
