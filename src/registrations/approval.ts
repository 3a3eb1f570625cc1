import { Messages, SfError } from '@salesforce/core';
import type { OrgClient, RecordError, SObjectRecord } from '../org/client.js';
import { LeadFields, OpportunityFields, PartnerInfluence, PartnerRegistration as R, Partner, relationshipOf } from '../schema/dataModel.js';
import { str } from '../schema/partnerRecord.js';
import type { FailedRecord } from '../sync/types.js';
import { protectionUntil } from './conflicts.js';
import { REGISTRATION_FIELDS, RULES_SOQL, rulesFromRecord } from './readOrg.js';
import { soqlString } from '../org/soql.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'registrations');

const PARTNER_REL = relationshipOf(R.Partner);
const APPLY_FIELDS = [...new Set([...REGISTRATION_FIELDS, `${PARTNER_REL}.${Partner.Type}`, R.ContactName, R.Notes, R.DecisionReason, R.DecidedBy])];

/** A registration by its name (DR-000123), record id or External_Id__c; fails naming what was looked for. */
export async function findRegistration(client: OrgClient, ref: string): Promise<SObjectRecord> {
  const byId = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(ref) ? ` OR Id = ${soqlString(ref)}` : '';
  const rows = await client.query(`SELECT ${APPLY_FIELDS.join(', ')} FROM ${R.apiName} WHERE ${R.Name} = ${soqlString(ref)} OR ${R.ExternalId} = ${soqlString(ref)}${byId}`);
  const row = rows[0];
  if (row === undefined) throw new SfError(messages.getMessage('error.NoRegistration', [ref]), 'NoRegistration', messages.getMessages('error.NoRegistration.actions'), 2);
  return row;
}

export interface DecisionInput {
  ref: string;
  decision: 'approve' | 'reject';
  reason?: string;
  /** Approve although a rule rejected it (existing deal, another partner first). */
  override?: boolean;
  now: Date;
}

export interface DecisionResult {
  id: string;
  name: string;
  status: 'Approved' | 'Rejected';
  protectionUntil?: string;
  applied?: ApplyOutcome;
}

/** The user the connection acts as (Decided_By__c); undefined when the org does not say. */
export async function currentUserId(client: OrgClient): Promise<string | undefined> {
  try {
    const info = await client.send<{ user_id?: string }>('GET', '/services/oauth2/userinfo');
    return str(info.user_id);
  } catch {
    return undefined;
  }
}

/**
 * A manager's decision on one registration. Approving a pending one (or, with override and a reason, one a
 * rule rejected) sets Approved, decided by/at and protection until (settings' days from now), then applies
 * it at once (applyApproved). Rejecting needs a reason. A decided registration is not decided again.
 */
export async function decide(client: OrgClient, input: DecisionInput): Promise<DecisionResult> {
  const row = await findRegistration(client, input.ref);
  const name = String(row[R.Name] ?? row.Id);
  const status = str(row[R.Status]) ?? 'Submitted';
  const reason = input.reason?.trim() === '' ? undefined : input.reason?.trim();
  const conflict = str(row[R.Conflict]);
  const pending = status === 'Submitted' || status === 'Under review';
  const overridable = status === 'Rejected' && str(row[R.DecidedBy]) === undefined && (conflict === 'Existing deal' || conflict === 'Other partner');
  if (input.decision === 'reject') {
    if (!pending) throw new SfError(messages.getMessage('error.AlreadyDecided', [name, status]), 'AlreadyDecided', messages.getMessages('error.AlreadyDecided.actions'), 2);
    if (reason === undefined) throw new SfError(messages.getMessage('error.ReasonRequired', [name]), 'ReasonRequired', messages.getMessages('error.ReasonRequired.actions'), 2);
  } else {
    if (!pending && !overridable) throw new SfError(messages.getMessage('error.AlreadyDecided', [name, status]), 'AlreadyDecided', messages.getMessages('error.AlreadyDecided.actions'), 2);
    const needsOverride = overridable || (pending && (conflict === 'Existing deal' || conflict === 'Other partner'));
    if (needsOverride && (input.override !== true || reason === undefined)) {
      throw new SfError(messages.getMessage('error.OverrideRequired', [name, conflict ?? '']), 'OverrideRequired', messages.getMessages('error.OverrideRequired.actions', [name]), 2);
    }
  }
  const [settings] = await client.query(RULES_SOQL);
  const rules = rulesFromRecord(settings);
  const userId = await currentUserId(client);
  const approved = input.decision === 'approve';
  const until = approved ? protectionUntil(input.now, rules.protectionDays) : undefined;
  const update: SObjectRecord = {
    Id: String(row.Id),
    [R.Status]: approved ? 'Approved' : 'Rejected',
    [R.DecidedAt]: input.now.toISOString(),
    ...(userId !== undefined ? { [R.DecidedBy]: userId } : {}),
    ...(reason !== undefined ? { [R.DecisionReason]: reason.slice(0, 255) } : {}),
    ...(until !== undefined ? { [R.ProtectionUntil]: until } : {}),
  };
  const [result] = await client.upsertCollection(R.apiName, 'Id', [update]);
  if (result === undefined || !result.success) {
    const message = result === undefined || result.success ? 'no result' : result.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
    throw new SfError(messages.getMessage('error.WriteFailed', [name, message]), 'WriteFailed', [], 1);
  }
  if (!approved) return { id: String(row.Id), name, status: 'Rejected' };
  const applied = await applyApproved(client, [{ ...row, ...update }], input.now);
  return { id: String(row.Id), name, status: 'Approved', protectionUntil: until, applied };
}

