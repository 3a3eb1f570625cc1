// `partnerlens init`: the starter config file and the settings record.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import { stringify as yamlStringify } from 'yaml';
import { EXIT_CONFIG, findConfigFile, starterConfig } from '../config/localConfig.js';
import { defaultSettingsRecord, SETTINGS_EXTERNAL_ID } from '../config/settings.js';
import type { OrgClient } from '../org/client.js';
import { PartnerSyncSetting } from '../schema/dataModel.js';
import { writeError } from './writeFailed.js';

Messages.importMessagesDirectory(__dirname);
const configMessages = Messages.loadMessages('partnerlens', 'config');

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
