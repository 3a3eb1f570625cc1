import { z } from 'zod';
import type { OrgClient, SObjectRecord } from '../org/client.js';
import { AccountFields, PartnerRegistration, PartnerSyncSetting, Picklists, type RegistrationStatus, relationshipOf } from '../schema/dataModel.js';
import { SETTINGS_EXTERNAL_ID } from '../config/settings.js';
import { PARTNERS_SOQL, partnerFromRecord, str, type PartnerRow } from '../schema/partnerRecord.js';
import { DEFAULT_RULES, type AccountView, type ConflictRules, type ExistingRegistration } from './types.js';

const R = PartnerRegistration;
export const REGISTRATION_FIELDS = ['Id', R.Name, R.ExternalId, R.Partner, `${relationshipOf(R.Partner)}.Name`, R.Company, R.Domain, R.DUNS, R.ContactEmail, R.ContactName, R.Status, R.SubmittedAt, R.ProtectionUntil, R.Account, R.Lead, R.Opportunity, R.EstimatedAmount, R.ExpectedCloseDate, R.Conflict, R.DecidedAt];


/** A REST record of REGISTRATION_FIELDS -> what the conflict rules read. */
export function registrationFromRecord(r: SObjectRecord): ExistingRegistration {
  const partner = r[relationshipOf(R.Partner)] as { Name?: string } | null | undefined;
  const status = str(r[R.Status]);
  return {
    id: String(r.Id),
    name: str(r[R.Name]),
    externalId: String(r[R.ExternalId] ?? r.Id),
    partnerId: String(r[R.Partner]),
    partnerName: str(partner?.Name),
    company: String(r[R.Company] ?? ''),
    domain: str(r[R.Domain]),
    duns: str(r[R.DUNS]),
    contactEmail: str(r[R.ContactEmail]),
    status: (Picklists['Partner_Registration__c.Status__c'] as readonly string[]).includes(status ?? '') ? (status as RegistrationStatus) : 'Submitted',
    submittedAt: str(r[R.SubmittedAt]) ?? '1970-01-01T00:00:00.000Z',
    protectionUntil: str(r[R.ProtectionUntil]),
  };
}

const rulesSchema = z.looseObject({
  [PartnerSyncSetting.RegistrationRejectExistingDeal]: z.boolean().nullish().transform((v) => v ?? DEFAULT_RULES.rejectExistingDeal),
  [PartnerSyncSetting.RegistrationFirstInWins]: z.boolean().nullish().transform((v) => v ?? DEFAULT_RULES.firstInWins),
  [PartnerSyncSetting.RegistrationProtectionDays]: z.number().int().min(1).max(3650).nullish().transform((v) => v ?? DEFAULT_RULES.protectionDays),
});

/** The registration rules from the settings record; a value out of range fails naming the field. */
export function rulesFromRecord(record: SObjectRecord | undefined): ConflictRules {
  const parsed = rulesSchema.safeParse(record ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${PartnerSyncSetting.apiName}.${String(issue?.path[0])}: ${issue?.message ?? 'invalid'}. Fix it on the PartnerLens Settings record (protection days are 1 to 3650).`);
  }
  const s = parsed.data;
  return {
    rejectExistingDeal: s[PartnerSyncSetting.RegistrationRejectExistingDeal],
    firstInWins: s[PartnerSyncSetting.RegistrationFirstInWins],
    protectionDays: s[PartnerSyncSetting.RegistrationProtectionDays],
  };
}

export const RULES_SOQL = `SELECT Id, ${PartnerSyncSetting.RegistrationRejectExistingDeal}, ${PartnerSyncSetting.RegistrationFirstInWins}, ${PartnerSyncSetting.RegistrationProtectionDays} FROM ${PartnerSyncSetting.apiName} WHERE ${PartnerSyncSetting.ExternalId} = '${SETTINGS_EXTERNAL_ID}'`;
export const REGISTRATIONS_SOQL = `SELECT ${REGISTRATION_FIELDS.join(', ')} FROM ${R.apiName} ORDER BY ${R.SubmittedAt}, ${R.ExternalId}`;

export interface RegistrationContext {
  rules: ConflictRules;
  partners: PartnerRow[];
  registrations: ExistingRegistration[];
  accounts: AccountView[];
}

/** Everything the conflict rules read, in one composite call (plus pages): settings, partners, registrations, accounts and their open deals. */
export async function readRegistrationContext(client: OrgClient): Promise<RegistrationContext> {
  const rows = await client.queries({
    settings: RULES_SOQL,
    partners: PARTNERS_SOQL,
    registrations: REGISTRATIONS_SOQL,
    accounts: `SELECT Id, Name, Website, ${AccountFields.DUNS} FROM Account`,
    opportunities: 'SELECT Id, Name, AccountId FROM Opportunity WHERE IsClosed = false AND AccountId != null ORDER BY CreatedDate, Id',
  });
  const open = new Map<string, { id: string; name?: string }[]>();
  for (const o of rows.opportunities ?? []) {
    const list = open.get(String(o.AccountId)) ?? [];
    list.push({ id: String(o.Id), name: str(o.Name) });
    open.set(String(o.AccountId), list);
  }
  return {
    rules: rulesFromRecord(rows.settings?.[0]),
    partners: (rows.partners ?? []).map(partnerFromRecord),
    registrations: (rows.registrations ?? []).map(registrationFromRecord),
    accounts: (rows.accounts ?? []).map((a) => ({ id: String(a.Id), name: str(a.Name), website: str(a.Website), duns: str(a[AccountFields.DUNS]), openOpportunities: open.get(String(a.Id)) ?? [] })),
  };
}
