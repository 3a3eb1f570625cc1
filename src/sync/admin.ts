import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import { stringify as yamlStringify } from 'yaml';
import { z } from 'zod';
import { EXIT_CONFIG, findConfigFile, starterConfig } from '../config/localConfig.js';
import { defaultSettingsRecord, SETTINGS_EXTERNAL_ID } from '../config/settings.js';
import { registrableDomain } from '../match/domain.js';
import type { OrgClient, RecordError } from '../org/client.js';
import { Partner, PartnerSyncRun, PartnerSyncSetting, Picklists } from '../schema/dataModel.js';
import type { CheckpointStore } from './state.js';

Messages.importMessagesDirectory(__dirname);
const configMessages = Messages.loadMessages('partnerlens', 'config');
const partnerMessages = Messages.loadMessages('partnerlens', 'partners');

/** The file `partnerlens init` writes. */
export const STARTER_CONFIG_FILE = 'partnerlens.config.yaml';

const STARTER_HEADER = `# PartnerLens: machine-side settings only (docs/cli.md "Config file").
# What admins change (partners, populations, match options, thresholds) lives in the org:
# Partner__c records and the Partner_Sync_Setting__c record "default".
# partnerFiles / referralFiles: - { partner: <Partner__c External_Id__c or Domain__c>, file: <path relative to this file> }
`;

/**
 * Writes the starter config file in `cwd`; an existing config file (any of the accepted names) is kept
 * unless `force`. Returns the path written.
 */
export function writeStarterConfig(cwd: string, force: boolean, targetOrg?: string): string {
  const existing = findConfigFile(cwd);
  if (existing !== undefined && !force) {
    throw new SfError(configMessages.getMessage('error.ConfigExists', [path.relative(cwd, existing)]), 'ConfigExists', configMessages.getMessages('error.ConfigExists.actions'), EXIT_CONFIG);
  }
  const file = path.join(cwd, STARTER_CONFIG_FILE);
  writeFileSync(file, STARTER_HEADER + yamlStringify({ ...(targetOrg !== undefined ? { targetOrg } : {}), ...starterConfig() }));
  return file;
}

/**
 * Creates the settings record "default" with every default spelled out, by upsert on External_Id__c (so
 * never twice); an existing record is left as the admins edited it.
 */
export async function ensureDefaultSettings(client: OrgClient): Promise<{ id: string; created: boolean }> {
  const [existing] = await client.query(`SELECT Id FROM ${PartnerSyncSetting.apiName} WHERE ${PartnerSyncSetting.ExternalId} = '${SETTINGS_EXTERNAL_ID}'`);
  if (existing !== undefined) return { id: String(existing.Id), created: false };
  const [result] = await client.upsertCollection(PartnerSyncSetting.apiName, PartnerSyncSetting.ExternalId, [defaultSettingsRecord()]);
  if (result?.success !== true) throw writeError(PartnerSyncSetting.apiName, SETTINGS_EXTERNAL_ID, result?.errors ?? []);
  return { id: result.id, created: result.created };
}

function writeError(object: string, key: string, errors: readonly RecordError[]): SfError {
  const detail = errors.map((e) => `${e.statusCode}: ${e.message}${e.fields.length > 0 ? ` (${e.fields.join(', ')})` : ''}`).join('; ');
  return new SfError(partnerMessages.getMessage('error.WriteFailed', [object, key, detail]), 'WriteFailed', partnerMessages.getMessages('error.WriteFailed.actions'), 1);
}

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

export interface RunRow {
  runId: string;
  started?: string;
  finished?: string;
  mode?: string;
  status?: string;
  read: number;
  matched: number;
  created: number;
  updated: number;
  deactivated: number;
  failed: number;
  apiCalls: number;
  errors?: string;
}

export interface SyncStatus {
  runs: RunRow[];
  checkpoint: ReturnType<CheckpointStore['summary']>;
}

const RUN_COLUMNS = [
  PartnerSyncRun.ExternalId,
  PartnerSyncRun.Started,
  PartnerSyncRun.Finished,
  PartnerSyncRun.Mode,
  PartnerSyncRun.Status,
  PartnerSyncRun.RecordsRead,
  PartnerSyncRun.RecordsMatched,
  PartnerSyncRun.RecordsCreated,
  PartnerSyncRun.RecordsUpdated,
  PartnerSyncRun.RecordsDeactivated,
  PartnerSyncRun.RecordsFailed,
  PartnerSyncRun.APICallsUsed,
  PartnerSyncRun.ErrorSummary,
];

/** The latest `limit` runs from Partner_Sync_Run__c (newest first) and the local checkpoint of this org. */
export async function syncStatus(client: OrgClient, store: CheckpointStore, limit: number): Promise<SyncStatus> {
  const rows = await client.query(`SELECT ${RUN_COLUMNS.join(', ')} FROM ${PartnerSyncRun.apiName} ORDER BY ${PartnerSyncRun.Started} DESC LIMIT ${Math.max(1, Math.floor(limit))}`);
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    runs: rows.map((r) => ({
      runId: String(r[PartnerSyncRun.ExternalId]),
      started: str(r[PartnerSyncRun.Started]),
      finished: str(r[PartnerSyncRun.Finished]),
      mode: str(r[PartnerSyncRun.Mode]),
      status: str(r[PartnerSyncRun.Status]),
      read: num(r[PartnerSyncRun.RecordsRead]),
      matched: num(r[PartnerSyncRun.RecordsMatched]),
      created: num(r[PartnerSyncRun.RecordsCreated]),
      updated: num(r[PartnerSyncRun.RecordsUpdated]),
      deactivated: num(r[PartnerSyncRun.RecordsDeactivated]),
      failed: num(r[PartnerSyncRun.RecordsFailed]),
      apiCalls: num(r[PartnerSyncRun.APICallsUsed]),
      errors: str(r[PartnerSyncRun.ErrorSummary]),
    })),
    checkpoint: store.summary(),
  };
}
