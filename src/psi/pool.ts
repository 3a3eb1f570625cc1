// Spreads the curve work of an exchange over worker threads. Inputs and outputs live in
// SharedArrayBuffers, so workers read and write them in place: nothing is copied or serialised per element.
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { POINT_BYTES, PsiElementError } from './kernel.js';
import { runTask, type WorkerReply, type WorkerTask } from './worker.js';

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

const CHUNK_MIN = 1024;
const CHUNKS_PER_WORKER = 8;

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
  let upper = 0;
  for (const key of keys) upper += key.length * 3;
  const bytes = shared(upper);
  const offsets = new Uint32Array(new SharedArrayBuffer(4 * (keys.length + 1)));
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

  async function run(count: number, task: (from: number, to: number) => Omit<WorkerTask, 'id'>): Promise<void> {
    if (workers.length === 0) {
      const reply = runTask({ ...task(0, count), id: 0 } as WorkerTask);
      if (!reply.ok) throw toError(reply);
      return;
    }
    // Several chunks per worker, handed to whichever worker is free: on a shared machine one core is
    // often slower, and fixed halves would leave the other idle at the end.
    const chunk = Math.max(CHUNK_MIN, Math.ceil(count / (workers.length * CHUNKS_PER_WORKER)));
    let next = 0;
    let failure: Error | undefined;
    const drain = async (worker: Worker): Promise<void> => {
      while (next < count && failure === undefined) {
        const from = next;
        const to = Math.min(count, from + chunk);
        next = to;
        const id = nextId++;
        try {
          await new Promise<void>((resolve, reject) => {
            pending.set(id, { resolve, reject });
            worker.postMessage({ ...task(from, to), id });
          });
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
        }
      }
    };
    // every worker finishes its chunk before we return, so none still writes into a buffer we hand out
    await Promise.all(workers.map(drain));
    if (failure) throw failure;
  }

  return {
    async hashBlind(keys, domainKey, scalar) {
      const { bytes, offsets } = encodeKeys(keys);
      const out = shared(keys.length * POINT_BYTES);
      await run(keys.length, (from, to) => ({ op: 'hashBlind', keys: bytes, offsets, domainKey, scalar, out, from, to }));
      return out;
    },
    async blind(points, scalar) {
      const count = points.byteLength / POINT_BYTES;
      const input = toShared(points);
      const out = shared(points.byteLength);
      await run(count, (from, to) => ({ op: 'blind', points: input, scalar, out, from, to }));
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
