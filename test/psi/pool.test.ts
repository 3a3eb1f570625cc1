import { createPsiCompute } from '../../src/psi/pool.js';
import { isPsiError } from '../../src/psi/errors.js';
import { exchangeLocally } from '../../src/psi/loopback.js';
import { PsiElementError } from '../../src/psi/kernel.js';
import { party, twoSets } from './helpers.js';

// each worker transpiles the kernel from TypeScript when it starts (pool.ts): seconds when other work holds the cores
jest.setTimeout(60_000);

describe('worker pool', () => {
  const keys = Array.from({ length: 3000 }, (_, i) => `company-${i}.example.com`);
  const domainKey = new Uint8Array(32).fill(9);
  const a = new Uint8Array(32).fill(3);
  const b = new Uint8Array(32).fill(5);

  it('computes in two worker threads exactly what it computes in-process, and blinding commutes', async () => {
    const local = createPsiCompute(0);
    const threads = createPsiCompute(2);
    try {
      const [xa, xaThreads] = await Promise.all([local.hashBlind(keys, domainKey, a), threads.hashBlind(keys, domainKey, a)]);
      expect(Buffer.from(xaThreads).equals(Buffer.from(xa))).toBe(true);
      expect(xaThreads.buffer).toBeInstanceOf(SharedArrayBuffer);
      const xab = await threads.blind(xa, b);
      const xba = await threads.blind(await threads.hashBlind(keys, domainKey, b), a);
      expect(Buffer.from(xab).equals(Buffer.from(xba))).toBe(true);
      // another domain key (session) gives unrelated elements
      const other = await threads.hashBlind(keys.slice(0, 10), new Uint8Array(32).fill(8), a);
      expect(Buffer.from(other).equals(Buffer.from(xa.subarray(0, 320)))).toBe(false);
    } finally {
      await Promise.all([local.close(), threads.close()]);
    }
  });

  it('encodes ASCII and non-ASCII key lists alike: a key hashes the same beside a non-ASCII key as alone', async () => {
    const local = createPsiCompute(0);
    try {
      const mixed = await local.hashBlind(['müller-gmbh.de', 'company-1.example.com'], domainKey, a);
      const ascii = await local.hashBlind(['company-1.example.com'], domainKey, a);
      const utf8 = await local.hashBlind(['müller-gmbh.de'], domainKey, a);
      expect(Buffer.from(mixed.subarray(32)).equals(Buffer.from(ascii))).toBe(true);
      expect(Buffer.from(mixed.subarray(0, 32)).equals(Buffer.from(utf8))).toBe(true);
      // the same name in another normal form is another key
      const decomposed = await local.hashBlind(['müller-gmbh.de'.normalize('NFD')], domainKey, a);
      expect(Buffer.from(decomposed).equals(Buffer.from(utf8))).toBe(false);
    } finally {
      await local.close();
    }
  });

  it('reports a bad element from a worker with its index in the whole list', async () => {
    const threads = createPsiCompute(2);
    try {
      const points = new Uint8Array(await threads.hashBlind(keys, domainKey, a));
      points.fill(0, 2500 * 32, 2501 * 32);
      const error = await threads.blind(points, b).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(PsiElementError);
      expect((error as PsiElementError).index).toBe(2500);
    } finally {
      await threads.close();
    }
  });

  it('workers go on while this thread is busy: they claim chunks themselves instead of waiting to be handed the next', async () => {
    const threads = createPsiCompute(2);
    try {
      const points = await threads.hashBlind(Array.from({ length: 20_000 }, (_, i) => `busy-${i}.example.com`), domainKey, a);
      let t = performance.now();
      await threads.blind(points, b);
      const alone = performance.now() - t;
      const job = threads.blind(points, b);
      // block this thread for several times the job's length (the protocol's own work does this during a job)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(2000, 4 * alone));
      t = performance.now();
      await job;
      // handed out one chunk at a time, nearly all of the job would still be ahead now
      expect(performance.now() - t).toBeLessThan(alone / 2);
    } finally {
      await threads.close();
    }
  });

  it('runs a whole exchange on worker threads', async () => {
    const threads = createPsiCompute(2);
    try {
      const sets = twoSets(41, 1500, 1200, 700);
      const { initiator, responder } = await exchangeLocally(party('B', sets.ours), party('A', sets.theirs), 'list', threads);
      expect(new Set(initiator.matches?.map((m) => m.key))).toEqual(sets.common);
      expect(new Set(responder.matches?.map((m) => m.key))).toEqual(sets.common);
      const bad = await exchangeLocally(party('B', sets.ours), party('A', sets.theirs, { minSetSize: 10_000 }), 'list', threads).then(() => undefined, (e: unknown) => e);
      expect(isPsiError(bad, 'SetTooSmall')).toBe(true);
    } finally {
      await threads.close();
    }
  });
});
