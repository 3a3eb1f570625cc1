import { pairKey } from '../match/matchOverlaps.js';
import { registrationsDueSoql } from '../registrations/approval.js';
import { noticesDueSoql, type NoticeTarget } from '../registrations/notices.js';
import { AccountFields, LeadFields, OpportunityFields, PartnerInfluence, PartnerOverlap, PartnerSyncSetting, type Population } from '../schema/dataModel.js';
import { uniqueFields } from '../config/populationFilter.js';
import { SETTINGS_EXTERNAL_ID, SETTINGS_FIELDS, settingsFromRecord, type PopulationFilter, type SyncSettings } from '../config/settings.js';
import { emptyState } from './state.js';
import { influenceRowOf } from './plan.js';
import type { OrgClient, SObjectRecord } from '../org/client.js';
import { PARTNERS_SOQL, partnerFromRecord, type PartnerRow } from '../schema/partnerRecord.js';
import type { AccountState, InfluenceRowState, LeadState, OppState, SyncState } from './types.js';

export type { PartnerRow };

export interface OrgRead {
  settings: SyncSettings;
  partners: PartnerRow[];
  /** The state with our side and the org's manual/disputed rows brought up to date. */
  state: SyncState;
  /** Records read in this run (rows returned by the queries). */
  read: number;
  /** Our population records changed since the last run (all of them on a full read). */
  changed: number;
  /** Everything was read: no watermark, or the population filters changed since the checkpoint. */
  full: boolean;
  /** Approved deal registrations wait to be applied or expired (the run does it after its writes). */
  registrationsDue: boolean;
  /** A partner with a decision URL has not heard a registration's current status. */
  noticesDue: boolean;
  /**
   * Opportunities read this run (all on a full read, the changed ones otherwise) whose Source_Partner__c is set: a
   * converted partner-sourced lead carries it over (LeadConvertSettings). The plan gives each its Sourced row.
   */
  sourcedDeals: { opp: string; partner: string }[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const ACCOUNT_FIELDS = ['Id', 'Name', 'Website', AccountFields.DUNS];
const LEAD_MATCH_FIELDS = ['Id', 'Name', 'Company', 'Email', 'Website', LeadFields.PartnerOverlapCount];
const OPP_FIELDS = ['Id', 'AccountId', 'IsClosed', OpportunityFields.SourcePartner];
/** What the incremental read also takes of a touched opportunity: its Primary_Partner__c, and its influence row count (a roll-up: a deleted row changes it). */
const OPP_PRIMARY_FIELDS = [OpportunityFields.PrimaryPartner, OpportunityFields.PartnerInfluenceCount];
/** Every influence row, any origin: the Primary_Partner__c rule compares them, Manual ones keep Rule rows away, Rule ones are the sync's own. */
const INFLUENCE_FIELDS = ['Id', PartnerInfluence.ExternalId, PartnerInfluence.Opportunity, PartnerInfluence.Partner, PartnerInfluence.Origin, PartnerInfluence.Role, PartnerInfluence.AttributionPercent, PartnerInfluence.TouchDate, 'CreatedDate'];
const INFLUENCE_SELECT = `SELECT ${INFLUENCE_FIELDS.join(', ')} FROM ${PartnerInfluence.apiName}`;
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

/** A SELECT list without a field twice (SOQL names are case-insensitive, and a duplicate is an error). */
function selectList(...lists: readonly string[][]): string[] {
  return uniqueFields(lists.flat());
}

/** The value of a field or relationship path (`Parent.Type`) in a REST row, whatever the case the filter wrote it in. */
function valueAt(row: SObjectRecord, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    const obj = value as Record<string, unknown>;
    const key = part in obj ? part : Object.keys(obj).find((k) => k.toLowerCase() === part.toLowerCase());
    value = key === undefined ? null : obj[key];
  }
  return value ?? null;
}

function watchedValues(row: SObjectRecord, paths: readonly string[]): string {
  return JSON.stringify(paths.map((p) => valueAt(row, p)));
}

/** What the Account filters read, all populations together: the incremental read compares it with the state. */
interface AccountReads {
  /** Account fields (relationship paths included) the Account filters read. */
  own: string[];
  /** Opportunity fields the Account filters read through `Id IN (SELECT AccountId FROM Opportunity ...)`, beyond AccountId and IsClosed. */
  opportunity: string[];
  /** Every semi-join is one on Opportunity.AccountId: a touched record whose watched values are as before has not moved. */
  followable: boolean;
}

function accountReads(pops: PopulationFilter[]): AccountReads {
  const opportunity = selectList(pops.flatMap((p) => p.reads.opportunity));
  const base = new Set(OPP_FIELDS.map((f) => f.toLowerCase()));
  return {
    // Id (the outer field of `Id IN (SELECT ...)`) never changes: not worth a place in every account's state
    own: selectList(pops.flatMap((p) => p.reads.own)).filter((f) => f.toLowerCase() !== 'id'),
    opportunity: opportunity.filter((f) => !base.has(f.toLowerCase())),
    followable: pops.every((p) => p.reads.followable),
  };
}

/** The filters a state was read with: a state read with other filters is not compared with, it is re-read. */
function filtersKey(settings: SyncSettings): string {
  return JSON.stringify(settings.populations.map((p) => [p.population, p.where]));
}

function leadFields(filter: PopulationFilter): string[] {
  return selectList(LEAD_MATCH_FIELDS, filter.fields);
}

function leadState(row: SObjectRecord, filter: PopulationFilter, inPopulation: boolean): LeadState {
  return {
    name: str(row.Company) ?? str(row.Name),
    email: str(row.Email),
    website: str(row.Website),
    inPopulation,
    overlapCount: typeof row[LeadFields.PartnerOverlapCount] === 'number' ? (row[LeadFields.PartnerOverlapCount] as number) : 0,
    watched: watchedValues(row, filter.fields),
  };
}

function accountState(row: SObjectRecord, pops: Population[], reads: AccountReads): AccountState {
  return { name: str(row.Name), website: str(row.Website), duns: str(row[AccountFields.DUNS]), pops, watched: watchedValues(row, reads.own) };
}

/** An open opportunity with an account; undefined for a closed or account-less one (the state keeps only open ones). */
function oppState(row: SObjectRecord, reads: AccountReads): OppState | undefined {
  const account = str(row.AccountId);
  return row.IsClosed === true || account === undefined ? undefined : { account, watched: watchedValues(row, reads.opportunity) };
}

function sourcedDealsOf(rows: readonly SObjectRecord[]): OrgRead['sourcedDeals'] {
  return rows.flatMap((r) => {
    const partner = str(r[OpportunityFields.SourcePartner]);
    return partner === undefined ? [] : [{ opp: String(r.Id), partner }];
  });
}

/** An influence row the state can hold: undefined without its opportunity or partner. */
function influenceRow(row: SObjectRecord): InfluenceRowState | undefined {
  if (str(row[PartnerInfluence.Opportunity]) === undefined || str(row[PartnerInfluence.Partner]) === undefined) return undefined;
  return influenceRowOf(row);
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Reads what the sync needs. Without a watermark (or when the population filters changed since the
 * checkpoint): everything (populations, open opportunities, the sync's own rows, every influence row, every
 * non-blank Primary_Partner__c). With one: only rows whose
 * SystemModstamp is at or after it, batched into composite calls, and population membership re-checked only
 * for records that may have moved: a touched row whose match fields and filter-read values are as the state
 * left them (the sync's own writes bump Opportunity roll-ups and Lead overlap counts) is not re-checked, so a
 * run with no change costs two calls plus one per 2,000 rows touched. Deleted records are not seen
 * incrementally (`--full` re-reads everything), except influence rows: an opportunity whose roll-up count
 * differs from the rows the state holds has its rows re-read.
 */
export async function readOrg(client: OrgClient, previous: SyncState | undefined, now: Date, overlapSeconds: number, noticeTargets: readonly NoticeTarget[] = []): Promise<OrgRead & { nextWatermark: string }> {
  const nextWatermark = soqlDate(new Date(now.getTime() - overlapSeconds * 1000).toISOString());
  const since = previous?.watermark;
  const fresh = (): SyncState => ({ ...emptyState(), overlaps: previous?.overlaps ?? {}, influence: previous?.influence ?? {}, primary: previous?.primary ?? {} });
  // the caller hands over the checkpoint it just loaded: updated in place, not copied (seconds at 100k records)
  let state: SyncState = previous === undefined || since === undefined ? fresh() : previous;
  const after = since === undefined ? '' : ` AND SystemModstamp >= ${since}`;
  const disputedSoql = (more: string): string => `SELECT ${PartnerOverlap.Account}, ${PartnerOverlap.Lead}, ${PartnerOverlap.PartnerRecordId} FROM ${PartnerOverlap.apiName} WHERE ${PartnerOverlap.Disputed} = true${more}`;
  const influenceSoql = (where: string): string => (where === '' ? INFLUENCE_SELECT : `${INFLUENCE_SELECT} WHERE ${where}`);
  const first = await client.queries({
    settings: SETTINGS_SOQL,
    partners: PARTNERS_SOQL,
    disputed: disputedSoql(after),
    // every origin: a partner manager's Manual row (added through the UI) may change a deal's primary partner
    influence: influenceSoql(since === undefined ? '' : `SystemModstamp >= ${since}`),
    registrations: registrationsDueSoql(now),
    // asked only when the config names a decision URL, so a sync without one costs nothing more
    ...(noticeTargets.length > 0 ? { notices: noticesDueSoql(noticeTargets, { limit: 1 }) } : {}),
  });
  const settings = settingsFromRecord(first.settings?.[0]);
  // the org's budget share governs every later call of this run, reads included
  if (client.budget !== undefined) client.budget.percent = settings.apiBudgetPercent;
  const registrationsDue = (first.registrations ?? []).length > 0;
  const noticesDue = (first.notices ?? []).length > 0;
  delete first.registrations;
  delete first.notices;
  const partners: PartnerRow[] = (first.partners ?? []).map(partnerFromRecord);
  let read = Object.values(first).reduce((n, rows) => n + rows.length, 0);
  const accountPops = settings.populations.filter((p) => p.object === 'Account');
  const leadPop = settings.populations.find((p) => p.object === 'Lead') as PopulationFilter;
  const reads = accountReads(accountPops);
  const accountSelect = selectList(ACCOUNT_FIELDS, reads.own).join(', ');
  const oppSelect = selectList(OPP_FIELDS, reads.opportunity).join(', ');
  const filters = filtersKey(settings);
  // the state was read with other filters: its membership and watched values say nothing about these
  const filtersChanged = since !== undefined && state.filters !== filters;
  if (filtersChanged) state = fresh();
  const addDisputedAndInfluence = (rows: Record<string, SObjectRecord[]>): void => {
    const disputed = new Set(state.disputed);
    for (const r of rows.disputed ?? []) disputed.add(pairKey(String(r[PartnerOverlap.Account] ?? r[PartnerOverlap.Lead]), String(r[PartnerOverlap.PartnerRecordId])));
    state.disputed = [...disputed];
    const manual = new Set(state.manual);
    for (const r of rows.influence ?? []) {
      const row = influenceRow(r);
      if (row === undefined) continue;
      state.influenceRows[String(r.Id)] = row;
      if (row.origin === 'Manual') manual.add(`${row.opp}|${row.partner}`);
    }
    state.manual = [...manual];
  };
  state.filters = filters;

  if (since === undefined || filtersChanged) {
    // full read: every population, open opportunities, the sync's own overlaps, every Primary_Partner__c set
    // (influence rows of every origin came in the first call, unless that was an incremental one)
    const full = await client.queries({
      ...Object.fromEntries(accountPops.map((p) => [p.population, `SELECT ${accountSelect} FROM Account WHERE ${p.where}`])),
      leads: `SELECT ${leadFields(leadPop).join(', ')} FROM Lead WHERE ${leadPop.where}`,
      opps: `SELECT ${oppSelect} FROM Opportunity WHERE IsClosed = false AND AccountId != null`,
      overlaps: `SELECT Id, ${PartnerOverlap.ExternalId}, ${PartnerOverlap.Active}, ${PartnerOverlap.Partner}, ${PartnerOverlap.Lead}, ${PartnerOverlap.Account}, ${PartnerOverlap.PartnerPopulation} FROM ${PartnerOverlap.apiName} WHERE ${PartnerOverlap.ExternalId} != null`,
      primary: `SELECT Id, ${OpportunityFields.PrimaryPartner} FROM Opportunity WHERE ${OpportunityFields.PrimaryPartner} != null`,
      sourced: `SELECT Id, ${OpportunityFields.SourcePartner} FROM Opportunity WHERE ${OpportunityFields.SourcePartner} != null`,
      // the first call read only the changes to these
      ...(filtersChanged ? { disputed: disputedSoql(''), influence: influenceSoql('') } : {}),
    });
    read += Object.values(full).reduce((n, rows) => n + rows.length, 0);
    const everyInfluence = filtersChanged ? full : first;
    addDisputedAndInfluence(everyInfluence);
    for (const p of accountPops) {
      for (const r of full[p.population] ?? []) {
        const id = String(r.Id);
        state.accounts[id] = accountState(r, [...(state.accounts[id]?.pops ?? []), p.population], reads);
      }
    }
    for (const r of full.leads ?? []) state.leads[String(r.Id)] = leadState(r, leadPop, true);
    for (const r of full.opps ?? []) {
      const opp = oppState(r, reads);
      if (opp !== undefined) state.opps[String(r.Id)] = opp;
    }
    // rows the org holds but the checkpoint lost: an unknown hash makes the plan rewrite them once
    const known = state.overlaps;
    state.overlaps = {};
    for (const r of full.overlaps ?? []) {
      const ext = String(r[PartnerOverlap.ExternalId]);
      state.overlaps[ext] = {
        id: String(r.Id), active: r[PartnerOverlap.Active] === true, hash: known[ext]?.hash ?? '', partnerId: String(r[PartnerOverlap.Partner]), leadId: str(r[PartnerOverlap.Lead]),
        accountId: str(r[PartnerOverlap.Account]), population: str(r[PartnerOverlap.PartnerPopulation]) as Population | undefined,
      };
    }
    state.influence = Object.fromEntries(
      (everyInfluence.influence ?? []).filter((r) => r[PartnerInfluence.Origin] === 'Rule' && str(r[PartnerInfluence.ExternalId]) !== undefined).map((r) => [String(r[PartnerInfluence.ExternalId]), String(r.Id)]),
    );
    // a value the checkpoint says the sync wrote stays the sync's while the org still holds it
    const wrote = state.primary;
    state.primary = {};
    for (const r of full.primary ?? []) {
      const id = String(r.Id);
      const partner = String(r[OpportunityFields.PrimaryPartner]);
      state.primary[id] = { partner, bySync: wrote[id]?.partner === partner && wrote[id]?.bySync === true };
    }
    return { settings, partners, state, read, changed: Object.keys(state.accounts).length + Object.keys(state.leads).length, full: true, registrationsDue, noticesDue, sourcedDeals: sourcedDealsOf(full.sourced ?? []), nextWatermark: (state.watermark = nextWatermark) };
  }

  addDisputedAndInfluence(first);
  const changes = await client.queries({
    accounts: `SELECT ${accountSelect} FROM Account WHERE SystemModstamp >= ${since}`,
    leads: `SELECT ${leadFields(leadPop).join(', ')} FROM Lead WHERE SystemModstamp >= ${since}`,
    opps: `SELECT ${selectList(OPP_FIELDS, reads.opportunity, OPP_PRIMARY_FIELDS).join(', ')} FROM Opportunity WHERE SystemModstamp >= ${since}`,
  });
  read += Object.values(changes).reduce((n, rows) => n + rows.length, 0);

  // Primary_Partner__c as the org holds it now: a value changed by someone else is no longer the sync's to clear.
  // A deleted influence row is not seen by SystemModstamp, but it changes its opportunity's roll-up count (and so
  // touches the opportunity): an opportunity whose count differs from the rows the state holds has its rows re-read.
  const rowsPerOpp = new Map<string, number>();
  for (const r of Object.values(state.influenceRows)) rowsPerOpp.set(r.opp, (rowsPerOpp.get(r.opp) ?? 0) + 1);
  const recheckInfluence: string[] = [];
  for (const r of changes.opps ?? []) {
    const id = String(r.Id);
    const value = str(r[OpportunityFields.PrimaryPartner]);
    if (value === undefined) delete state.primary[id];
    else if (state.primary[id]?.partner !== value) state.primary[id] = { partner: value, bySync: false };
    const count = r[OpportunityFields.PartnerInfluenceCount];
    if ((typeof count === 'number' ? count : 0) !== (rowsPerOpp.get(id) ?? 0)) recheckInfluence.push(id);
  }

  // an opportunity moves its accounts only when its account, IsClosed or a field an Account filter reads
  // changed; one the state does not know (closed, or new) re-checks the account it has now
  const recheckAccounts = new Set<string>();
  for (const r of changes.opps ?? []) {
    const id = String(r.Id);
    const old = state.opps[id];
    const opp = oppState(r, reads);
    const moved = !reads.followable || old === undefined || opp === undefined || opp.account !== old.account || opp.watched !== old.watched;
    if (moved) {
      if (old !== undefined) recheckAccounts.add(old.account);
      const account = str(r.AccountId);
      if (account !== undefined) recheckAccounts.add(account);
    }
    if (opp === undefined) delete state.opps[id];
    else state.opps[id] = opp;
  }
  // an account whose filter-read values are as we left them has not moved; new match fields are taken as they are
  let touched = 0;
  for (const r of changes.accounts ?? []) {
    const id = String(r.Id);
    const known = state.accounts[id];
    const seen = known === undefined ? undefined : accountState(r, known.pops, reads);
    if (seen === undefined || !reads.followable || seen.watched !== known?.watched) recheckAccounts.add(id);
    else if (JSON.stringify(seen) !== JSON.stringify(known)) {
      state.accounts[id] = seen;
      touched++;
    }
  }
  // a lead whose match fields, overlap count and filter fields are as we left them has not moved
  const recheckLeads = (changes.leads ?? []).filter((r) => {
    const known = state.leads[String(r.Id)];
    return known === undefined || JSON.stringify(leadState(r, leadPop, known.inPopulation)) !== JSON.stringify(known);
  });
  const membership: Record<string, string> = {};
  const accountIds = [...recheckAccounts];
  chunks(accountIds, IDS_PER_QUERY).forEach((ids, i) => {
    for (const p of accountPops) membership[`${p.population}#${i}`] = `SELECT ${accountSelect} FROM Account WHERE (${p.where}) AND Id IN (${quoteIds(ids)})`;
  });
  chunks(recheckLeads.map((r) => String(r.Id)), IDS_PER_QUERY).forEach((ids, i) => {
    membership[`leads#${i}`] = `SELECT ${leadFields(leadPop).join(', ')} FROM Lead WHERE (${leadPop.where}) AND Id IN (${quoteIds(ids)})`;
  });
  chunks(recheckInfluence, IDS_PER_QUERY).forEach((ids, i) => {
    membership[`influence#${i}`] = `${INFLUENCE_SELECT} WHERE ${PartnerInfluence.Opportunity} IN (${quoteIds(ids)})`;
  });
  const rows = Object.keys(membership).length > 0 ? await client.queries(membership) : {};
  for (const id of accountIds) delete state.accounts[id];
  const reread = new Set(recheckInfluence);
  for (const [id, r] of Object.entries(state.influenceRows)) if (reread.has(r.opp)) delete state.influenceRows[id];
  for (const [name, list] of Object.entries(rows)) {
    read += list.length;
    const [population] = name.split('#') as [string];
    if (population === 'influence') addDisputedAndInfluence({ influence: list });
    for (const r of list) {
      const id = String(r.Id);
      if (population === 'leads' || population === 'influence') continue;
      state.accounts[id] = accountState(r, [...(state.accounts[id]?.pops ?? []), population as Population], reads);
    }
  }
  const inLeadPop = new Set(Object.entries(rows).filter(([n]) => n.startsWith('leads#')).flatMap(([, list]) => list.map((r) => String(r.Id))));
  for (const r of recheckLeads) state.leads[String(r.Id)] = leadState(r, leadPop, inLeadPop.has(String(r.Id)));
  state.watermark = nextWatermark;
  return { settings, partners, state, read, changed: accountIds.length + touched + recheckLeads.length, full: false, registrationsDue, noticesDue, sourcedDeals: sourcedDealsOf(changes.opps ?? []), nextWatermark };
}
