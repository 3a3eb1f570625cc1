// What `partnerlens signals list|ack` do: read signals as a partner manager would, and record that someone acted.
import { SfError, Messages } from '@salesforce/core';
import type { OrgClient, SObjectRecord } from '../org/client.js';
import { soqlString } from '../org/soql.js';
import { Partner, PartnerSignal as S, relationshipOf, type SignalKind, type SignalStatus } from '../schema/dataModel.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'signals');

export interface SignalRow {
  id: string;
  name: string;
  kind: SignalKind;
  partner: string;
  /** The account's name, or the lead's company. */
  company: string;
  accountId: string | null;
  leadId: string | null;
  opportunityId: string | null;
  from: string | null;
  to: string | null;
  detectedAt: string | null;
  status: SignalStatus;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  notification: string | null;
}

export interface SignalList {
  signals: SignalRow[];
  /** Signals per status, over the rows listed. */
  byStatus: Partial<Record<SignalStatus, number>>;
}

export interface ListFilter {
  /** Partner__c External_Id__c, Domain__c or Name. */
  partner?: string;
  status?: readonly SignalStatus[];
  kind?: readonly SignalKind[];
  limit?: number;
}

const rel = { partner: relationshipOf(S.Partner), account: relationshipOf(S.Account), lead: relationshipOf(S.Lead), ackBy: relationshipOf(S.AcknowledgedBy) };
const FIELDS = [
  'Id', S.Name, S.Kind, S.FromPopulation, S.ToPopulation, S.DetectedAt, S.Status, S.AcknowledgedAt, S.NotificationStatus, S.Account, S.Lead, S.Opportunity,
  `${rel.partner}.${Partner.Name}`, `${rel.account}.Name`, `${rel.lead}.Company`, `${rel.ackBy}.Name`,
];

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const parent = (row: SObjectRecord, r: string, field: string): string | null => text(((row[r] ?? {}) as Record<string, unknown>)[field]);

function rowOf(r: SObjectRecord): SignalRow {
  return {
    id: String(r.Id), name: String(r[S.Name]), kind: String(r[S.Kind]) as SignalKind, partner: parent(r, rel.partner, Partner.Name) ?? '',
    company: parent(r, rel.account, 'Name') ?? parent(r, rel.lead, 'Company') ?? '', accountId: text(r[S.Account]), leadId: text(r[S.Lead]), opportunityId: text(r[S.Opportunity]),
    from: text(r[S.FromPopulation]), to: text(r[S.ToPopulation]), detectedAt: text(r[S.DetectedAt]), status: String(r[S.Status] ?? 'New') as SignalStatus,
    acknowledgedBy: parent(r, rel.ackBy, 'Name'), acknowledgedAt: text(r[S.AcknowledgedAt]), notification: text(r[S.NotificationStatus]),
  };
}

export function listSoql(filter: ListFilter): string {
  const where: string[] = [];
  if (filter.partner !== undefined) {
    const p = soqlString(filter.partner);
    where.push(`(${rel.partner}.${Partner.ExternalId} = ${p} OR ${rel.partner}.${Partner.Domain} = ${p} OR ${rel.partner}.${Partner.Name} = ${p})`);
  }
  if (filter.status !== undefined && filter.status.length > 0) where.push(`${S.Status} IN (${filter.status.map(soqlString).join(', ')})`);
  if (filter.kind !== undefined && filter.kind.length > 0) where.push(`${S.Kind} IN (${filter.kind.map(soqlString).join(', ')})`);
  return `SELECT ${FIELDS.join(', ')} FROM ${S.apiName}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${S.DetectedAt} DESC, ${S.Name} DESC LIMIT ${filter.limit ?? 200}`;
}

/** The signals that match, newest first. */
export async function listSignals(client: OrgClient, filter: ListFilter = {}): Promise<SignalList> {
  const signals = (await client.query(listSoql(filter))).map(rowOf);
  const byStatus: SignalList['byStatus'] = {};
  for (const s of signals) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  return { signals, byStatus };
}

export interface AckResult {
  /** The signals now in the new status, as the org holds them. */
  updated: SignalRow[];
  status: SignalStatus;
}

/**
 * Marks signals (by number SIG-00001 or record Id) Acknowledged or Dismissed by the user the connection acts as.
 * A reference that names no signal is an error naming it, and nothing is written.
 */
export async function ackSignals(client: OrgClient, refs: readonly string[], options: { status: 'Acknowledged' | 'Dismissed'; userId?: string; now: Date }): Promise<AckResult> {
  // an Id filter only with well-formed ids: the org refuses `Id IN ('SIG-00001')`
  const ids = refs.filter((r) => /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(r));
  const where = [`${S.Name} IN (${refs.map(soqlString).join(', ')})`, ...(ids.length > 0 ? [`Id IN (${ids.map(soqlString).join(', ')})`] : [])].join(' OR ');
  const rows = (await client.query(`SELECT ${FIELDS.join(', ')} FROM ${S.apiName} WHERE ${where}`)).map(rowOf);
  const missing = refs.filter((ref) => !rows.some((r) => r.name === ref || r.id === ref || r.id.slice(0, 15) === ref));
  if (missing.length > 0) throw new SfError(messages.getMessage('error.UnknownSignal', [missing.join(', ')]), 'UnknownSignal', messages.getMessages('error.UnknownSignal.actions'), 2);
  const at = options.now.toISOString();
  const results = await client.upsertCollection(S.apiName, 'Id', rows.map((r) => ({ Id: r.id, [S.Status]: options.status, [S.AcknowledgedAt]: at, ...(options.userId !== undefined ? { [S.AcknowledgedBy]: options.userId } : {}) })));
  const refused = results.filter((r) => !r.success);
  if (refused.length > 0) {
    const detail = refused.map((r) => (r.success ? '' : `${r.key}: ${r.errors.map((e) => e.message).join('; ')}`)).join(', ');
    throw new SfError(messages.getMessage('error.AckRefused', [detail]), 'AckRefused', messages.getMessages('error.AckRefused.actions'), 3);
  }
  const after = await client.query(`SELECT ${FIELDS.join(', ')} FROM ${S.apiName} WHERE Id IN (${rows.map((r) => soqlString(r.id)).join(', ')}) ORDER BY ${S.Name}`);
  return { updated: after.map(rowOf), status: options.status };
}
