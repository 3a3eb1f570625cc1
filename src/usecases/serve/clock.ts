// The service's sense of time, passed in (house rule: no clock inside): the system clock in production, a
// simulated one that jumps over each wait so a test can run an idle hour of 60-second cycles in seconds.

export interface Clock {
  now(): Date;
  /** Waits `ms`; resolves early with 'woken' when `wake` aborts (a file changed, an event came, a signal). */
  sleep(ms: number, wake: AbortSignal): Promise<'elapsed' | 'woken'>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, wake) =>
    new Promise((resolve) => {
      if (wake.aborted) return resolve('woken');
      const timer = setTimeout(() => {
        wake.removeEventListener('abort', onWake);
        resolve('elapsed');
      }, ms);
      const onWake = (): void => {
        clearTimeout(timer);
        resolve('woken');
      };
      wake.addEventListener('abort', onWake, { once: true });
    }),
};

/** Starts at `start` and moves only when the service waits: each sleep adds its whole duration at once. */
export function simulatedClock(start: Date): Clock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    sleep: (ms, wake) =>
      new Promise((resolve) => {
        if (wake.aborted) return resolve('woken');
        t += ms;
        // yield to the event loop so signals, HTTP requests and file events are still served
        setImmediate(() => resolve('elapsed'));
      }),
  };
}
