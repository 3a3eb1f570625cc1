// Reads what the impact metrics need from an org with SOQL. The records are validated with zod and
// turned into the plain shapes of partnerImpactMetrics, the same shapes the partnerImpact LWC builds
// from its GraphQL reads, so both run one computeImpact over the same data.
import { z } from 'zod';
import type { OrgClient } from '../org/client.js';
import {
  LeadFields,
  OpportunityFields,
  Partner,
  PartnerInfluence,
  PartnerOverlap,
  PartnerRegistration,
  PartnerSyncSetting,
} from '../schema/dataModel.js';
import type { ImpactRegistration } from '../../force-app/main/default/lwc/registrationMetrics/registrationMetrics.js';
import { isModel } from './metrics.js';
import type { AttributionModel, ImpactData } from './metrics.js';

export interface ImpactQueryRange {
  /** Inclusive YYYY-MM-DD bounds. */
  from?: string;
  to?: string;
}

export interface OrgImpactData {
  data: ImpactData;
  /** Partner_Sync_Setting__c.Attribution_Model__c, when the org has a settings record with a model. */
  configuredModel: AttributionModel | null;
  /** Set when the org has multi-currency on: ISO code -> CurrencyType.ConversionRate. */
  conversionRates: Record<string, number> | null;
  corporateCurrency: string | null;
  /** Deal registrations submitted in the range, with their deal's outcome (registrationMetrics). */
  registrations: ImpactRegistration[];
}

const id = z.string().min(15);
const optionalId = id.nullish().transform((v) => v ?? null);
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const optionalNumber = z
  .number()
  .nullish()
  .transform((v) => v ?? null);
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v === true);

const partnerRow = z.object({ Id: id, [Partner.Name]: z.string() });
const opportunityRow = z.object({
  Id: id,
  AccountId: optionalId,
  Amount: optionalNumber,
  CurrencyIsoCode: optionalText,
  IsClosed: z.boolean(),
  IsWon: z.boolean(),
  CreatedDate: z.string(),
  CloseDate: z.string(),
  [OpportunityFields.SourcePartner]: optionalId,
});
const influenceRow = z.object({
  Id: id,
  [PartnerInfluence.Opportunity]: id,
  [PartnerInfluence.Partner]: optionalId,
  [PartnerInfluence.Role]: optionalText,
  [PartnerInfluence.AttributionPercent]: optionalNumber,
  [PartnerInfluence.TouchDate]: optionalText,
  CreatedDate: optionalText,
});
const overlapRow = z.object({
  [PartnerOverlap.Partner]: id,
  [PartnerOverlap.Account]: optionalId,
  [PartnerOverlap.Lead]: optionalId,
  [PartnerOverlap.OurPopulation]: optionalText,
  [PartnerOverlap.PartnerPopulation]: optionalText,
  [PartnerOverlap.Active]: flag,
  [PartnerOverlap.Disputed]: flag,
});
const leadRow = z.object({
  Id: id,
  [LeadFields.PartnerSourced]: flag,
  [LeadFields.SourcePartner]: optionalId,
  IsConverted: flag,
  CreatedDate: z.string(),
});
const R = PartnerRegistration;
// the registered deal (Opportunity__c's relationship): its outcome is the registration's win rate
const OPP_REL = 'Opportunity__r' as const;
const registrationRow = z.object({
  [R.Partner]: id,
  [R.Status]: optionalText,
  [R.SubmittedAt]: optionalText,
  [R.DecidedAt]: optionalText,
  [R.DecidedBy]: optionalId,
  [OPP_REL]: z.object({ IsClosed: z.boolean(), IsWon: z.boolean() }).nullish(),
});
const settingRow = z.object({ [PartnerSyncSetting.AttributionModel]: optionalText });
const currencyRow = z.object({ IsoCode: z.string(), ConversionRate: z.number().positive(), IsCorporate: flag });
const describeBody = z.object({ fields: z.array(z.object({ name: z.string() })) });