export interface ApplyOutcome {
  applied: { registration: string; leadId?: string; opportunityId?: string; influenceId?: string }[];
  failures: FailedRecord[];
}

/** Approved registrations whose Lead/Opportunity is not made yet (the component records the decision; this does the rest). */
export const DUE_SOQL = `SELECT ${APPLY_FIELDS.join(', ')} FROM ${R.apiName} WHERE ${R.Status} = 'Approved' AND ${R.Lead} = null AND ${R.Opportunity} = null`;

/** A record the org refused, as the run reports it (errors file, exit 3). */
export function failure(object: string, key: string, errors: readonly RecordError[]): FailedRecord {
  return { object, key, code: errors[0]?.statusCode ?? 'UNKNOWN', message: errors.map((e) => e.message).join('; '), fields: errors.flatMap((e) => e.fields).join(' ') };
}

/**
 * The approval's effect, in one idempotent step per registration (every write an upsert by a key the
 * registration determines, so re-running finds the same records): a matched account gets the
 * registered opportunity (Opportunity.Partner_Registration_Id__c = the registration's key) or, when a
 * manager overrode an existing deal, that deal is linked; no account makes a partner-sourced Lead
 * (Partner_Referral_Id__c = "reg|" + the key). Opportunities get a Sourced (Reseller for reseller
 * partners) Partner_Influence__c row; last, the registration is linked to what was made.
 */
