import { backoffMs, defaultRetryPolicy, errorCodeOf, isTransient, withRetry } from '../../src/org/retry';

function codeError(errorCode: string): Error {
  return Object.assign(new Error(errorCode), { errorCode });
}

describe('retry policy', () => {
  it('classifies transient errors by code, including fetch causes', () => {
    expect(isTransient(codeError('UNABLE_TO_LOCK_ROW'))).toBe(true);
    expect(isTransient(codeError('REQUEST_LIMIT_EXCEEDED'))).toBe(true);
    expect(isTransient(codeError('ERROR_HTTP_503'))).toBe(true);
    expect(isTransient(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isTransient(codeError('INVALID_FIELD'))).toBe(false);
    expect(errorCodeOf('nope')).toBeUndefined();
  });

  it('backs off exponentially with full jitter, capped', () => {
    const policy = defaultRetryPolicy({ random: () => 1, baseMs: 100, maxMs: 1000 });
    expect([0, 1, 2, 3, 4].map((a) => backoffMs(policy, a))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(defaultRetryPolicy({ random: () => 0.5, baseMs: 100 }), 2)).toBe(200);
  });

  it("retries what the policy's own retryable says instead of Salesforce's transient codes", async () => {
    const policy = defaultRetryPolicy({ attempts: 3, sleep: async () => undefined, retryable: (e) => (e as Error).message === 'try again' });
    let calls = 0;
    await expect(withRetry(policy, async () => (++calls < 3 ? Promise.reject(new Error('try again')) : 'done'))).resolves.toBe('done');
    expect(calls).toBe(3);
    calls = 0;
    // a Salesforce-transient code is not retried when the policy says otherwise
    await expect(withRetry(policy, async () => (++calls, Promise.reject(codeError('ERROR_HTTP_503'))))).rejects.toThrow('ERROR_HTTP_503');
    expect(calls).toBe(1);
  });

  it('retries transient failures and gives up after the attempts', async () => {
    const waits: number[] = [];
    const policy = defaultRetryPolicy({ attempts: 3, random: () => 1, baseMs: 10, sleep: async (ms) => void waits.push(ms) });
    let calls = 0;
    await expect(withRetry(policy, async () => (++calls < 3 ? Promise.reject(codeError('ERROR_HTTP_429')) : 'done'))).resolves.toBe('done');
    expect(waits).toEqual([10, 20]);
    calls = 0;
    await expect(withRetry(policy, async () => (++calls, Promise.reject(codeError('ERROR_HTTP_503'))))).rejects.toThrow('ERROR_HTTP_503');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetry(policy, async () => (++calls, Promise.reject(codeError('INVALID_FIELD'))))).rejects.toThrow('INVALID_FIELD');
    expect(calls).toBe(1);
  });
});
