// `partnerlens serve`: one incremental sync after another, on an interval or at once when something changed, within
// the org's API budget. The loop, its state (what /healthz and /metrics show) and nothing else: the sync itself,
// the clock, the budget check and the log are passed in, so the loop is the same against any org and any clock.
import { budgetReachedMessage } from '../../org/budget.js';
import type { syncFromConfig } from '../../sync/fromConfig.js';
import type { Clock } from './clock.js';
import type { EventsHealth } from './events.js';
import type { ServiceLog } from './log.js';

/** What one sync run returns (the public sync API's result). */
export type SyncResult = Awaited<ReturnType<typeof syncFromConfig>>;

/** Why a cycle ran. */
export type Trigger = 'start' | 'interval' | 'file' | 'event' | 'gap' | 'resume';

/** What one budget check learnt (one API call): the org's usage and the share of its daily limit the sync may use. */
export interface BudgetProbe {
  used?: number;
  limit?: number;
  percent: number;
  calls: number;
  /** The settings record the share was read from, if the org has one (where the service's state is written). */
  settingsId?: string;
}

/** The service's state as the org shows it (the admin component): written when it changes, never on an idle cycle. */
export interface PublishedState {
  status: 'Running' | 'Paused' | 'Stopped';
  at: string;
  /** While paused: when the usage is checked again, and why it paused. */
  nextCheckAt?: string;
  reason?: string;
}

export type { ServiceLog } from './log.js';

export interface ServiceOptions {
  clock: Clock;
  intervalMs: number;
  /** How often a paused service checks whether the org's usage dropped (one API call each). */
  pauseCheckMs: number;
  /** One sync run. */
  sync: (trigger: Trigger) => Promise<SyncResult>;
  probeBudget: () => Promise<BudgetProbe>;
  log: ServiceLog;
  /** Stop after this many cycles (a sync, or a budget check while paused); default: until stopped. */
  maxCycles?: number;
  mode: 'polling' | 'events';
  /** Event mode: the change event subscription's state, shown in /healthz and /metrics. */
  events?: () => EventsHealth;
  /** Writes the state to the org (the settings record the last budget probe named); returns the API calls it made. */
  publish?: (state: PublishedState, settingsId: string) => Promise<number>;
}

export interface RunSummary extends Record<string, unknown> {
  trigger: Trigger;
  runId?: string;
  status: string;
  mode?: string;
  startedAt: string;
  finishedAt: string;
  apiCalls: number;
  created: number;
  updated: number;
  deactivated: number;
  failed: number;
  /** Set when the run threw: its message and what to do. */
  error?: { name: string; message: string; actions?: string[] };
}

export interface PausedState {
  since: string;
  reason: string;
  used?: number;
  limit?: number;
  percent?: number;
  nextCheckAt: string;
}

export interface Health {
  status: 'starting' | 'ok' | 'paused' | 'failing' | 'stopping';
  mode: 'polling' | 'events';
  startedAt: string;
  now: string;
  cycles: number;
  lastRun?: RunSummary;
  lastSuccessAt?: string;
  nextRunAt?: string;
  /** Seconds since the start of the last sync that finished (Succeeded or Partial); before the first, since the service started. */
  lagSeconds: number;
  paused: false | PausedState;
  /** Event mode only. */
  events?: EventsHealth;
}

export interface Counters {
  runs: Record<string, number>;
  records: { created: number; updated: number; deactivated: number };
  recordsFailed: number;
  apiCalls: number;
  failures: number;
  pauses: number;
  triggers: Record<Trigger, number>;
}

const FINISHED = new Set(['Succeeded', 'Partial']);

export class SyncService {
  public readonly counters: Counters = {
    runs: {},
    records: { created: 0, updated: 0, deactivated: 0 },
    recordsFailed: 0,
    apiCalls: 0,
    failures: 0,
    pauses: 0,
    triggers: { start: 0, interval: 0, file: 0, event: 0, gap: 0, resume: 0 },
  };
  private cycles = 0;
  private lastRun: RunSummary | undefined;
  private lastSuccessStart: Date | undefined;
  private lastSuccessAt: string | undefined;
  private nextRunAt: Date | undefined;
  private paused: PausedState | undefined;
  private stopping = false;
  private wakeController = new AbortController();
  private wakeReason: Trigger | undefined;
  private readonly startedAt: Date;
  private settingsId: string | undefined;

  public constructor(private readonly options: ServiceOptions) {
    this.startedAt = options.clock.now();
  }

  /** Run a cycle now instead of at the end of the wait (a watched file changed, an event came). */
  public wake(reason: Trigger): void {
    this.wakeReason ??= reason;
    this.wakeController.abort();
  }

  /** Finish the cycle in progress (a running sync writes and checkpoints its remaining batches), then return. */
  public stop(): void {
    this.stopping = true;
    this.wakeController.abort();
  }