export async function applyApproved(client: OrgClient, registrations: readonly SObjectRecord[], now: Date): Promise<ApplyOutcome> {
  const out: ApplyOutcome = { applied: [], failures: [] };
  const leads: { reg: SObjectRecord; record: SObjectRecord }[] = [];
  const opps: { reg: SObjectRecord; record: SObjectRecord }[] = [];
  const linked: { reg: SObjectRecord; oppId: string }[] = [];
  for (const reg of registrations) {
    const key = String(reg[R.ExternalId] ?? reg.Id);
    const partnerId = String(reg[R.Partner]);
    const existingOpp = str(reg[R.Opportunity]);
    const accountId = str(reg[R.Account]);
    // an approved override of an existing deal links the account's oldest open deal as it is now
    const existingDeal = existingOpp ?? (accountId !== undefined && reg[R.Conflict] === 'Existing deal' ? await oldestOpenDeal(client, accountId) : undefined);
    if (existingDeal !== undefined) linked.push({ reg, oppId: existingDeal });
    else if (accountId !== undefined) {
      const close = str(reg[R.ExpectedCloseDate]) ?? new Date(now.getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
      opps.push({ reg, record: { [OpportunityFields.PartnerRegistrationId]: key, Name: `${String(reg[R.Company])} (${String(reg[R.Name] ?? 'registration')})`.slice(0, 120), AccountId: accountId, StageName: 'Prospecting', CloseDate: close, ...(typeof reg[R.EstimatedAmount] === 'number' ? { Amount: reg[R.EstimatedAmount] } : {}), [OpportunityFields.SourcePartner]: partnerId } });
    } else {
      const contact = str(reg[R.ContactName])?.split(/\s+/) ?? [];
      const lastName = contact.length > 0 ? (contact.pop() as string) : String(reg[R.Company]);
      leads.push({ reg, record: { [LeadFields.PartnerReferralId]: `reg|${key}`, Company: String(reg[R.Company]), LastName: lastName, ...(contact.length > 0 ? { FirstName: contact.join(' ') } : {}), ...(str(reg[R.ContactEmail]) !== undefined ? { Email: reg[R.ContactEmail] } : {}), ...(str(reg[R.Domain]) !== undefined ? { Website: reg[R.Domain] } : {}), LeadSource: 'Partner Referral', [LeadFields.PartnerSourced]: true, [LeadFields.SourcePartner]: partnerId, [LeadFields.PartnerReferralDate]: String(reg[R.SubmittedAt] ?? now.toISOString()).slice(0, 10) } });
    }
  }
  const links: SObjectRecord[] = [];
  const leadResults = await client.upsertCollection('Lead', LeadFields.PartnerReferralId, leads.map((l) => l.record));
  leadResults.forEach((r, i) => {
    const reg = (leads[i] as { reg: SObjectRecord }).reg;
    if (!r.success) return void out.failures.push(failure('Lead', r.key, r.errors));
    links.push({ Id: String(reg.Id), [R.Lead]: r.id });
    out.applied.push({ registration: String(reg[R.Name] ?? reg.Id), leadId: r.id });
  });
  const oppResults = await client.upsertCollection('Opportunity', OpportunityFields.PartnerRegistrationId, opps.map((o) => o.record));
  oppResults.forEach((r, i) => {
    const reg = (opps[i] as { reg: SObjectRecord }).reg;
    if (!r.success) return void out.failures.push(failure('Opportunity', r.key, r.errors));
    linked.push({ reg, oppId: r.id });
  });
  const influence = linked.map(({ reg, oppId }) => {
    const partnerType = (reg[PARTNER_REL] as Record<string, unknown> | undefined)?.[Partner.Type];
    return {
      [PartnerInfluence.ExternalId]: `reg|${String(reg[R.ExternalId] ?? reg.Id)}`,
      [PartnerInfluence.Opportunity]: oppId,
      [PartnerInfluence.Partner]: String(reg[R.Partner]),
      [PartnerInfluence.Role]: partnerType === 'Reseller' ? 'Reseller' : 'Sourced',
      [PartnerInfluence.Origin]: 'Sync',
      [PartnerInfluence.TouchDate]: String(reg[R.DecidedAt] ?? now.toISOString()).slice(0, 10),
      [PartnerInfluence.Notes]: `Deal registration ${String(reg[R.Name] ?? reg.Id)}`,
    };
  });
  const influenceResults = await client.upsertCollection(PartnerInfluence.apiName, PartnerInfluence.ExternalId, influence);
  influenceResults.forEach((r, i) => {
    const { reg, oppId } = linked[i] as { reg: SObjectRecord; oppId: string };
    if (!r.success) return void out.failures.push(failure(PartnerInfluence.apiName, r.key, r.errors));
    links.push({ Id: String(reg.Id), [R.Opportunity]: oppId });
    out.applied.push({ registration: String(reg[R.Name] ?? reg.Id), opportunityId: oppId, influenceId: r.id });
  });
  for (const r of await client.upsertCollection(R.apiName, 'Id', links)) if (!r.success) out.failures.push(failure(R.apiName, r.key, r.errors));
  return out;
}

async function oldestOpenDeal(client: OrgClient, accountId: string): Promise<string | undefined> {
  const [row] = await client.query(`SELECT Id FROM Opportunity WHERE AccountId = ${soqlString(accountId)} AND IsClosed = false ORDER BY CreatedDate, Id LIMIT 1`);
  return row === undefined ? undefined : String(row.Id);
}

/** Approved registrations past Protection_Until__c become Expired (so another partner's registration is accepted). */
export async function expireRegistrations(client: OrgClient, now: Date): Promise<{ expired: string[]; failures: FailedRecord[] }> {
  const today = now.toISOString().slice(0, 10);
  const rows = await client.query(`SELECT Id, ${R.Name} FROM ${R.apiName} WHERE ${R.Status} = 'Approved' AND ${R.ProtectionUntil} < ${today}`);
  const results = await client.upsertCollection(R.apiName, 'Id', rows.map((r) => ({ Id: String(r.Id), [R.Status]: 'Expired' })));
  const failures = results.filter((r) => !r.success).map((r) => (r.success ? undefined : failure(R.apiName, r.key, r.errors))).filter((f): f is FailedRecord => f !== undefined);
  return { expired: rows.filter((_, i) => results[i]?.success === true).map((r) => String(r[R.Name] ?? r.Id)), failures };
}

const LEAD_REL = relationshipOf(R.Lead);
const OPPORTUNITY_REL = relationshipOf(R.Opportunity);
/** An approved registration's lead was converted, and the registration does not follow its opportunity yet. */
const LEAD_CONVERTED = `(${R.Opportunity} = null AND ${LEAD_REL}.IsConverted = true)`;
/** The registered deal closed won: the registration did its job. */
const DEAL_WON = `${OPPORTUNITY_REL}.IsWon = true`;

/**
 * A registration follows its deal: when its lead is converted, the converted opportunity is linked and gets
 * the Sourced (or Reseller) influence, as an approval matched to an account would; when the registered
 * opportunity is won, the registration becomes Converted (so it neither expires nor holds the company).
 */
export async function convertRegistrations(client: OrgClient, now: Date): Promise<ApplyOutcome & { converted: string[] }> {
  const leadConverted = await client.query(`SELECT ${APPLY_FIELDS.join(', ')}, ${LEAD_REL}.ConvertedOpportunityId FROM ${R.apiName} WHERE ${R.Status} = 'Approved' AND ${LEAD_CONVERTED}`);
  const followed = leadConverted
    .map((row) => ({ ...row, [R.Opportunity]: str((row[LEAD_REL] as Record<string, unknown> | undefined)?.ConvertedOpportunityId) }))
    .filter((row) => row[R.Opportunity] !== undefined);
  const linked = followed.length > 0 ? await applyApproved(client, followed, now) : { applied: [], failures: [] };
  const won = await client.query(`SELECT Id, ${R.Name} FROM ${R.apiName} WHERE ${R.Status} = 'Approved' AND ${DEAL_WON}`);
  const results = await client.upsertCollection(R.apiName, 'Id', won.map((r) => ({ Id: String(r.Id), [R.Status]: 'Converted' })));
  const failures = results.flatMap((r) => (r.success ? [] : [failure(R.apiName, r.key, r.errors)]));
  return { applied: linked.applied, failures: [...linked.failures, ...failures], converted: won.filter((_, i) => results[i]?.success === true).map((r) => String(r[R.Name] ?? r.Id)) };
}

export interface MaintainResult extends ApplyOutcome {
  converted: string[];
  expired: string[];
}

/**
 * Applies approved registrations that are not applied yet, follows converted leads and won deals, and
 * expires lapsed ones (`registrations apply`, the sync). Won before expired: a won deal is Converted even
 * when its protection has lapsed since.
 */
export async function maintainRegistrations(client: OrgClient, now: Date): Promise<MaintainResult> {
  const due = await client.query(DUE_SOQL);
  const applied = due.length > 0 ? await applyApproved(client, due, now) : { applied: [], failures: [] };
  const converted = await convertRegistrations(client, now);
  const expired = await expireRegistrations(client, now);
  return {
    applied: [...applied.applied, ...converted.applied],
    failures: [...applied.failures, ...converted.failures, ...expired.failures],
    converted: converted.converted,
    expired: expired.expired,
  };
}

/** One row at most: whether any approved registration awaits its lead/opportunity, follows a converted lead or won deal, or is past its protection (the sync asks in its first call). */
export function registrationsDueSoql(now: Date): string {
  return `SELECT Id FROM ${R.apiName} WHERE ${R.Status} = 'Approved' AND ((${R.Lead} = null AND ${R.Opportunity} = null) OR ${LEAD_CONVERTED} OR ${DEAL_WON} OR ${R.ProtectionUntil} < ${now.toISOString().slice(0, 10)}) LIMIT 1`;
}