function where(conditions: string[]): string {
  return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * Reads partners, opportunities closing in the range, their touches, active overlaps and leads created
 * in the range: one describe and two composite calls for a small org (OrgClient pages the rest).
 */
export async function readImpactData(client: OrgClient, range: ImpactQueryRange = {}): Promise<OrgImpactData> {
  const describe = describeBody.parse(await client.send('GET', `/sobjects/${OpportunityFields.apiName}/describe`));
  const multiCurrency = describe.fields.some((f) => f.name === 'CurrencyIsoCode');

  const closeDate = [...(range.from ? [`CloseDate >= ${range.from}`] : []), ...(range.to ? [`CloseDate <= ${range.to}`] : [])];
  const createdDate = [
    ...(range.from ? [`CreatedDate >= ${range.from}T00:00:00Z`] : []),
    ...(range.to ? [`CreatedDate <= ${range.to}T23:59:59Z`] : []),
  ];
  const oppFields = [
    'Id',
    'AccountId',
    'Amount',
    ...(multiCurrency ? ['CurrencyIsoCode'] : []),
    'IsClosed',
    'IsWon',
    'CreatedDate',
    'CloseDate',
    OpportunityFields.SourcePartner,
  ];
  const I = PartnerInfluence;
  const O = PartnerOverlap;

  const rows = await client.queries({
    partners: `SELECT Id, ${Partner.Name} FROM ${Partner.apiName}`,
    opportunities: `SELECT ${oppFields.join(', ')} FROM ${OpportunityFields.apiName}${where(closeDate)}`,
    // every touch: the metrics keep those of the opportunities in range (no relationship filter needed)
    influences: `SELECT Id, ${I.Opportunity}, ${I.Partner}, ${I.Role}, ${I.AttributionPercent}, ${I.TouchDate}, CreatedDate FROM ${I.apiName}`,
    overlaps: `SELECT ${O.Partner}, ${O.Account}, ${O.Lead}, ${O.OurPopulation}, ${O.PartnerPopulation}, ${O.Active}, ${O.Disputed} FROM ${O.apiName} WHERE ${O.Active} = true AND ${O.Disputed} = false`,
    leads: `SELECT Id, ${LeadFields.PartnerSourced}, ${LeadFields.SourcePartner}, IsConverted, CreatedDate FROM ${LeadFields.apiName}${where(createdDate)}`,
    registrations: `SELECT ${R.Partner}, ${R.Status}, ${R.SubmittedAt}, ${R.DecidedAt}, ${R.DecidedBy}, ${OPP_REL}.IsClosed, ${OPP_REL}.IsWon FROM ${R.apiName}${where(createdDate.map((c) => c.replace('CreatedDate', R.SubmittedAt)))}`,
    settings: `SELECT ${PartnerSyncSetting.AttributionModel} FROM ${PartnerSyncSetting.apiName} ORDER BY CreatedDate LIMIT 1`,
    ...(multiCurrency
      ? { currencies: 'SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType WHERE IsActive = true' }
      : {}),
  });
  const parse = <T>(name: string, row: z.ZodType<T>): T[] => (rows[name] ?? []).map((r) => row.parse(r));
  const partners = parse('partners', partnerRow);
  const opportunities = parse('opportunities', opportunityRow);
  const influences = parse('influences', influenceRow);
  const overlaps = parse('overlaps', overlapRow);
  const leads = parse('leads', leadRow);
  const settings = parse('settings', settingRow);
  const currencies = parse('currencies', currencyRow);
  const registrations = parse('registrations', registrationRow);

  const model = settings[0]?.[PartnerSyncSetting.AttributionModel] ?? null;
  return {
    configuredModel: isModel(model) ? model : null,
    conversionRates: currencies.length > 0 ? Object.fromEntries(currencies.map((c) => [c.IsoCode, c.ConversionRate])) : null,
    corporateCurrency: currencies.find((c) => c.IsCorporate)?.IsoCode ?? null,
    registrations: registrations.map((r) => ({
      partnerId: r[R.Partner],
      status: r[R.Status] ?? 'Submitted',
      submittedAt: r[R.SubmittedAt],
      decidedAt: r[R.DecidedAt],
      decidedById: r[R.DecidedBy],
      dealClosed: r[OPP_REL]?.IsClosed === true,
      dealWon: r[OPP_REL]?.IsWon === true,
    })),
    data: {
      partners: partners.map((p) => ({ id: p.Id, name: p[Partner.Name] })),
      opportunities: opportunities.map((o) => ({
        id: o.Id,
        accountId: o.AccountId,
        amount: o.Amount,
        currency: o.CurrencyIsoCode,
        isClosed: o.IsClosed,
        isWon: o.IsWon,
        createdDate: o.CreatedDate,
        closeDate: o.CloseDate,
        sourcePartnerId: o[OpportunityFields.SourcePartner],
      })),
      influences: influences.flatMap((t) => {
        const partnerId = t[I.Partner];
        if (partnerId === null) return [];
        return [
          {
            id: t.Id,
            opportunityId: t[I.Opportunity],
            partnerId,
            role: t[I.Role],
            percent: t[I.AttributionPercent],
            touchDate: t[I.TouchDate],
            createdDate: t.CreatedDate,
          },
        ];
      }),
      overlaps: overlaps.map((o) => ({
        partnerId: o[O.Partner],
        accountId: o[O.Account],
        leadId: o[O.Lead],
        ourPopulation: o[O.OurPopulation],
        partnerPopulation: o[O.PartnerPopulation],
        active: o[O.Active],
        disputed: o[O.Disputed],
      })),
      leads: leads.map((l) => ({
        id: l.Id,
        partnerSourced: l[LeadFields.PartnerSourced],
        sourcePartnerId: l[LeadFields.SourcePartner],
        isConverted: l.IsConverted,
        createdDate: l.CreatedDate,
      })),
    },
  };
}