  public health(): Health {
    const now = this.options.clock.now();
    const since = this.lastSuccessStart ?? this.startedAt;
    let status: Health['status'] = 'starting';
    if (this.stopping) status = 'stopping';
    else if (this.paused !== undefined) status = 'paused';
    else if (this.lastRun !== undefined) status = this.lastRun.error !== undefined || this.lastRun.status === 'Failed' ? 'failing' : 'ok';
    return {
      status,
      mode: this.options.mode,
      startedAt: this.startedAt.toISOString(),
      now: now.toISOString(),
      cycles: this.cycles,
      lastRun: this.lastRun,
      lastSuccessAt: this.lastSuccessAt,
      nextRunAt: this.paused === undefined ? this.nextRunAt?.toISOString() : this.paused.nextCheckAt,
      lagSeconds: Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)),
      paused: this.paused ?? false,
      ...(this.options.events !== undefined ? { events: this.options.events() } : {}),
    };
  }

  public async run(): Promise<{ cycles: number; lastRun?: RunSummary; counters: Counters }> {
    const { clock, log } = this.options;
    let trigger: Trigger = 'start';
    await this.startingBudget();
    await this.announce(this.paused !== undefined ? 'Paused' : 'Running');
    while (!this.stopping) {
      if (this.paused !== undefined) {
        if (clock.now().getTime() >= Date.parse(this.paused.nextCheckAt)) {
          this.cycles++;
          if (await this.budgetRecovered()) {
            // budget recovered: sync at once
            this.paused = undefined;
            await this.announce('Running');
            trigger = 'resume';
            if (this.options.maxCycles !== undefined && this.cycles >= this.options.maxCycles) break;
            continue;
          }
        }
      } else {
        this.cycles++;
        await this.cycle(trigger);
      }
      if (this.stopping || (this.options.maxCycles !== undefined && this.cycles >= this.options.maxCycles)) break;
      const waitMs = this.paused !== undefined ? Math.max(0, Date.parse(this.paused.nextCheckAt) - clock.now().getTime()) : this.options.intervalMs;
      this.nextRunAt = new Date(clock.now().getTime() + waitMs);
      const woke = await clock.sleep(waitMs, this.wakeController.signal);
      if (woke === 'woken') {
        trigger = this.wakeReason ?? 'interval';
        this.wakeReason = undefined;
        this.wakeController = new AbortController();
        // a paused service checks the budget on a wake-up too (one call), rather than syncing past it
        if (this.paused !== undefined) this.paused.nextCheckAt = clock.now().toISOString();
      } else trigger = 'interval';
    }
    await this.announce('Stopped');
    log.info('stopped', { cycles: this.cycles, ...this.counters }, `stopped after ${this.cycles} cycle(s): ${this.counters.apiCalls} API calls`);
    return { cycles: this.cycles, lastRun: this.lastRun, counters: this.counters };
  }

  private async cycle(trigger: Trigger): Promise<void> {
    const { clock, log } = this.options;
    const started = clock.now();
    this.counters.triggers[trigger]++;
    let summary: RunSummary;
    try {
      const r = await this.options.sync(trigger);
      summary = {
        trigger,
        runId: r.runId,
        status: r.status,
        mode: r.mode,
        startedAt: started.toISOString(),
        finishedAt: clock.now().toISOString(),
        apiCalls: r.apiCalls,
        created: r.counts.created,
        updated: r.counts.updated,
        deactivated: r.counts.deactivated,
        failed: r.counts.failed,
      };
      this.counters.apiCalls += r.apiCalls;
      this.counters.records.created += r.counts.created;
      this.counters.records.updated += r.counts.updated;
      this.counters.records.deactivated += r.counts.deactivated;
      this.counters.recordsFailed += r.counts.failed;
      this.counters.runs[r.status] = (this.counters.runs[r.status] ?? 0) + 1;
      if (FINISHED.has(r.status)) {
        this.lastSuccessStart = started;
        this.lastSuccessAt = summary.finishedAt;
      }
      if (r.status === 'Failed') this.counters.failures++;
      const text = `sync ${trigger}: ${r.mode} ${r.status}, ${r.counts.created} created, ${r.counts.updated} updated, ${r.counts.deactivated} deactivated, ${r.counts.failed} failed, ${r.apiCalls} API calls, ${r.durationMs} ms`;
      if (r.status === 'Partial') log.warn('sync', { ...summary, errorsCsv: r.errorsCsv }, `${text} (failures in ${r.errorsCsv ?? r.runLog})`);
      else log.info('sync', summary, text);
      for (const w of r.warnings as string[]) log.warn('warning', { runId: r.runId, warning: w }, `warning: ${w}`);
      if (r.status === 'Paused') {
        this.pause(r.warnings.find((w) => w.startsWith('API budget reached')) ?? 'API budget reached');
        await this.announce('Paused');
      }
    } catch (e) {
      const err = e as { name?: string; message?: string; actions?: string[] };
      summary = {
        trigger,
        status: 'Failed',
        startedAt: started.toISOString(),
        finishedAt: clock.now().toISOString(),
        apiCalls: 0,
        created: 0,
        updated: 0,
        deactivated: 0,
        failed: 0,
        error: { name: err.name ?? 'Error', message: err.message ?? String(e), ...(err.actions !== undefined ? { actions: err.actions } : {}) },
      };
      this.counters.failures++;
      this.counters.runs.Failed = (this.counters.runs.Failed ?? 0) + 1;
      const fix = err.actions !== undefined && err.actions.length > 0 ? ` To fix: ${err.actions.join(' ')}` : '';
      log.error('sync', summary, `sync ${trigger} failed: ${summary.error!.message}.${fix} Retrying at the next cycle.`);
    }
    this.lastRun = summary;
  }

  private pause(reason: string): void {
    const { clock, log } = this.options;
    const nextCheckAt = new Date(clock.now().getTime() + this.options.pauseCheckMs).toISOString();
    const usage = /(\d+) of (\d+) daily requests used \(stop at (\d+)%\)/.exec(reason);
    this.paused = {
      since: clock.now().toISOString(),
      reason,
      ...(usage !== null ? { used: Number(usage[1]), limit: Number(usage[2]), percent: Number(usage[3]) } : {}),
      nextCheckAt,
    };
    this.counters.pauses++;
    log.warn('paused', { ...this.paused }, `paused by the API budget guard: ${reason}. Checking the org's usage again at ${nextCheckAt} (one API call); raise API_Budget_Percent__c in the settings record to resume sooner.`);
  }

  /** One call before the first sync: the settings' budget for the sync's reads, and no sync at all when the org is already past it. */
  private async startingBudget(): Promise<void> {
    const { log } = this.options;
    let probe: BudgetProbe;
    try {
      probe = await this.options.probeBudget();
    } catch (e) {
      this.counters.apiCalls += (e as { calls?: number }).calls ?? 1;
      log.warn('budget-check', { error: (e as Error).message }, `could not read the API budget before the first sync (${(e as Error).message}); the sync's own guard still applies.`);
      return;
    }
    this.counters.apiCalls += probe.calls;
    this.settingsId = probe.settingsId;
    log.info('budget', { used: probe.used, limit: probe.limit, percent: probe.percent, calls: probe.calls }, `API budget: ${probe.used ?? '?'} of ${probe.limit ?? '?'} daily requests used, stop at ${probe.percent}%`);
    if (probe.used !== undefined && probe.limit !== undefined && probe.used >= (probe.limit * probe.percent) / 100) {
      this.pause(budgetReachedMessage({ used: probe.used, limit: probe.limit }, probe.percent));
    }
  }

  /** One call: the org's usage now against the settings' budget. */
  private async budgetRecovered(): Promise<boolean> {
    const { clock, log } = this.options;
    const paused = this.paused!;
    let probe: BudgetProbe;
    try {
      probe = await this.options.probeBudget();
    } catch (e) {
      probe = { percent: paused.percent ?? 80, calls: (e as { calls?: number }).calls ?? 1, used: paused.used, limit: paused.limit };
      log.error('budget-check', { error: (e as Error).message }, `budget check failed: ${(e as Error).message}`);
    }
    this.counters.apiCalls += probe.calls;
    this.settingsId = probe.settingsId ?? this.settingsId;
    const threshold = probe.limit === undefined ? undefined : (probe.limit * probe.percent) / 100;
    if (probe.used === undefined || threshold === undefined || probe.used < threshold) {
      log.info('resumed', { used: probe.used, limit: probe.limit, percent: probe.percent }, `resumed: ${probe.used ?? '?'} of ${probe.limit ?? '?'} daily requests used, below ${probe.percent}%`);
      return true;
    }
    paused.used = probe.used;
    paused.limit = probe.limit;
    paused.percent = probe.percent;
    paused.nextCheckAt = new Date(clock.now().getTime() + this.options.pauseCheckMs).toISOString();
    log.info('still-paused', { ...paused }, `still paused: ${probe.used} of ${probe.limit} daily requests used (stop at ${probe.percent}%); next check at ${paused.nextCheckAt}`);
    return false;
  }

  /**
   * The state in the org, for the admin component: one call, only when it changes (start, pause, resume, stop), so
   * an idle cycle stays at its 3 calls. A failure is logged, never fatal: the syncs matter more than their display.
   */
  private async announce(status: PublishedState['status']): Promise<void> {
    const { clock, log, publish } = this.options;
    if (publish === undefined || this.settingsId === undefined) return;
    const state: PublishedState = {
      status,
      at: clock.now().toISOString(),
      ...(status === 'Paused' && this.paused !== undefined ? { nextCheckAt: this.paused.nextCheckAt, reason: this.paused.reason } : {}),
    };
    try {
      this.counters.apiCalls += await publish(state, this.settingsId);
      log.info('service-state', { ...state }, `service state in the org: ${status}`);
    } catch (e) {
      this.counters.apiCalls += (e as { calls?: number }).calls ?? 1;
      const message = e instanceof Error ? e.message : String(e);
      log.warn('service-state', { error: message }, `could not write the service state to the settings record (${message}); the admin component shows the last state written.`);
    }
  }
}
