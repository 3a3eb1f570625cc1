// `partnerlens partners list|add`: Partner__c records as the CLI shows and writes them.
import { Messages, SfError } from '@salesforce/core';
import { z } from 'zod';
import { EXIT_CONFIG } from '../config/localConfig.js';
import { registrableDomain } from '../match/domain.js';
import type { OrgClient } from '../org/client.js';
import { Partner, Picklists } from '../schema/dataModel.js';
import { PARTNERS_SOQL, partnerFromRecord, type PartnerRow } from '../schema/partnerRecord.js';
import { writeError } from './writeFailed.js';

Messages.importMessagesDirectory(__dirname);
const partnerMessages = Messages.loadMessages('partnerlens', 'partners');

/** A partner as `partners list|add` show it (the one Partner__c mapping). */
export type PartnerListRow = PartnerRow;

export async function listPartners(client: OrgClient): Promise<PartnerListRow[]> {
  return (await client.query(PARTNERS_SOQL)).map(partnerFromRecord);
}

const picklist = <K extends keyof typeof Picklists>(key: K) => z.enum(Picklists[key] as unknown as [string, ...string[]]);

/** `partners add` input; the domain is stored as its registrable domain (www, paths and case dropped). */
export const newPartnerSchema = z.object({
  name: z.string().trim().min(1, 'give the partner company name').max(80, 'a Partner name has at most 80 characters'),
  domain: z.string().transform((v, ctx) => {
    const domain = registrableDomain(v);
    if (domain === undefined) ctx.addIssue({ code: 'custom', message: `"${v}" has no registrable domain: give the partner's website domain, e.g. acme.com` });
    return domain ?? '';
  }),
  externalId: z.string().trim().min(1).max(255).optional(),
  type: picklist('Partner__c.Type__c').optional(),
  tier: picklist('Partner__c.Tier__c').optional(),
  // defaults apply to a new partner only: an update changes only what was given
  status: picklist('Partner__c.Status__c').optional(),
  sharingLevel: picklist('Partner__c.Sharing_Level__c').optional(),
  source: picklist('Partner__c.Source__c').optional(),
});

const NEW_PARTNER_DEFAULTS = { status: 'Active', sharingLevel: 'Counts only', source: 'File' } as const;

export type NewPartner = z.input<typeof newPartnerSchema>;

/**
 * Creates a Partner__c, or updates the one with the same External_Id__c (default: its domain), so adding
 * twice updates. Refused before anything is written: a domain another partner has, and a new name for a
 * partner found only by its domain (a rename must name the partner's External_Id__c).
 */
export async function addPartner(client: OrgClient, input: NewPartner): Promise<PartnerListRow & { created: boolean }> {
  const parsed = newPartnerSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '?');
    throw new SfError(partnerMessages.getMessage('error.InvalidPartner', [field, issue?.message ?? 'invalid']), 'InvalidPartner', partnerMessages.getMessages('error.InvalidPartner.actions'), EXIT_CONFIG);
  }
  const p = parsed.data;
  const externalId = p.externalId ?? p.domain;
  const partners = await listPartners(client);
  const existing = partners.find((r) => r.externalId === externalId);
  const owner = partners.find((r) => r.domain === p.domain);
  if (owner !== undefined && owner.id !== existing?.id) {
    throw new SfError(partnerMessages.getMessage('error.DomainTaken', [p.domain, owner.name, owner.externalId ?? owner.id]), 'DomainTaken', partnerMessages.getMessages('error.DomainTaken.actions', [owner.externalId ?? owner.id]), EXIT_CONFIG);
  }
  if (existing !== undefined && p.externalId === undefined && existing.name !== p.name) {
    throw new SfError(partnerMessages.getMessage('error.PartnerExists', [p.domain, existing.name]), 'PartnerExists', partnerMessages.getMessages('error.PartnerExists.actions', [externalId, p.name]), EXIT_CONFIG);
  }
  const given = existing === undefined ? { ...NEW_PARTNER_DEFAULTS, ...definedOnly(p) } : definedOnly(p);
  const record = {
    [Partner.Name]: p.name,
    [Partner.Domain]: p.domain,
    [Partner.ExternalId]: externalId,
    ...(given.status !== undefined ? { [Partner.Status]: given.status } : {}),
    ...(given.sharingLevel !== undefined ? { [Partner.SharingLevel]: given.sharingLevel } : {}),
    ...(given.source !== undefined ? { [Partner.Source]: given.source } : {}),
    ...(given.type !== undefined ? { [Partner.Type]: given.type } : {}),
    ...(given.tier !== undefined ? { [Partner.Tier]: given.tier } : {}),
  };
  const [result] = await client.upsertCollection(Partner.apiName, Partner.ExternalId, [record]);
  if (result?.success !== true) throw writeError(Partner.apiName, externalId, result?.errors ?? []);
  const after = { ...existing, ...given };
  return { id: result.id, created: result.created, name: p.name, externalId, domain: p.domain, status: after.status, type: after.type, tier: after.tier, sharingLevel: after.sharingLevel, source: after.source };
}

/** The optional fields the user gave (undefined ones would blank the org's values). */
function definedOnly(p: z.output<typeof newPartnerSchema>): Partial<Pick<PartnerRow, 'status' | 'type' | 'tier' | 'sharingLevel' | 'source'>> {
  return Object.fromEntries(Object.entries({ status: p.status, type: p.type, tier: p.tier, sharingLevel: p.sharingLevel, source: p.source }).filter(([, v]) => v !== undefined));
}
