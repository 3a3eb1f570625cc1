// `partnerlens partners list|add`: Partner__c records as the CLI shows and writes them.
import { Messages, SfError } from '@salesforce/core';
import { z } from 'zod';
import { EXIT_CONFIG } from '../config/localConfig.js';
import { registrableDomain } from '../match/domain.js';
import type { OrgClient } from '../org/client.js';
import { Partner, Picklists } from '../schema/dataModel.js';
import { writeError } from './writeFailed.js';

Messages.importMessagesDirectory(__dirname);
const partnerMessages = Messages.loadMessages('partnerlens', 'partners');

export interface PartnerListRow {
  id: string;
  name: string;
  externalId?: string;
  domain?: string;
  status?: string;
  type?: string;
  tier?: string;
  sharingLevel?: string;
  source?: string;
}

const PARTNER_COLUMNS = ['Id', Partner.Name, Partner.ExternalId, Partner.Domain, Partner.Status, Partner.Type, Partner.Tier, Partner.SharingLevel, Partner.Source];

export async function listPartners(client: OrgClient): Promise<PartnerListRow[]> {
  const rows = await client.query(`SELECT ${PARTNER_COLUMNS.join(', ')} FROM ${Partner.apiName} ORDER BY ${Partner.Name}`);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return rows.map((r) => ({
    id: String(r.Id),
    name: String(r[Partner.Name]),
    externalId: str(r[Partner.ExternalId]),
    domain: str(r[Partner.Domain]),
    status: str(r[Partner.Status]),
    type: str(r[Partner.Type]),
    tier: str(r[Partner.Tier]),
    sharingLevel: str(r[Partner.SharingLevel]),
    source: str(r[Partner.Source]),
  }));
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
  status: picklist('Partner__c.Status__c').default('Active'),
  sharingLevel: picklist('Partner__c.Sharing_Level__c').default('Counts only'),
  source: picklist('Partner__c.Source__c').default('File'),
});

export type NewPartner = z.input<typeof newPartnerSchema>;

/** Creates or updates a Partner__c by External_Id__c (default: its domain), so adding twice updates. */
export async function addPartner(client: OrgClient, input: NewPartner): Promise<PartnerListRow & { created: boolean }> {
  const parsed = newPartnerSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '?');
    throw new SfError(partnerMessages.getMessage('error.InvalidPartner', [field, issue?.message ?? 'invalid']), 'InvalidPartner', partnerMessages.getMessages('error.InvalidPartner.actions'), EXIT_CONFIG);
  }
  const p = parsed.data;
  const externalId = p.externalId ?? p.domain;
  const record = {
    [Partner.Name]: p.name,
    [Partner.Domain]: p.domain,
    [Partner.ExternalId]: externalId,
    [Partner.Status]: p.status,
    [Partner.SharingLevel]: p.sharingLevel,
    [Partner.Source]: p.source,
    ...(p.type !== undefined ? { [Partner.Type]: p.type } : {}),
    ...(p.tier !== undefined ? { [Partner.Tier]: p.tier } : {}),
  };
  const [result] = await client.upsertCollection(Partner.apiName, Partner.ExternalId, [record]);
  if (result?.success !== true) throw writeError(Partner.apiName, externalId, result?.errors ?? []);
  return { id: result.id, created: result.created, name: p.name, externalId, domain: p.domain, status: p.status, type: p.type, tier: p.tier, sharingLevel: p.sharingLevel, source: p.source };
}
