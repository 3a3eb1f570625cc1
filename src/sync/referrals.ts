import { createHash } from 'node:crypto';
import { emailDomain } from '../match/email.js';
import { LeadFields } from '../schema/dataModel.js';
import type { Referral } from '../sources/referralFile.js';
import type { SObjectRecord } from '../org/client.js';
import type { ReferralOutcome, ReferralOutcomeKind, WriteBatch } from './types.js';
import { soqlString } from '../org/soql.js';

/** One partner's referrals this run, from a referral file. */
export interface ReferralData {
  /** Partner__c External_Id__c or Domain__c, as in the config file or --partner. */
  partner: string;
  referrals: Referral[];
  /** Rows the file could not use (file, line, field and why). */
  problems: { key: string; message: string; fields?: string }[];
}

export interface LeadRow {
  id: string;
  email?: string;
  converted: boolean;
  sourced: boolean;
  sourcePartner?: string;
  referralId?: string;
}

export interface ContactRow {
  id: string;
  email?: string;
}

/** The org's Leads and Contacts that referrals may match, as read by `referralQueries`. */
export interface ReferralView {
  leads: LeadRow[];
  contacts: ContactRow[];
}

/** Referrals per query: keeps each SOQL URL well under Salesforce's 16 KB limit. */
const REFERRALS_PER_QUERY = 40;
const LEAD_FIELDS = ['Id', 'Email', 'IsConverted', LeadFields.PartnerSourced, LeadFields.SourcePartner, LeadFields.PartnerReferralId];

/** The company domain of an e-mail address, none for free-mail and disposable ones. */
function companyDomain(email: string | undefined): string | undefined {
  const result = emailDomain(email);
  return 'domain' in result ? result.domain : undefined;
}

/** Identity of a referral's content for one partner: an equal hash was handled by an earlier run. */
export function referralHash(partnerId: string, referral: Referral): string {
  return createHash('sha256').update(JSON.stringify([partnerId, referral])).digest('base64url').slice(0, 22);
}

/**
 * SOQL that finds every Lead and Contact the referrals could match: by referral id, e-mail, and e-mail
 * domain (host or any subdomain of it). E-mail comparison in SOQL is case-insensitive.
 */
export function referralQueries(referrals: readonly Referral[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < referrals.length; i += REFERRALS_PER_QUERY) {
    const chunk = referrals.slice(i, i + REFERRALS_PER_QUERY);
    const emails = [...new Set(chunk.map((r) => r.email.toLowerCase()))];
    const domains = [...new Set(chunk.flatMap((r) => companyDomain(r.email) ?? []))];
    const emailOr = [`Email IN (${emails.map(soqlString).join(', ')})`, ...domains.flatMap((d) => [`Email LIKE ${soqlString(`%@${d}`)}`, `Email LIKE ${soqlString(`%.${d}`)}`])];
    const n = i / REFERRALS_PER_QUERY;
    out[`referralLeads#${n}`] = `SELECT ${LEAD_FIELDS.join(', ')} FROM Lead WHERE ${LeadFields.PartnerReferralId} IN (${chunk.map((r) => soqlString(r.referralId)).join(', ')}) OR ${emailOr.join(' OR ')}`;
    out[`referralContacts#${n}`] = `SELECT Id, Email FROM Contact WHERE ${emailOr.join(' OR ')}`;
  }
  return out;
}

/** The rows `referralQueries` returned, deduplicated. */
export function referralView(rows: Record<string, SObjectRecord[]>): ReferralView {
  const leads = new Map<string, LeadRow>();
  const contacts = new Map<string, ContactRow>();
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  for (const [name, list] of Object.entries(rows)) {
    for (const r of list) {
      const id = String(r.Id);
      if (name.startsWith('referralLeads#')) {
        leads.set(id, { id, email: str(r.Email), converted: r.IsConverted === true, sourced: r[LeadFields.PartnerSourced] === true, sourcePartner: str(r[LeadFields.SourcePartner]), referralId: str(r[LeadFields.PartnerReferralId]) });
      } else if (name.startsWith('referralContacts#')) {
        contacts.set(id, { id, email: str(r.Email) });
      }
    }
  }
  return { leads: [...leads.values()], contacts: [...contacts.values()] };
}

export interface PartnerReferrals {
  partnerId: string;
  partnerName: string;
  referrals: Referral[];
}

export interface ReferralPlan {
  batches: WriteBatch[];
  outcomes: ReferralOutcome[];
  /** Referrals settled without a write (their hash goes into the checkpoint at once). */
  settled: Record<string, string>;
}

/**
 * Decides each referral (see ReferralOutcomeKind): the Lead with its referral id, else an open Lead with
 * its e-mail, else a Contact with its e-mail, else the one open Lead at its company domain, else a Contact
 * at that domain, else a new Lead. A Lead another partner sourced stays theirs; one Lead is flagged once
 * however many referrals point at it. Pure: the org's rows come in `view`, `today` is not needed.
 */
