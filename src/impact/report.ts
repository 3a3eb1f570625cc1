// The `partnerlens report` use case: read the org, pick the model, resolve the partner, compute.
import type { OrgClient } from '../org/client.js';
import { DEFAULT_MODEL, computeImpact } from './metrics.js';
import type { AttributionModel, ImpactReport } from './metrics.js';
import { readImpactData } from './readOrg.js';
import { UnknownPartnerError, asReportError } from './errors.js';
import { readSignalRows, signalImpact, type SignalImpact } from './signalMetrics.js';
import { registrationImpact, type RegistrationImpact } from '../../force-app/main/default/lwc/registrationMetrics/registrationMetrics.js';

/** The impact figures and, beside them, the deal-registration figures of the same partners and period. */
export type ImpactReportWithRegistrations = ImpactReport & { registrations: RegistrationImpact; signals: SignalImpact };

export interface ReportOptions {
  from?: string;
  to?: string;
  /** A Partner__c Id or name (case-insensitive). */
  partner?: string;
  /** Overrides Partner_Sync_Setting__c.Attribution_Model__c. */
  model?: AttributionModel;
}

/** The impact report of the org (what the partnerImpact component shows). */
export async function runImpactReport(client: OrgClient, options: ReportOptions = {}): Promise<ImpactReport> {
  return (await runImpactAndRegistrations(client, options)).impact;
}

/** `partnerlens report`: the impact figures and the deal-registration figures of the same read. */
export async function runReport(client: OrgClient, options: ReportOptions = {}): Promise<ImpactReportWithRegistrations> {
  const { impact, registrations, partnerId } = await runImpactAndRegistrations(client, options);
  const signals = signalImpact(await readSignalRows(client, { from: options.from, to: options.to }), partnerId);
  return { ...impact, registrations, signals };
}

async function runImpactAndRegistrations(client: OrgClient, options: ReportOptions): Promise<{ impact: ImpactReport; registrations: RegistrationImpact; partnerId: string | null }> {
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
  const partners = org.data.partners.filter((p) => partnerId === null || p.id === partnerId);
  const registrations = registrationImpact(partners, org.registrations.filter((r) => partnerId === null || r.partnerId === partnerId), { from: options.from, to: options.to });
  let impact: ImpactReport;
  try {
    impact = computeImpact(org.data, {
      from: options.from ?? null,
      to: options.to ?? null,
      partnerId,
      model: options.model ?? org.configuredModel ?? DEFAULT_MODEL,
      conversionRates: org.conversionRates,
      corporateCurrency: org.corporateCurrency,
    });
  } catch (error) {
    asReportError(error);
  }
  return { impact, registrations, partnerId };
}
