// Partner_Exchange__c: one row per private exchange this side completed, the audit log of what was
// revealed to and by each partner. Results are immutable per session, so a row the org already holds
// is never rewritten: a re-run writes nothing.
import { Messages } from '@salesforce/core';
import type { OrgClient, SObjectRecord } from '../org/client.js';
import type { PartnerRow } from '../schema/partnerRecord.js';
import { resolvePartner } from './partnerResolution.js';
import type { PsiResult } from '../psi/protocol.js';
import { PartnerExchange } from '../schema/dataModel.js';
import { chunk, type PlanInput } from './plan.js';
import type { WriteBatch } from './types.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

/** The completed exchanges with one partner (config `privateResults`), by its Partner__c reference. */
export interface ExchangeData {
  partner: string;
  results: PsiResult[];
}

const MODE = { counts: 'Counts', list: 'List', attributes: 'Attributes' } as const;
const ROLE = { initiator: 'Initiator', responder: 'Responder' } as const;

export function exchangeExternalId(result: Pick<PsiResult, 'session' | 'role'>): string {
  return `${result.session}:${result.role}`;
}

/** The row for one result: sizes, effective level, times, who ran it and the counts per population pair. */
export function exchangeRecord(partnerId: string, result: PsiResult): SObjectRecord {
  return {
    [PartnerExchange.ExternalId]: exchangeExternalId(result),
    [PartnerExchange.SessionId]: result.session,
    [PartnerExchange.Partner]: partnerId,
    [PartnerExchange.Role]: ROLE[result.role],
    [PartnerExchange.Mode]: MODE[result.mode],
    [PartnerExchange.SharingLevel]: result.sharingLevel,
    [PartnerExchange.OurSetSize]: result.ourSetSize,
    [PartnerExchange.PartnerSetSize]: result.partnerSetSize,
    [PartnerExchange.OverlappingKeys]: result.matches === undefined ? null : result.matches.length,
    [PartnerExchange.Started]: result.startedAt,
    [PartnerExchange.Finished]: result.finishedAt,
    [PartnerExchange.RanBy]: result.ranBy ?? null,
    [PartnerExchange.Counts]: JSON.stringify(result.counts),
  };
}

/**
 * The Partner_Exchange__c upserts this run needs: every exchange of a known partner the org does not hold
 * yet (one query for the partners' existing rows). Unknown partners are warned about, never guessed.
 */
export async function planExchanges(client: OrgClient, partners: readonly PartnerRow[], data: readonly ExchangeData[], input: Pick<PlanInput, 'bulkThreshold'>, warnings: string[]): Promise<{ batches: WriteBatch[]; count: number }> {
  const wanted: SObjectRecord[] = [];
  const ids = new Set<string>();
  for (const d of data) {
    const row = resolvePartner(partners, d.partner);
    if (row === undefined) {
      warnings.push(messages.getMessage('warning.UnknownPartner.exchanges', [d.partner, d.results.length]));
      continue;
    }
    ids.add(row.id);
    for (const r of d.results) wanted.push(exchangeRecord(row.id, r));
  }
  if (wanted.length === 0) return { batches: [], count: 0 };
  const held = await client.query(`SELECT ${PartnerExchange.ExternalId} FROM ${PartnerExchange.apiName} WHERE ${PartnerExchange.Partner} IN (${[...ids].map((id) => `'${id}'`).join(', ')})`);
  const existing = new Set(held.map((r) => String(r[PartnerExchange.ExternalId])));
  const missing = wanted.filter((r) => !existing.has(String(r[PartnerExchange.ExternalId])));
  return { batches: chunk('exchange', PartnerExchange.apiName, PartnerExchange.ExternalId, missing, input), count: missing.length };
}
