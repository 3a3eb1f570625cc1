// Seeded fault injection, so tests can prove the sync layer survives what real orgs do under load: 429 and 503
// answers, the daily request limit, row-lock contention (whole requests or single records inside composite and
// bulk results), slow responses and dropped connections. Same seed, same faults.
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { z } from 'zod';

export const FAULT_KINDS = ['http429', 'http503', 'requestLimit', 'lockRow', 'latency', 'drop', 'apiDisabled'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultPlanSchema = z.object({
  /** Probability that a request (and, for lockRow, a record in a multi-record write) fails. */
  rate: z.number().min(0).max(1),
  seed: z.number().int().default(1),
  kinds: z.array(z.enum(FAULT_KINDS)).min(1),
  latencyMs: z.number().int().min(0).default(250),
  /** Stop after this many faults (e.g. 1 to fail exactly the next request). */
  maxFaults: z.number().int().positive().optional(),
  /** Only requests whose path matches this regular expression. */
  pathPattern: z.string().optional(),
});
export type FaultPlan = z.input<typeof faultPlanSchema>;

export class FaultController {
  private plan: z.output<typeof faultPlanSchema> | undefined;
  private rng: RandomGenerator = xoroshiro128plus(1);
  private pattern: RegExp | undefined;
  private count = 0;
  public readonly injected: Record<FaultKind, number> = { http429: 0, http503: 0, requestLimit: 0, lockRow: 0, latency: 0, drop: 0, apiDisabled: 0 };

  public constructor(plan?: FaultPlan) {
    if (plan) this.set(plan);
  }

  /** Parses PARTNERLENS_FAULTS (a JSON FaultPlan); undefined when unset. */
  public static fromEnv(value: string | undefined): FaultPlan | undefined {
    if (!value) return undefined;
    return faultPlanSchema.parse(JSON.parse(value));
  }

  public set(plan: FaultPlan): void {
    this.plan = faultPlanSchema.parse(plan);
    this.rng = xoroshiro128plus(this.plan.seed);
    this.pattern = this.plan.pathPattern ? new RegExp(this.plan.pathPattern) : undefined;
    this.count = 0;
    for (const k of FAULT_KINDS) this.injected[k] = 0;
  }

  public clear(): void {
    this.plan = undefined;
  }

  public get latencyMs(): number {
    return this.plan?.latencyMs ?? 0;
  }

  private chance(): number {
    return unsafeUniformIntDistribution(0, 0x7fffffff, this.rng) / 0x80000000;
  }

  private budgetLeft(): boolean {
    return !this.plan?.maxFaults || this.count < this.plan.maxFaults;
  }

  /** The fault for this request, if any. lockRow applies to single-record writes only; bulk and collections use lockRecord. */
  public draw(path: string, singleWrite: boolean): FaultKind | undefined {
    const plan = this.plan;
    if (!plan || !this.budgetLeft() || (this.pattern && !this.pattern.test(path))) return undefined;
    if (this.chance() >= plan.rate) return undefined;
    const kind = plan.kinds[unsafeUniformIntDistribution(0, plan.kinds.length - 1, this.rng)]!;
    if (kind === 'lockRow' && !singleWrite) return undefined;
    this.count++;
    this.injected[kind]++;
    return kind;
  }

  /** Whether one record of a multi-record write fails with UNABLE_TO_LOCK_ROW. */
  public lockRecord(path: string): boolean {
    const plan = this.plan;
    if (!plan || !plan.kinds.includes('lockRow') || !this.budgetLeft() || (this.pattern && !this.pattern.test(path))) return false;
    if (this.chance() >= plan.rate) return false;
    this.count++;
    this.injected.lockRow++;
    return true;
  }
}
