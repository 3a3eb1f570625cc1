// The `partnerlens report` use case: read the org, pick the model, resolve the partner, compute.
import type { OrgClient } from '../org/client.js';
import { DEFAULT_MODEL, computeImpact } from './metrics.js';
import type { AttributionModel, ImpactReport } from './metrics.js';
import { readImpactData } from './readOrg.js';

export interface ReportOptions {
  from?: string;
  to?: string;
  /** A Partner__c Id or name (case-insensitive). */
  partner?: string;
  /** Overrides Partner_Sync_Setting__c.Attribution_Model__c. */
  model?: AttributionModel;
}

/** A --partner value that names no Partner__c record; `known` lists the names that exist. */
export class UnknownPartnerError extends Error {
  public constructor(
    public readonly partner: string,
    public readonly known: string[],
  ) {
    super(`No partner has the Id or name "${partner}".`);
    this.name = 'UnknownPartnerError';
  }
}

export async function runImpactReport(client: OrgClient, options: ReportOptions = {}): Promise<ImpactReport> {
  const org = await readImpactData(client, { from: options.from, to: options.to });
  let partnerId: string | null = null;
  if (options.partner !== undefined) {
    const wanted = options.partner.toLowerCase();
    const match = org.data.partners.find(
      (p) => p.id === options.partner || p.id.slice(0, 15) === options.partner || p.name.toLowerCase() === wanted,
    );
    if (!match) throw new UnknownPartnerError(options.partner, org.data.partners.map((p) => p.name).sort());
    partnerId = match.id;
  }
  return computeImpact(org.data, {
    from: options.from ?? null,
    to: options.to ?? null,
    partnerId,
    model: options.model ?? org.configuredModel ?? DEFAULT_MODEL,
    conversionRates: org.conversionRates,
    corporateCurrency: org.corporateCurrency,
  });
}
