import path from 'node:path';
import { Messages } from '@salesforce/core';
import { latestOverlapResult, partnerResults } from '../psi/result.js';
import { loadPrivateOverlapSource } from '../psi/resultSource.js';
import { readPartnerFile } from '../sources/partnerFile.js';
import { readReferralFile } from '../sources/referralFile.js';
import type { PartnerFileError } from '../sources/fileError.js';
import type { ResolvedConfig } from '../config/localConfig.js';
import { OrgClient } from '../org/client.js';
import type { Target } from '../org/connection.js';
import { BudgetGuard } from '../org/budget.js';
import { decisionNoticeTargets } from '../registrations/notices.js';
import { runSync, type SyncOptions } from './engine.js';
import type { PartnerData, SyncResult } from './types.js';
import type { ExchangeData } from './exchanges.js';
import type { ReferralData } from './referrals.js';
import { CheckpointStore } from './state.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');
const signalMessages = Messages.loadMessages('partnerlens', 'signals');

/** A file's row problems as the run reports them: "file:line", the message, the field. */
function problemsOf(errors: readonly PartnerFileError[]): PartnerData['problems'] {
  return errors.map((e) => ({ key: `${e.file}${e.line !== undefined ? `:${e.line}` : ''}`, message: e.message, fields: e.field }));
}

/** Partner data from the file drops the config names (paths relative to the config file). */
export async function loadPartnerFiles(config: ResolvedConfig): Promise<PartnerData[]> {
  const out: PartnerData[] = [];
  for (const entry of config.partnerFiles) {
    const file = path.resolve(config.baseDir, entry.file);
    const parsed = await readPartnerFile(file);
    out.push({
      partner: entry.partner,
      source: 'File',
      from: path.relative(config.baseDir, file) || file,
      records: parsed.records,
      problems: problemsOf(parsed.errors),
    });
  }
  return out;
}

/**
 * Partner data from the private exchanges the config names: each partner's latest completed result that
 * names records (list or attributes mode). A partner with none yet has no data this run (its overlaps stay).
 */
export function loadPrivateResults(config: ResolvedConfig): PartnerData[] {
  const out: PartnerData[] = [];
  for (const entry of config.privateResults) {
    const found = latestOverlapResult(path.resolve(config.baseDir, entry.file));
    if (found === undefined) continue;
    const { session, mode, finishedAt } = found.result;
    out.push({
      partner: entry.partner,
      source: 'Private exchange',
      from: `${path.relative(config.baseDir, found.file) || found.file} (exchange ${session}, ${mode}, finished ${finishedAt})`,
      records: loadPrivateOverlapSource(found.file),
      problems: [],
    });
  }
  return out;
}

/** Referrals from the files `entries` name (paths relative to `baseDir`). */
export async function loadReferralFiles(entries: readonly { partner: string; file: string }[], baseDir: string): Promise<ReferralData[]> {
  const out: ReferralData[] = [];
  for (const entry of entries) {
    const parsed = await readReferralFile(path.resolve(baseDir, entry.file));
    out.push({ partner: entry.partner, referrals: parsed.referrals, problems: problemsOf(parsed.errors) });
  }
  return out;
}

export interface SyncFromConfigOptions extends Pick<SyncOptions, 'dryRun' | 'full' | 'progress' | 'crashAfterBatch' | 'now' | 'overlapSeconds'> {
  cwd: string;
  target: Target;
  config: ResolvedConfig;
  /** Share of the daily API limit to stop at; the org's setting wins once read (default 80). */
  budgetPercent?: number;
}

/** Every completed exchange beside each configured result file, to record as Partner_Exchange__c. */
export function loadExchanges(config: ResolvedConfig): ExchangeData[] {
  return config.privateResults.map((entry) => ({ partner: entry.partner, results: partnerResults(path.resolve(config.baseDir, entry.file)).map((r) => r.result) }));
}

