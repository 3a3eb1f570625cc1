// The settings record: present, valid by the sync's own parsing, and each population filter accepted by the org.
import { SfError } from '@salesforce/core';
import { SETTINGS_EXTERNAL_ID, settingsFromRecord, type SyncSettings } from '../../config/settings.js';
import { PartnerSyncSetting } from '../../schema/dataModel.js';
import { SETTINGS_SOQL } from '../../sync/readOrg.js';
import { compositeGets } from './composite.js';
import { doctorMessages as messages } from './messages.js';
import { finding, type DoctorContext, type Finding } from './types.js';

export interface SettingsFacts {
  /** The budget the sync would use: the record's API_Budget_Percent__c, or the default when it has none or is invalid. */
  apiBudgetPercent: number;
}

const DEFAULT_BUDGET = settingsFromRecord(undefined).apiBudgetPercent;

/** Two calls: the record (the sync's own query), then one composite COUNT() per population filter. */
export async function checkSettings(ctx: DoctorContext): Promise<Finding & SettingsFacts> {
  let records;
  try {
    records = await ctx.client.query(SETTINGS_SOQL);
  } catch (error) {
    return { ...finding('fail', messages.getMessage('settings.unreadable', [error instanceof Error ? error.message : String(error)]), messages.getMessages('settings.unreadable.actions')), apiBudgetPercent: DEFAULT_BUDGET };
  }
  const record = records[0];
  let settings: SyncSettings;
  try {
    settings = settingsFromRecord(record);
  } catch (error) {
    if (!(error instanceof SfError)) throw error;
    return { ...finding('fail', messages.getMessage('settings.invalid', [error.message]), error.actions ?? []), apiBudgetPercent: DEFAULT_BUDGET };
  }
  // the parser accepts any well-formed WHERE clause; the org knows whether its fields exist
  const counts = await compositeGets(ctx.client, settings.populations.map((p) => `/query?q=${encodeURIComponent(`SELECT COUNT() FROM ${p.object} WHERE ${p.where}`)}`));
  const facts = { apiBudgetPercent: settings.apiBudgetPercent };
  const refused = settings.populations.map((p, i) => ({ p, r: counts[i] })).find(({ r }) => r?.ok === false);
  if (refused !== undefined && refused.r?.ok === false) {
    const { p, r } = refused;
    return { ...finding('fail', messages.getMessage('settings.filterRefused', [p.field, `\`${p.where}\``, `${r.errorCode}: ${r.message}`]), messages.getMessages('settings.filterRefused.actions', [p.field, p.object, p.defaultWhere])), ...facts };
  }
  if (record === undefined) {
    return { ...finding('warn', messages.getMessage('settings.none', [PartnerSyncSetting.apiName, SETTINGS_EXTERNAL_ID]), messages.getMessages('settings.none.actions')), ...facts };
  }
  const sizes = settings.populations.map((p, i) => {
    const r = counts[i];
    return `${p.population} ${r?.ok === true ? String((r.body as { totalSize?: number }).totalSize ?? '?') : '?'}`;
  });
  return { ...finding('ok', messages.getMessage('settings.ok', [PartnerSyncSetting.apiName, SETTINGS_EXTERNAL_ID, sizes.join(', ')])), ...facts };
}
