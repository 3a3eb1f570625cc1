// Types of coSellScore.js for TypeScript callers (src/impact/coSell.ts). Not deployed (.forceignore **/*.ts).
import type { ImpactReport, Lift } from '../partnerImpactMetrics/partnerImpactMetrics';

export declare const DEFAULT_MIN_SHARED_CLOSED: number;
export declare const SIGNAL_HALF_LIFE_DAYS: number;
export declare const SIGNAL_BOOST: number;
export declare const POPULATION_WEIGHTS: Readonly<Record<string, number>>;
export declare const SPEED_BOUNDS: readonly [number, number];
export declare const REASON_TEXT: Readonly<Record<string, string>>;

export interface CoSellDealInput {
  id: string;
  name?: string | null;
  accountId: string | null;
  amount: number | null;
  isClosed?: boolean;
}

export interface CoSellOverlapInput {
  id?: string | null;
  partnerId: string;
  partnerName?: string | null;
  accountId: string | null;
  partnerPopulation: string | null;
  active?: boolean;
  disputed?: boolean;
  /** The partner's own account owner (Partner_Owner_Name__c): only there when the sharing level allows. */
  partnerOwnerName?: string | null;
  /** Our partner manager: the Partner__c record's owner, who gets the intro Task. */
  partnerManagerId?: string | null;
  partnerManagerName?: string | null;
}

export interface CoSellSignalInput {
  id: string;
  partnerId: string;
  accountId: string | null;
  opportunityId: string | null;
  kind: string;
  status: string;
  /** ISO date-time (Detected_At__c). */
  detectedAt: string | null;
}

export interface CoSellInput {
  /** computeImpact's report over the org's deals: per-partner and overall lift. */
  impact: Pick<ImpactReport, 'partners' | 'overall'>;
  deals: CoSellDealInput[];
  overlaps: CoSellOverlapInput[];
  signals?: CoSellSignalInput[];
}

export interface CoSellOptions {
  /** Epoch ms: signal ages are counted from here. */
  now: number;
  /** Shared closed deals a partner needs before its own lift is used; default 5. */
  minSharedClosed?: number;
}

export interface CoSellReason {
  key: string;
  /** Filled into the key's text; a reason as an argument is described first (a signal's age; a rate, key 'percent'). */
  args: (string | number | CoSellReason)[];
}

export type LiftBasisKind = 'partner' | 'prior' | 'none';

export interface CoSellPartner {
  partnerId: string;
  partnerName: string;
  overlapId: string | null;
  population: string | null;
  partnerOwnerName: string | null;
  partnerManagerId: string | null;
  partnerManagerName: string | null;
  basis: LiftBasisKind;
  sharedClosed: number;
  winRateWith: number | null;
  winRateWithout: number | null;
  factors: { amount: number; lift: number; speed: number; population: number; recency: number };
  score: number;
  reasons: CoSellReason[];
  openSignalIds: string[];
  introRequested: boolean;
  dismissed: boolean;
}

export interface CoSellDeal {
  opportunityId: string;
  name: string;
  accountId: string | null;
  amount: number | null;
  score: number;
  dismissed: boolean;
  partners: CoSellPartner[];
}

export declare function liftBasis(
  impact: Pick<ImpactReport, 'partners' | 'overall'>,
  partnerId: string,
  minShared?: number,
): { basis: LiftBasisKind; lift: Lift | null; sharedClosed: number };
export declare function describeReason(reason: CoSellReason, templates?: Readonly<Record<string, string>>, formatPercent?: (rate: number) => string): string;
export declare function describeReasons(reasons: readonly CoSellReason[], templates?: Readonly<Record<string, string>>, formatPercent?: (rate: number) => string): string;
export declare function rankCoSell(input: CoSellInput, options: CoSellOptions): CoSellDeal[];