/** The config's decision-notice partners, read once a run: their targets, and the secrets missing from the environment. */
function noticeTargets(options: SyncFromConfigOptions): ReturnType<typeof decisionNoticeTargets> {
  return decisionNoticeTargets(options.config.registrationIntake, process.env);
}

/** The config's signal kinds and delivery channels; the Slack webhook URL comes from the environment variable it names. */
export function signalOptions(config: ResolvedConfig, env: NodeJS.ProcessEnv): Pick<SyncOptions, 'signals' | 'signalDelivery'> & { missing?: string } {
  const { kinds, notify } = config.signals;
  const envName = notify.slackWebhookEnv;
  const slackWebhookUrl = envName === undefined ? undefined : env[envName] || undefined;
  const delivery = { salesforce: notify.salesforce, slackWebhookUrl, digest: notify.digest };
  return {
    signals: { kinds, notify: delivery.salesforce || slackWebhookUrl !== undefined },
    signalDelivery: delivery,
    missing: envName !== undefined && slackWebhookUrl === undefined ? envName : undefined,
  };
}

function engineOptions(options: SyncFromConfigOptions, notices = noticeTargets(options)): Omit<SyncOptions, 'loadPartners'> {
  const { signals, signalDelivery } = signalOptions(options.config, process.env);
  return {
    signals,
    signalDelivery,
    ...options,
    client: new OrgClient(options.target.conn, { budget: new BudgetGuard(options.budgetPercent ?? 80) }),
    store: new CheckpointStore(path.resolve(options.config.baseDir, options.config.checkpointDir), options.target.key),
    runsDir: path.join(options.cwd, '.partnerlens', 'runs'),
    source: options.target.label,
    decisionNotices: notices.targets,
  };
}

/** A sync as the CLI runs it: checkpoint and run folders under the project, partner and referral files from the config. */
export async function syncFromConfig(options: SyncFromConfigOptions): Promise<SyncResult> {
  const notices = noticeTargets(options);
  const result = await runSync({
    ...engineOptions(options, notices),
    loadPartners: async () => [...(await loadPartnerFiles(options.config)), ...loadPrivateResults(options.config)],
    loadReferrals: () => loadReferralFiles(options.config.referralFiles, options.config.baseDir),
    loadExchanges: () => loadExchanges(options.config),
  });
  const unmatched = noPartnerDataWarning(options.config);
  if (unmatched !== undefined) result.warnings.unshift(unmatched);
  if (notices.missing.length > 0) result.warnings.push(messages.getMessage('warning.NoticeSecretMissing', [notices.missing.join(', ')]));
  const slackMissing = signalOptions(options.config, process.env).missing;
  if (slackMissing !== undefined) result.warnings.push(signalMessages.getMessage('warning.SlackWebhookMissing', [slackMissing]));
  return result;
}

/** A config that names no partner data makes a sync that matches nothing: say so rather than report 0 as if it were news. */
function noPartnerDataWarning(config: ResolvedConfig): string | undefined {
  if (config.partnerFiles.length > 0 || config.privateResults.length > 0) return undefined;
  return config.file === undefined ? messages.getMessage('warning.NoConfig', [config.baseDir]) : messages.getMessage('warning.NoPartnerData', [config.file]);
}

/**
 * `partnerlens referrals import`: one referral file through the sync engine (same reads, batching,
 * retries, checkpoint and run record), partner files left alone. An unfinished earlier run is resumed
 * first, then the import runs.
 */
export async function importReferrals(options: SyncFromConfigOptions & { partner: string; file: string }): Promise<SyncResult> {
  const run = (): Promise<SyncResult> =>
    runSync({
      ...engineOptions(options),
      loadPartners: () => Promise.resolve([]),
      loadReferrals: () => loadReferralFiles([{ partner: options.partner, file: options.file }], options.cwd),
      source: `${options.target.label}: referrals from ${options.file}`,
    });
  const first = await run();
  return first.mode === 'Resume' && first.status !== 'Paused' ? run() : first;
}
