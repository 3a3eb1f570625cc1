import { Messages, SfError } from '@salesforce/core';
import { EXIT } from '../common/exitCodes.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'org');

/** API usage as the org reports it in Sforce-Limit-Info (jsforce keeps the last one in conn.limitInfo). */
export interface ApiUsage {
  used: number;
  limit: number;
}

/** What a stop for the API budget says (the sync's warning, the service's paused reason). */
export function budgetReachedMessage(usage: ApiUsage, percent: number): string {
  return messages.getMessage('error.BudgetExceeded', [usage.used, usage.limit, percent]);
}

/** Thrown (and caught by the sync) when the next call would take the org past the configured share of its daily limit. */
export class BudgetExceededError extends SfError<{ used: number; limit: number; percent: number }> {
  public readonly usage: ApiUsage;
  public readonly percent: number;
  public constructor(usage: ApiUsage, percent: number) {
    super(
      budgetReachedMessage(usage, percent),
      'BudgetExceededError',
      messages.getMessages('error.BudgetExceeded.actions'),
      EXIT.paused,
    );
    this.usage = usage;
    this.percent = percent;
    this.data = { ...usage, percent };
  }
}

/**
 * Stops a run cleanly before the org's daily API limit is at risk. It reads the usage the org reported
 * on the last response (no extra /limits call) and refuses the next call once used >= percent% of max,
 * counting the calls this run made since that report, so a run without headers still stops.
 */
export class BudgetGuard {
  private usage: ApiUsage | undefined;
  private callsSinceReport = 0;
  private suspended = false;

  public constructor(public percent: number) {}

  public report(usage: ApiUsage | undefined): void {
    if (usage !== undefined && usage.limit > 0) {
      this.usage = usage;
      this.callsSinceReport = 0;
    }
  }

  public beforeCall(): void {
    if (this.usage === undefined) return;
    if (this.suspended) {
      this.callsSinceReport++;
      return;
    }
    const used = this.usage.used + this.callsSinceReport;
    if (used >= (this.usage.limit * this.percent) / 100)
      throw new BudgetExceededError({ used, limit: this.usage.limit }, this.percent);
    this.callsSinceReport++;
  }

  /** Runs `fn` without the check: a paused run still records itself (one or two calls past the budget). */
  public async unguarded<T>(fn: () => Promise<T>): Promise<T> {
    this.suspended = true;
    try {
      return await fn();
    } finally {
      this.suspended = false;
    }
  }

  public get lastUsage(): ApiUsage | undefined {
    return this.usage;
  }
}
