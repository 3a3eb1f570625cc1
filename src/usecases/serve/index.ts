// `partnerlens serve` as a use case: the sync loop, its health server, file watching and log, wired to one org.
import { hostname } from 'node:os';
import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import type { ResolvedConfig } from '../../config/localConfig.js';
import { SETTINGS_EXTERNAL_ID } from '../../config/settings.js';
import { PartnerSyncSetting } from '../../schema/dataModel.js';
import { OrgClient } from '../../org/client.js';
import { defaultRetryPolicy } from '../../org/retry.js';
import type { Target } from '../../org/connection.js';
import { EXIT } from '../../common/exitCodes.js';
import { syncFromConfig } from '../../sync/fromConfig.js';
import { CheckpointStore } from '../../sync/state.js';
import { LeadFields, OpportunityFields } from '../../schema/dataModel.js';
import { EventStream, isOwnWrite } from './events.js';
import type { Clock } from './clock.js';
import { isLoopback, startHealthServer } from './http.js';
import { serviceLogger } from './logger.js';
import { SyncService, type BudgetProbe, type Counters, type PublishedState, type RunSummary } from './service.js';
import { watchFiles } from './watch.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'serve');

export interface ServeOptions {
  cwd: string;
  target: Target;
  config: ResolvedConfig;
  clock: Clock;
  intervalSeconds: number;
  pauseCheckSeconds: number;
  host: string;
  port: number;
  allowRemote: boolean;
  logFile?: string;
  jsonOnStdout: boolean;
  human: (line: string) => void;
  maxCycles?: number;
  watch: boolean;
  /** Event mode: subscribe to Change Data Capture events and sync when they come (polling stays as a safety net). */
  events?: boolean;
}

/** Events that come close together make one sync: it starts this long after the first of them. */
export const EVENT_DEBOUNCE_MS = 250;
const FINISHED = new Set(['Succeeded', 'Partial']);
/** What the sync writes on the objects with change events: an update of only these is the echo of a sync. */
const SYNC_OWNED = new Set<string>([OpportunityFields.PrimaryPartner, LeadFields.PartnerOverlapCount, LeadFields.PartnerSourced, LeadFields.SourcePartner, LeadFields.PartnerReferralDate, LeadFields.PartnerReferralId]);

export interface ServeResult {
  url: string;
  cycles: number;
  lastRun?: RunSummary;
  counters: Counters;
  logFile?: string;
}

export interface RunningService {
  url: string;
  service: SyncService;
  /** Resolves when the loop has stopped and the server, watches and log are closed. */
  done: Promise<ServeResult>;
}

const BUDGET_SOQL = `SELECT Id, ${PartnerSyncSetting.APIBudgetPercent} FROM ${PartnerSyncSetting.apiName} WHERE ${PartnerSyncSetting.ExternalId} = '${SETTINGS_EXTERNAL_ID}'`;

/** One API call: the settings record's API_Budget_Percent__c (blank: 80) and the org's usage from that response's Sforce-Limit-Info. */
export async function probeBudget(target: Target): Promise<BudgetProbe> {
  return counted(target, async (client) => {
    const [record] = await client.query(BUDGET_SOQL);
    const usage = target.conn.limitInfo?.apiUsage;
    const value = record?.[PartnerSyncSetting.APIBudgetPercent];
    const percent = typeof value === 'number' && value >= 1 && value <= 100 ? value : 80;
    return { used: usage?.used, limit: usage?.limit, percent, calls: client.calls, ...(typeof record?.Id === 'string' ? { settingsId: record.Id } : {}) };
  });
}

/** Runs `work` on a fresh client of the target; a failure carries the calls it made (the service counts every call). */
async function counted<T>(target: Target, work: (client: OrgClient) => Promise<T>): Promise<T> {
  const client = new OrgClient(target.conn);
  try {
    return await work(client);
  } catch (e) {
    (e as { calls?: number }).calls = client.calls;
    throw e;
  }
}

/**
 * One call: the service's state on the settings record (docs/serve.md "In the org"): what the admin component shows
 * beside the last runs, with the interval it needs to say when the next run is due.
 */
export async function publishState(target: Target, intervalSeconds: number, state: PublishedState, settingsId: string): Promise<number> {
  const message = state.status === 'Paused' ? (state.reason ?? '') : `${hostname()} pid ${process.pid}`;
  return counted(target, async (client) => {
    await client.send('PATCH', `/sobjects/${PartnerSyncSetting.apiName}/${settingsId}`, {
      [PartnerSyncSetting.ServiceStatus]: state.status,
      [PartnerSyncSetting.ServiceInterval]: intervalSeconds,
      [PartnerSyncSetting.ServiceUpdatedAt]: state.at,
      [PartnerSyncSetting.ServiceNextCheck]: state.nextCheckAt ?? null,
      [PartnerSyncSetting.ServiceMessage]: message.slice(0, 255),
    });
    return client.calls;
  });
}

