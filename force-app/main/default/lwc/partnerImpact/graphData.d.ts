// Types of graphData.js for the node tests that run the component's query and paging against the local org.
import type { ImpactData } from '../partnerImpactMetrics/partnerImpactMetrics.js';

export interface ImpactRead {
  data: ImpactData;
  configuredModel: string | null;
  truncated: boolean;
}

export type PagedKind = 'Partner__c' | 'Opportunity' | 'Partner_Overlap__c' | 'Lead';

export declare const PAGED_KINDS: Readonly<Record<PagedKind, string>>;
export declare const PAGE_SIZE: number;
export declare const MAX_RECORDS: number;
export declare const UPPER_BOUND: number;

export declare function toImpactData(result: unknown): ImpactRead;

export declare class ImpactPages {
  constructor(maxRecords?: number);
  readonly maxRecords: number;
  /** Answers taken so far. */
  readonly pages: number;
  readonly variables: Record<string, string | null>;
  readonly complete: boolean;
  readonly truncated: boolean;
  readonly counts: Record<PagedKind, number>;
  add(result: unknown): boolean;
  toImpactData(): ImpactRead;
}
