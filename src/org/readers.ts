import { pairKey } from '../match/matchOverlaps.js';
import { AccountFields, LeadFields, Partner, PartnerInfluence, PartnerOverlap, PartnerSyncSetting, type Population } from '../schema/dataModel.js';
import { SETTINGS_EXTERNAL_ID, SETTINGS_FIELDS, settingsFromRecord, type PopulationFilter, type SyncSettings } from '../config/settings.js';
import type { AccountState, LeadState, SyncState } from '../sync/state.js';
import type { OrgClient, SObjectRecord } from './client.js';

export interface PartnerRow {
  id: string;
  name: string;
  externalId?: string;
  domain?: string;
  status?: string;
  sharingLevel?: string;
}

export interface OrgRead {
  settings: SyncSettings;
  partners: PartnerRow[];
  /** The state with our side and the org's manual/disputed rows brought up to date. */
  state: SyncState;
  /** Records read in this run (rows returned by the queries). */
  read: number;
  /** Our population records changed since the last run (all of them on a full read). */
  changed: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const ACCOUNT_FIELDS = ['Id', 'Name', 'Website', AccountFields.DUNS];
const LEAD_MATCH_FIELDS = ['Id', 'Name', 'Company', 'Email', 'Website', LeadFields.PartnerOverlapCount];
/** The one settings record the sync reads. */
export const SETTINGS_SOQL = `SELECT ${SETTINGS_FIELDS.join(', ')} FROM ${PartnerSyncSetting.apiName} WHERE ${PartnerSyncSetting.ExternalId} = '${SETTINGS_EXTERNAL_ID}'`;
/** Ids per `Id IN (...)` query: keeps the URL well under Salesforce's 16 KB limit. */
const IDS_PER_QUERY = 300;

function soqlDate(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

function quoteIds(ids: string[]): string {
  return ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(',');
}

function leadFields(filter: PopulationFilter): string[] {
  return [...new Set([...LEAD_MATCH_FIELDS, ...filter.fields])];
}

function watchedValues(row: SObjectRecord, filter: PopulationFilter): string {
  return JSON.stringify(filter.fields.map((f) => row[f] ?? null));
}

function leadState(row: SObjectRecord, filter: PopulationFilter, inPopulation: boolean): LeadState {
  return {
    name: str(row.Company) ?? str(row.Name),
    email: str(row.Email),
    website: str(row.Website),
    inPopulation,
    overlapCount: typeof row[LeadFields.PartnerOverlapCount] === 'number' ? (row[LeadFields.PartnerOverlapCount] as number) : 0,
    watched: watchedValues(row, filter),
  };
}

function accountState(row: SObjectRecord, pops: Population[]): AccountState {
  return { name: str(row.Name), website: str(row.Website), duns: str(row[AccountFields.DUNS]), pops };
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Reads what the sync needs. Without a watermark: everything (populations, open opportunities, the
 * sync's own rows). With one: only rows whose SystemModstamp is at or after it, batched into composite
 * calls, and population membership re-checked only for records that changed — so a run with no change
 * costs two calls. Deleted records are not seen incrementally: `--full` re-reads everything.
 */
export async function readOrg(client: OrgClient, previous: SyncState | undefined, now: Date, overlapSeconds: number): Promise<OrgRead & { nextWatermark: string }> {
  const nextWatermark = soqlDate(new Date(now.getTime() - overlapSeconds * 1000).toISOString());
  const since = previous?.watermark;
  const state: SyncState = previous === undefined || since === undefined ? { version: 1, accounts: {}, leads: {}, opps: {}, overlaps: previous?.overlaps ?? {}, influence: previous?.influence ?? {}, manual: [], disputed: [] } : structuredClone(previous);
  const after = since === undefined ? '' : ` AND SystemModstamp >= ${since}`;
  const where = (clause: string): string => (since === undefined ? ` WHERE ${clause}` : ` WHERE ${clause}${after}`);
  const first = await client.queries({
    settings: SETTINGS_SOQL,
    partners: `SELECT Id, Name, ${Partner.ExternalId}, ${Partner.Domain}, ${Partner.Status}, ${Partner.SharingLevel} FROM ${Partner.apiName}`,
    disputed: `SELECT ${PartnerOverlap.Account}, ${PartnerOverlap.Lead}, ${PartnerOverlap.PartnerRecordId} FROM ${PartnerOverlap.apiName}${where(`${PartnerOverlap.Disputed} = true`)}`,
    manual: `SELECT ${PartnerInfluence.Opportunity}, ${PartnerInfluence.Partner} FROM ${PartnerInfluence.apiName}${where(`${PartnerInfluence.Origin} = 'Manual'`)}`,
    opps: `SELECT Id, AccountId, IsClosed FROM Opportunity${since === undefined ? ' WHERE IsClosed = false AND AccountId != null' : ` WHERE SystemModstamp >= ${since}`}`,
  });
  const settings = settingsFromRecord(first.settings?.[0]);
  const partners: PartnerRow[] = (first.partners ?? []).map((r) => ({
    id: String(r.Id),
    name: String(r.Name),
    externalId: str(r[Partner.ExternalId]),
    domain: str(r[Partner.Domain]),
    status: str(r[Partner.Status]),
    sharingLevel: str(r[Partner.SharingLevel]),
  }));
  const disputed = new Set(state.disputed);
  for (const r of first.disputed ?? []) disputed.add(pairKey(String(r[PartnerOverlap.Account] ?? r[PartnerOverlap.Lead]), String(r[PartnerOverlap.PartnerRecordId])));
  state.disputed = [...disputed];
  const manual = new Set(state.manual);
  for (const r of first.manual ?? []) manual.add(`${String(r[PartnerInfluence.Opportunity])}|${String(r[PartnerInfluence.Partner])}`);
  state.manual = [...manual];
  let read = Object.values(first).reduce((n, rows) => n + rows.length, 0);
  const accountPops = settings.populations.filter((p) => p.object === 'Account');
  const leadPop = settings.populations.find((p) => p.object === 'Lead') as PopulationFilter;

  const recheckAccounts = new Set<string>();
  for (const r of first.opps ?? []) {
    const id = String(r.Id);
    const account = str(r.AccountId);
    const old = state.opps[id];
    if (old !== undefined) recheckAccounts.add(old);
    if (account !== undefined) recheckAccounts.add(account);
    if (r.IsClosed === true || account === undefined) delete state.opps[id];
    else state.opps[id] = account;
  }

  if (since === undefined) {
    // full read: every population, the sync's own overlaps and rule influence
    const full = await client.queries({
      ...Object.fromEntries(accountPops.map((p) => [p.population, `SELECT ${ACCOUNT_FIELDS.join(', ')} FROM Account WHERE ${p.where}`])),
      leads: `SELECT ${leadFields(leadPop).join(', ')} FROM Lead WHERE ${leadPop.where}`,
      overlaps: `SELECT Id, ${PartnerOverlap.ExternalId}, ${PartnerOverlap.Active}, ${PartnerOverlap.Partner}, ${PartnerOverlap.Lead} FROM ${PartnerOverlap.apiName} WHERE ${PartnerOverlap.ExternalId} != null`,
      influence: `SELECT Id, ${PartnerInfluence.ExternalId} FROM ${PartnerInfluence.apiName} WHERE ${PartnerInfluence.Origin} = 'Rule' AND ${PartnerInfluence.ExternalId} != null`,
    });
    read += Object.values(full).reduce((n, rows) => n + rows.length, 0);
    for (const p of accountPops) {
      for (const r of full[p.population] ?? []) {
        const id = String(r.Id);
        state.accounts[id] = accountState(r, [...(state.accounts[id]?.pops ?? []), p.population]);
      }
    }
    for (const r of full.leads ?? []) state.leads[String(r.Id)] = leadState(r, leadPop, true);
    // rows the org holds but the checkpoint lost: an unknown hash makes the plan rewrite them once
    const known = state.overlaps;
    state.overlaps = {};
    for (const r of full.overlaps ?? []) {
      const ext = String(r[PartnerOverlap.ExternalId]);
      state.overlaps[ext] = { id: String(r.Id), active: r[PartnerOverlap.Active] === true, hash: known[ext]?.hash ?? '', partnerId: String(r[PartnerOverlap.Partner]), leadId: str(r[PartnerOverlap.Lead]) };
    }
    state.influence = Object.fromEntries((full.influence ?? []).map((r) => [String(r[PartnerInfluence.ExternalId]), String(r.Id)]));
    return { settings, partners, state, read, changed: Object.keys(state.accounts).length + Object.keys(state.leads).length, nextWatermark: (state.watermark = nextWatermark) };
  }

  const changes = await client.queries({
    accounts: `SELECT Id FROM Account WHERE SystemModstamp >= ${since}`,
    leads: `SELECT ${leadFields(leadPop).join(', ')} FROM Lead WHERE SystemModstamp >= ${since}`,
  });
  read += Object.values(changes).reduce((n, rows) => n + rows.length, 0);
  for (const r of changes.accounts ?? []) recheckAccounts.add(String(r.Id));
  // a lead whose match fields, overlap count and filter fields are as we left them has not moved
  const recheckLeads = (changes.leads ?? []).filter((r) => {
    const known = state.leads[String(r.Id)];
    return known === undefined || JSON.stringify(leadState(r, leadPop, known.inPopulation)) !== JSON.stringify(known);
  });
  const membership: Record<string, string> = {};
  const accountIds = [...recheckAccounts];
  chunks(accountIds, IDS_PER_QUERY).forEach((ids, i) => {
    for (const p of accountPops) membership[`${p.population}#${i}`] = `SELECT ${ACCOUNT_FIELDS.join(', ')} FROM Account WHERE (${p.where}) AND Id IN (${quoteIds(ids)})`;
  });
  chunks(recheckLeads.map((r) => String(r.Id)), IDS_PER_QUERY).forEach((ids, i) => {
    membership[`leads#${i}`] = `SELECT ${leadFields(leadPop).join(', ')} FROM Lead WHERE (${leadPop.where}) AND Id IN (${quoteIds(ids)})`;
  });
  const rows = Object.keys(membership).length > 0 ? await client.queries(membership) : {};
  for (const id of accountIds) delete state.accounts[id];
  for (const [name, list] of Object.entries(rows)) {
    read += list.length;
    const [population] = name.split('#') as [string];
    for (const r of list) {
      const id = String(r.Id);
      if (population === 'leads') continue;
      state.accounts[id] = accountState(r, [...(state.accounts[id]?.pops ?? []), population as Population]);
    }
  }
  const inLeadPop = new Set(Object.entries(rows).filter(([n]) => n.startsWith('leads#')).flatMap(([, list]) => list.map((r) => String(r.Id))));
  for (const r of recheckLeads) state.leads[String(r.Id)] = leadState(r, leadPop, inLeadPop.has(String(r.Id)));
  state.watermark = nextWatermark;
  return { settings, partners, state, read, changed: accountIds.length + recheckLeads.length, nextWatermark };
}