export function planReferrals(partners: readonly PartnerReferrals[], view: ReferralView, batchSize = 200): ReferralPlan {
  const outcomes: ReferralOutcome[] = [];
  const settled: Record<string, string> = {};
  const flags: { row: SObjectRecord; ref: { id: string; hash: string } }[] = [];
  const creates: { row: SObjectRecord; ref: { id: string; hash: string } }[] = [];
  const byReferralId = new Map(view.leads.filter((l) => l.referralId !== undefined).map((l) => [l.referralId as string, l]));
  const open = view.leads.filter((l) => !l.converted);
  /** Leads flagged by this plan: the first referral wins, as it would have in an earlier run. */
  const flaggedNow = new Map<string, string>();
  const createdNow = new Set<string>();

  for (const { partnerId, partnerName, referrals } of partners) {
    for (const r of referrals) {
      const hash = referralHash(partnerId, r);
      const base = { partner: partnerName, referralId: r.referralId, email: r.email };
      const email = r.email.toLowerCase();
      const domain = companyDomain(r.email);
      const settle = (outcome: Omit<ReferralOutcome, 'partner' | 'referralId' | 'email'>): void => {
        outcomes.push({ ...base, ...outcome });
        settled[r.referralId] = hash;
      };
      const sourcedBy = (lead: LeadRow): string | undefined => flaggedNow.get(lead.id) ?? (lead.sourced ? lead.sourcePartner : undefined);
      const flag = (lead: LeadRow, by: 'email' | 'domain'): void => {
        const owner = sourcedBy(lead);
        if (owner === partnerId) return settle({ outcome: 'unchanged', by, leadId: lead.id });
        if (owner !== undefined) return settle({ outcome: 'other-partner', by, leadId: lead.id });
        flaggedNow.set(lead.id, partnerId);
        outcomes.push({ ...base, outcome: 'flagged', by, leadId: lead.id });
        flags.push({ ref: { id: r.referralId, hash }, row: { Id: lead.id, [LeadFields.PartnerSourced]: true, [LeadFields.SourcePartner]: partnerId, [LeadFields.PartnerReferralDate]: r.referralDate } });
      };

      const imported = byReferralId.get(r.referralId);
      if (imported !== undefined || createdNow.has(r.referralId)) {
        settle({ outcome: 'unchanged', by: 'referral id', leadId: imported?.id });
        continue;
      }
      const sameEmail = open.find((l) => l.email?.toLowerCase() === email);
      if (sameEmail !== undefined) {
        flag(sameEmail, 'email');
        continue;
      }
      const contact = view.contacts.find((c) => c.email?.toLowerCase() === email);
      if (contact !== undefined) {
        settle({ outcome: 'contact', by: 'email', contactId: contact.id });
        continue;
      }
      const atDomain = domain === undefined ? [] : open.filter((l) => companyDomain(l.email) === domain);
      const mine = atDomain.find((l) => sourcedBy(l) === partnerId);
      if (mine !== undefined) {
        settle({ outcome: 'unchanged', by: 'domain', leadId: mine.id });
        continue;
      }
      if (atDomain.length === 1) {
        flag(atDomain[0] as LeadRow, 'domain');
        continue;
      }
      const domainContact = domain === undefined ? undefined : view.contacts.find((c) => companyDomain(c.email) === domain);
      if (atDomain.length === 0 && domainContact !== undefined) {
        settle({ outcome: 'contact', by: 'domain', contactId: domainContact.id });
        continue;
      }
      createdNow.add(r.referralId);
      outcomes.push({ ...base, outcome: 'created', ...(atDomain.length > 1 ? { ambiguous: atDomain.length } : {}) });
      creates.push({
        ref: { id: r.referralId, hash },
        row: {
          [LeadFields.PartnerReferralId]: r.referralId,
          Company: r.company.slice(0, 255),
          FirstName: r.firstName?.slice(0, 40) ?? null,
          LastName: r.lastName.slice(0, 80),
          Email: r.email,
          Website: r.website ?? null,
          LeadSource: 'Partner Referral',
          [LeadFields.PartnerSourced]: true,
          [LeadFields.SourcePartner]: partnerId,
          [LeadFields.PartnerReferralDate]: r.referralDate,
        },
      });
    }
  }
  const batches: WriteBatch[] = [];
  const add = (kind: 'referral-flag' | 'referral-lead', key: string, list: typeof flags): void => {
    for (let i = 0; i < list.length; i += batchSize) {
      const slice = list.slice(i, i + batchSize);
      batches.push({ kind, object: LeadFields.apiName, key, bulk: false, records: slice.map((s) => s.row), referralRefs: slice.map((s) => s.ref) });
    }
  };
  add('referral-flag', 'Id', flags);
  add('referral-lead', LeadFields.PartnerReferralId, creates);
  return { batches, outcomes, settled };
}

/** How many referrals ended each way. */
export function countOutcomes(outcomes: readonly ReferralOutcome[]): Record<ReferralOutcomeKind, number> {
  const counts: Record<ReferralOutcomeKind, number> = { flagged: 0, created: 0, unchanged: 0, 'other-partner': 0, contact: 0 };
  for (const o of outcomes) counts[o.outcome]++;
  return counts;
}
