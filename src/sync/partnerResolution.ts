import { Messages } from '@salesforce/core';
import type { PartnerRow } from '../schema/partnerRecord.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

/** The Partner__c a config or file names, by External_Id__c first, then by Domain__c (case-insensitive). */
export function resolvePartner(partners: readonly PartnerRow[], ref: string): PartnerRow | undefined {
  const lower = ref.toLowerCase();
  return partners.find((p) => p.externalId === ref) ?? partners.find((p) => p.domain?.toLowerCase() === lower);
}

/**
 * The Active partner whose partner data or referrals a source carries, or the warning that says why they
 * are skipped: an unknown reference is never guessed, an inactive partner's data never written.
 */
export function activePartner(partners: readonly PartnerRow[], ref: string, what: 'data' | 'referrals'): { row: PartnerRow } | { warning: string } {
  const row = resolvePartner(partners, ref);
  if (row === undefined) return { warning: messages.getMessage(`warning.UnknownPartner.${what}`, [ref]) };
  if (row.status !== 'Active') return { warning: messages.getMessage(`warning.InactivePartner.${what}`, [row.name, row.status ?? 'without a status']) };
  return { row };
}
