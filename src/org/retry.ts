/** Error codes Salesforce returns for conditions that pass: rate limits, overload, row locks, dropped connections. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'REQUEST_LIMIT_EXCEEDED',
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'ERROR_HTTP_429',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/** The errorCode of anything jsforce or fetch throws (HttpApiError.errorCode, a Node error's code, a fetch cause). */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { errorCode?: unknown; code?: unknown; cause?: unknown };
  if (typeof e.errorCode === 'string') return e.errorCode;
  if (typeof e.code === 'string') return e.code;
  return e.cause !== undefined ? errorCodeOf(e.cause) : undefined;
}

export function isTransient(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Injected so tests are deterministic and fast (no module-level clock or randomness). */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Which failures pass and are worth another attempt; Salesforce's transient faults unless a caller knows better. */
  retryable?: (error: unknown) => boolean;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function defaultRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { attempts: 6, baseMs: 250, maxMs: 15_000, sleep, random: Math.random, ...overrides };
}

/** "Full jitter" backoff: a random wait up to base * 2^attempt, capped, so retrying clients spread out. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  return Math.round(policy.random() * Math.min(policy.maxMs, policy.baseMs * 2 ** attempt));
}

/** Runs `fn`, retrying transient failures with backoff; `onRetry` hears each one (for the run log). */
export async function withRetry<T>(policy: RetryPolicy, fn: () => Promise<T>, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(policy.retryable ?? isTransient)(error) || attempt + 1 >= policy.attempts) throw error;
      onRetry?.(error, attempt + 1);
      await policy.sleep(backoffMs(policy, attempt));
    }
  }
}
