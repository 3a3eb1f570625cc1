import { Messages, SfError } from '@salesforce/core';
import { z } from 'zod';
import { PartnerSyncSetting, type Population } from '../schema/dataModel.js';
import { filterReads, validatePopulationFilter, type FilterReads } from './populationFilter.js';
import { EXIT_CONFIG } from './localConfig.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'config');

/** External_Id__c of the one settings record the sync reads. */
export const SETTINGS_EXTERNAL_ID = 'default';

export interface PopulationDef {
  population: Population;
  object: 'Account' | 'Lead';
  /** The settings field admins edit. */
  field: string;
  defaultWhere: string;
}

export const POPULATIONS: readonly PopulationDef[] = [
  { population: 'Customer', object: 'Account', field: PartnerSyncSetting.CustomerFilter, defaultWhere: "Type = 'Customer'" },
  { population: 'Open Opportunity', object: 'Account', field: PartnerSyncSetting.OpenOpportunityFilter, defaultWhere: 'Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false)' },
  { population: 'Prospect', object: 'Account', field: PartnerSyncSetting.ProspectFilter, defaultWhere: "Type = 'Prospect'" },
  { population: 'Lead', object: 'Lead', field: PartnerSyncSetting.LeadFilter, defaultWhere: 'IsConverted = false' },
];

export interface PopulationFilter extends PopulationDef {
  where: string;
  /** Fields of `object` the filter reads: a change to one may move a record in or out. */
  fields: string[];
  /** What the filter reads, relationship paths and Opportunity semi-joins included (the incremental read compares them). */
  reads: FilterReads;
}

export interface SyncSettings {
  populations: PopulationFilter[];
  nameFallback: boolean;
  emailDomainMatch: boolean;
  ruleInfluence: boolean;
  bulkThreshold: number;
  maxDeactivationPercent: number;
  apiBudgetPercent: number;
}

const optionalBool = (fallback: boolean) => z.boolean().nullish().transform((v) => v ?? fallback);
const optionalNumber = (fallback: number, min: number, max: number) =>
  z.number().min(min).max(max).nullish().transform((v) => v ?? fallback);

/** The record as the REST API returns it; blank fields fall back to the documented defaults. */
const settingsRecordSchema = z.looseObject({
  [PartnerSyncSetting.NameFallback]: optionalBool(false),
  [PartnerSyncSetting.EmailDomainMatch]: optionalBool(true),
  [PartnerSyncSetting.RuleInfluence]: optionalBool(true),
  [PartnerSyncSetting.BulkThreshold]: optionalNumber(2000, 1, 100_000_000),
  [PartnerSyncSetting.MaxDeactivationPercent]: optionalNumber(50, 0, 100),
  [PartnerSyncSetting.APIBudgetPercent]: optionalNumber(80, 1, 100),
});

/** Every settings field the sync reads, for the SOQL that fetches the record. */
export const SETTINGS_FIELDS: readonly string[] = ['Id', 'SystemModstamp', ...POPULATIONS.map((p) => p.field), ...Object.keys(settingsRecordSchema.shape)];

/** Settings from the org's record (undefined when there is none yet: all defaults); throws SfError (exit 2) naming the field. */
export function settingsFromRecord(record: Record<string, unknown> | undefined): SyncSettings {
  const parsed = settingsRecordSchema.safeParse(record ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '?');
    throw new SfError(messages.getMessage('error.InvalidSetting', [field, issue?.message ?? 'invalid']), 'InvalidSetting', messages.getMessages('error.InvalidSetting.actions', [field]), EXIT_CONFIG);
  }
  const populations = POPULATIONS.map((def): PopulationFilter => {
    const raw = record?.[def.field];
    const text = typeof raw === 'string' && raw.trim() !== '' ? raw : def.defaultWhere;
    const result = validatePopulationFilter(def.object, text);
    if (!result.ok) {
      throw new SfError(messages.getMessage('error.InvalidFilter', [def.field, def.object, result.reason]), 'InvalidFilter', messages.getMessages('error.InvalidFilter.actions', [def.field, def.object, def.defaultWhere]), EXIT_CONFIG);
    }
    return { ...def, where: result.where, fields: result.fields, reads: filterReads(def.object, result.where) };
  });
  const s = parsed.data;
  return {
    populations,
    nameFallback: s[PartnerSyncSetting.NameFallback],
    emailDomainMatch: s[PartnerSyncSetting.EmailDomainMatch],
    ruleInfluence: s[PartnerSyncSetting.RuleInfluence],
    bulkThreshold: s[PartnerSyncSetting.BulkThreshold],
    maxDeactivationPercent: s[PartnerSyncSetting.MaxDeactivationPercent],
    apiBudgetPercent: s[PartnerSyncSetting.APIBudgetPercent],
  };
}

/** The record `partnerlens init` upserts: every default spelled out so admins see what to edit. */
export function defaultSettingsRecord(): Record<string, unknown> {
  return {
    Name: 'Default',
    [PartnerSyncSetting.ExternalId]: SETTINGS_EXTERNAL_ID,
    ...Object.fromEntries(POPULATIONS.map((p) => [p.field, p.defaultWhere])),
    [PartnerSyncSetting.NameFallback]: false,
    [PartnerSyncSetting.EmailDomainMatch]: true,
    [PartnerSyncSetting.RuleInfluence]: true,
    [PartnerSyncSetting.BulkThreshold]: 2000,
    [PartnerSyncSetting.MaxDeactivationPercent]: 50,
    [PartnerSyncSetting.APIBudgetPercent]: 80,
  };
}
