// A Partner__c as every reader of it sees it (the sync's read step, `partners list|add`): one query, one mapping.
import { Partner } from './dataModel.js';

export interface PartnerRow {
  id: string;
  name: string;
  externalId?: string;
  domain?: string;
  status?: string;
  type?: string;
  tier?: string;
  sharingLevel?: string;
  /** Partner__c.Source__c: where its data comes from (File when blank). */
  source?: string;
}

const PARTNER_COLUMNS = ['Id', Partner.Name, Partner.ExternalId, Partner.Domain, Partner.Status, Partner.Type, Partner.Tier, Partner.SharingLevel, Partner.Source];

/** Every partner, by name (a handful to a few hundred rows: one page). */
export const PARTNERS_SOQL = `SELECT ${PARTNER_COLUMNS.join(', ')} FROM ${Partner.apiName} ORDER BY ${Partner.Name}`;

/** A REST field value as text, undefined when blank or not text. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A REST record of PARTNERS_SOQL's columns; blank fields are left out. */
export function partnerFromRecord(r: Record<string, unknown>): PartnerRow {
  return {
    id: String(r.Id),
    name: String(r[Partner.Name]),
    externalId: str(r[Partner.ExternalId]),
    domain: str(r[Partner.Domain]),
    status: str(r[Partner.Status]),
    type: str(r[Partner.Type]),
    tier: str(r[Partner.Tier]),
    sharingLevel: str(r[Partner.SharingLevel]),
    source: str(r[Partner.Source]),
  };
}
