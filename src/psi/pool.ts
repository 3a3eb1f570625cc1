// Spreads the curve work of an exchange over worker threads. Inputs and outputs live in
// SharedArrayBuffers, so workers read and write them in place: nothing is copied or serialised per element.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { POINT_BYTES, PsiElementError } from './kernel.js';
import { runTask, type Job, type WorkerReply, type WorkerTask } from './worker.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface PsiCompute {
  /** X25519(scalar, hashToGroup(domainKey, key)) for each key, concatenated (32 bytes each). */
  hashBlind(keys: readonly string[], domainKey: Uint8Array, scalar: Uint8Array): Promise<Uint8Array>;
  /** X25519(scalar, point) for each 32-byte point; rejects non-canonical and low-order points. */
  blind(points: Uint8Array, scalar: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

// Under ts-jest src/ runs as TypeScript, which a worker cannot load: let it transpile the kernel on the fly.
const TS_WORKER_BOOTSTRAP = `
const fs = require('node:fs'); const Module = require('node:module'); const ts = require('typescript');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  try { return resolve.call(this, request, ...rest); } catch (e) { if (request.endsWith('.js')) return resolve.call(this, request.slice(0, -3) + '.ts', ...rest); throw e; }
};
Module._extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText, file);
require(require('node:worker_threads').workerData);`;

function startWorker(): Worker {
  const compiled = path.join(__dirname, 'worker.js');
  return __filename.endsWith('.ts') ? new Worker(TS_WORKER_BOOTSTRAP, { eval: true, workerData: path.join(__dirname, 'worker.ts') }) : new Worker(compiled);
}

// Small chunks: a job ends when its last chunk does, and meanwhile the other workers idle. 4096 elements
// are about 0.25 s of hash-and-blind on this kind of core; claiming a chunk is one atomic add.
const CHUNK_MIN = 256;
const CHUNK_MAX = 4096;

function shared(bytes: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(bytes, 1)));
}

function toShared(data: Uint8Array): Uint8Array {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const copy = shared(data.byteLength);
  copy.set(data);
  return copy;
}

/** Keys as one UTF-8 buffer plus offsets, so workers never see JS strings. */
function encodeKeys(keys: readonly string[]): { bytes: Uint8Array; offsets: Uint32Array } {
  const offsets = new Uint32Array(new SharedArrayBuffer(4 * (keys.length + 1)));
  const joined = keys.join('');
  // ASCII keys (normalised domains and e-mails nearly always are) are their own UTF-8: one native copy
  // instead of an encode call per key, which was most of this thread's wait before hashing began
  if (!/[^\x00-\x7f]/.test(joined)) {
    const bytes = shared(joined.length);
    Buffer.from(bytes.buffer).write(joined, 'latin1');
    let at = 0;
    keys.forEach((key, i) => {
      at += key.length;
      offsets[i + 1] = at;
    });
    return { bytes, offsets };
  }
  let upper = 0;
  for (const key of keys) upper += key.length * 3;
  const bytes = shared(upper);
  const encoder = new TextEncoder();
  let at = 0;
  keys.forEach((key, i) => {
    at += encoder.encodeInto(key, bytes.subarray(at)).written;
    offsets[i + 1] = at;
  });
  return { bytes, offsets };
}

function toError(reply: Extract<WorkerReply, { ok: false }>): Error {
  return reply.index === undefined ? new Error(reply.message) : new PsiElementError(reply.message, reply.index);
}

/** threads = 0 computes in-process (small sets, or where workers are unwanted). */
export function createPsiCompute(threads: number = availableParallelism()): PsiCompute {
  const workers = Array.from({ length: threads }, startWorker);
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 0;
  for (const worker of workers) {
    worker.on('message', (reply: WorkerReply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) waiter?.resolve();
      else waiter?.reject(toError(reply));
    });
    worker.on('error', (error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  }

  async function run(count: number, task: DistributiveOmit<WorkerTask, keyof Job>): Promise<void> {
    const cursor = new Int32Array(new SharedArrayBuffer(4));
    if (workers.length === 0) {
      const reply = runTask({ ...task, id: 0, count, chunk: Math.max(count, 1), cursor } as WorkerTask);
      if (!reply.ok) throw toError(reply);
      return;
    }
    // Many small chunks, claimed by whichever worker is free: on a shared machine one core is often slower,
    // and fixed halves would leave the other idle at the end.
    const chunk = Math.min(CHUNK_MAX, Math.max(CHUNK_MIN, Math.ceil(count / (workers.length * 8))));
    const jobs = workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          worker.postMessage({ ...task, id, count, chunk, cursor });
        }),
    );
    // every worker finishes before we return, so none still writes into a buffer we hand out
    const failed = (await Promise.allSettled(jobs)).find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
  }

  return {
    async hashBlind(keys, domainKey, scalar) {
      const { bytes, offsets } = encodeKeys(keys);
      const out = shared(keys.length * POINT_BYTES);
      await run(keys.length, { op: 'hashBlind', keys: bytes, offsets, domainKey, scalar, out });
      return out;
    },
    async blind(points, scalar) {
      const count = points.byteLength / POINT_BYTES;
      const input = toShared(points);
      const out = shared(points.byteLength);
      await run(count, { op: 'blind', points: input, scalar, out });
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
