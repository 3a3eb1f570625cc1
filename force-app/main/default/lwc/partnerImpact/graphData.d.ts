// Types of graphData.js for the node test that runs the component's query against the local org.
import type { ImpactData } from '../partnerImpactMetrics/partnerImpactMetrics.js';

export declare function toImpactData(result: unknown): { data: ImpactData; configuredModel: string | null; truncated: boolean };