export async function startServe(options: ServeOptions): Promise<RunningService> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new SfError(messages.getMessage('error.RemoteBind', [options.host]), 'RemoteBind', messages.getMessages('error.RemoteBind.actions', [options.host]), EXIT.usage);
  }
  // A sync applies the settings' API_Budget_Percent__c once it has read them; its reads are checked against the
  // share the service last read (one call at start, and each budget check while paused).
  let budgetPercent: number | undefined;
  const probe = async (): Promise<BudgetProbe> => {
    const p = await probeBudget(options.target);
    budgetPercent = p.percent;
    return p;
  };
  const log = serviceLogger({ file: options.logFile, jsonOnStdout: options.jsonOnStdout, human: options.human, clock: options.clock });
  // event mode: the replay ids live beside the sync's checkpoint of this org, saved after each sync that covered them
  const checkpoint = options.events === true ? new CheckpointStore(path.resolve(options.config.baseDir, options.config.checkpointDir), options.target.key) : undefined;
  let debounce: NodeJS.Timeout | undefined;
  const stream = checkpoint === undefined ? undefined : new EventStream({
    conn: options.target.conn,
    replayFrom: checkpoint.loadReplay(),
    log,
    onChange: (n) => {
      const own = isOwnWrite(n, SYNC_OWNED);
      log.info('event', { ...n, syncs: !own }, `change event: ${n.changeType ?? '?'} ${n.entity ?? n.channel} ${n.recordIds.join(', ')} (replay id ${n.replayId})${own ? ': only fields the sync writes changed, no sync needed' : ''}`);
      if (own) return;
      debounce ??= setTimeout(() => {
        debounce = undefined;
        service.wake('event');
      }, EVENT_DEBOUNCE_MS);
    },
    // a REST call through the same connection: jsforce refreshes an expired access token there (a login with a
    // refresh token, as the sf CLI stores); a revoked login stays refused
    refreshAuth: async () => {
      await new OrgClient(options.target.conn, { retry: defaultRetryPolicy({ attempts: 1 }) }).query(BUDGET_SOQL);
      return true;
    },
    onGap: (channel, replayId, error) => {
      const saved = checkpoint.loadReplay();
      delete saved[channel];
      checkpoint.saveReplay(saved, options.clock.now());
      log.warn('replay-gap', { channel, replayId, error }, `change events: the org no longer has the events after replay id ${replayId} of ${channel} (${error}). Changes may have been missed there, so an incremental read runs now; the channel resumes with new events.`);
      service.wake('gap');
    },
  });
  const service: SyncService = new SyncService({
    clock: options.clock,
    intervalMs: options.intervalSeconds * 1000,
    pauseCheckMs: options.pauseCheckSeconds * 1000,
    mode: stream !== undefined ? 'events' : 'polling',
    ...(stream !== undefined ? { events: () => stream.health() } : {}),
    maxCycles: options.maxCycles,
    log,
    sync: async () => {
      // the events received before this sync started are covered by it (an incremental read of everything changed since the last run)
      const covered = stream?.replayIds();
      const r = await syncFromConfig({ cwd: options.cwd, target: options.target, config: options.config, budgetPercent });
      if (checkpoint !== undefined && covered !== undefined && FINISHED.has(r.status)) {
        const ids = { ...checkpoint.loadReplay(), ...Object.fromEntries(Object.entries(covered).filter(([, id]) => id >= 0)) };
        checkpoint.saveReplay(ids, options.clock.now());
      }
      return r;
    },
    probeBudget: probe,
    publish: (state, settingsId) => publishState(options.target, options.intervalSeconds, state, settingsId),
  });
  let server;
  try {
    server = await startHealthServer(service, options.host, options.port);
  } catch (e) {
    log.close();
    if ((e as { code?: string }).code === 'EADDRINUSE') {
      throw new SfError(messages.getMessage('error.PortInUse', [options.port]), 'PortInUse', messages.getMessages('error.PortInUse.actions'), EXIT.usage);
    }
    throw e;
  }
  const files = [...options.config.partnerFiles, ...options.config.referralFiles].map((f) => path.resolve(options.config.baseDir, f.file));
  const watch = options.watch && files.length > 0
    ? watchFiles(files, (file) => {
        log.info('file-changed', { file }, `changed: ${path.relative(options.cwd, file) || file}: syncing now`);
        service.wake('file');
      })
    : undefined;
  for (const m of watch?.missing ?? []) log.warn('watch', { file: m }, `cannot watch ${m}: its folder does not exist. Create it or fix the path in the config file; the interval syncs still run.`);
  log.info('listening', { url: server.url, intervalSeconds: options.intervalSeconds, target: options.target.label, watching: files.length > 0 && options.watch ? files : [] },
    `serving ${options.target.label}: a sync every ${options.intervalSeconds} s${watch !== undefined ? ` and when ${files.length} watched file(s) change` : ''}; health ${server.url}/healthz, metrics ${server.url}/metrics`);
  if (stream !== undefined) {
    log.info('events', { channels: stream.replayIds() }, `event mode: syncing on Change Data Capture events of Account, Lead and Opportunity (resuming after replay ids ${JSON.stringify(stream.replayIds())}); the interval syncs still run`);
    stream.start().catch((e: unknown) => log.error('events-subscribe', { error: e instanceof Error ? e.message : String(e) }, `change events: cannot subscribe (${e instanceof Error ? e.message : String(e)}); the interval syncs still run.`));
  }
  const done = (async (): Promise<ServeResult> => {
    try {
      const r = await service.run();
      return { url: server.url, ...r, logFile: options.logFile };
    } finally {
      stream?.stop();
      if (debounce !== undefined) clearTimeout(debounce);
      watch?.close();
      await server.close();
      log.close();
    }
  })();
  return { url: server.url, service, done };
}
