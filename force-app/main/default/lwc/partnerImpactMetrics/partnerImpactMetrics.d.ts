// Types of partnerImpactMetrics.js for TypeScript callers (src/impact). Not deployed (.forceignore **/*.ts).

export type AttributionModel = 'Recorded' | 'First touch' | 'Last touch' | 'Even split';

export declare const MODELS: readonly AttributionModel[];
export declare const DEFAULT_MODEL: AttributionModel;
export declare const POPULATIONS: readonly string[];

export interface ImpactPartner {
  id: string;
  name: string;
}

export interface ImpactOpportunity {
  id: string;
  accountId: string | null;
  /** null when the deal has no amount: it still counts as a deal, for win rate and cycle. */
  amount: number | null;
  /** CurrencyIsoCode in a multi-currency org; null otherwise. */
  currency: string | null;
  isClosed: boolean;
  isWon: boolean;
  /** ISO date-time or date; the sales cycle runs from its day to CloseDate. */
  createdDate: string;
  /** YYYY-MM-DD */
  closeDate: string;
  sourcePartnerId: string | null;
}

export interface ImpactTouch {
  id: string;
  opportunityId: string;
  partnerId: string;
  role: string | null;
  /** Attribution_Percent__c: 25 means 25%. */
  percent: number | null;
  touchDate: string | null;
  createdDate: string | null;
}

export interface ImpactOverlap {
  partnerId: string;
  accountId: string | null;
  leadId: string | null;
  ourPopulation: string | null;
  partnerPopulation: string | null;
  active: boolean;
  disputed: boolean;
}

export interface ImpactLead {
  id: string;
  partnerSourced: boolean;
  sourcePartnerId: string | null;
  isConverted: boolean;
  createdDate: string;
}

export interface ImpactData {
  partners: ImpactPartner[];
  opportunities: ImpactOpportunity[];
  influences: ImpactTouch[];
  overlaps: ImpactOverlap[];
  leads: ImpactLead[];
}

export interface ImpactOptions {
  /** Inclusive YYYY-MM-DD bounds; opportunities by CloseDate, leads by CreatedDate. */
  from?: string | null;
  to?: string | null;
  partnerId?: string | null;
  model?: AttributionModel;
  /** Salesforce CurrencyType.ConversionRate per ISO code (units per one corporate unit). */
  conversionRates?: Record<string, number> | null;
  corporateCurrency?: string | null;
}

export interface MoneyBucket {
  pipeline: number;
  revenue: number;
  deals: number;
  won: number;
}

export interface Outcome {
  deals: number;
  closed: number;
  won: number;
  winRate: number | null;
  avgCycleDays: number | null;
}

export interface Lift {
  withPartner: Outcome;
  withoutPartner: Outcome;
  winRateLift: number | null;
  cycleDaysDelta: number | null;
}

export interface Conversion {
  leads: number;
  converted: number;
  rate: number | null;
}

export interface Potential {
  pipeline: number;
  deals: number;
}

export interface PartnerImpact {
  partnerId: string;
  name: string;
  sourced: MoneyBucket;
  influenced: MoneyBucket;
  /** Deals with partner: opportunities in the period the partner sourced or touched (an overlap alone does not count). */
  deals: number;
  lift: Lift;
  leads: Conversion;
  /** Keys are "<our population>|<partner population>". */
  overlaps: { total: number; pairs: Record<string, number> };
  potential: Potential;
}

export interface ImpactReport {
  model: AttributionModel;
  from: string | null;
  to: string | null;
  partnerId: string | null;
  currency: string | null;
  overall: {
    deals: number;
    dealsWithoutAmount: number;
    /** Opportunities in the period sourced or touched by any partner of the report. */
    partnerDeals: number;
    sourced: MoneyBucket;
    influenced: MoneyBucket;
    lift: Lift;
    leads: { partnerSourced: Conversion; ordinary: Conversion; all: Conversion };
    potential: Potential;
  };
  partners: PartnerImpact[];
}

export declare class ImpactError extends Error {
  readonly code: 'UNKNOWN_MODEL' | 'MIXED_CURRENCY';
  readonly data: unknown;
}

export declare function isModel(value: unknown): value is AttributionModel;
export declare function attribute(touches: readonly ImpactTouch[], model: AttributionModel): Map<string, number>;
export declare function computeImpact(data: ImpactData, options?: ImpactOptions): ImpactReport;
