// Worker-thread entry: runs a kernel call on shared buffers, taking chunks until none is left, and reports back.
import { parentPort } from 'node:worker_threads';
import { blindRange, hashBlindRange, PsiElementError } from './kernel.js';

/**
 * One job over elements [0, count): every worker of the job gets the same task and claims `chunk` elements at a
 * time from the shared cursor, so a busy main thread never holds up the next chunk.
 */
export interface Job {
  id: number;
  count: number;
  chunk: number;
  cursor: Int32Array;
}
export type WorkerTask =
  | (Job & { op: 'hashBlind'; keys: Uint8Array; offsets: Uint32Array; domainKey: Uint8Array; scalar: Uint8Array; out: Uint8Array })
  | (Job & { op: 'blind'; points: Uint8Array; scalar: Uint8Array; out: Uint8Array });

export type WorkerReply = { id: number; ok: true } | { id: number; ok: false; message: string; index?: number };

export function runTask(task: WorkerTask): WorkerReply {
  try {
    for (let from = Atomics.add(task.cursor, 0, task.chunk); from < task.count; from = Atomics.add(task.cursor, 0, task.chunk)) {
      const to = Math.min(task.count, from + task.chunk);
      if (task.op === 'hashBlind') hashBlindRange(task.keys, task.offsets, task.domainKey, task.scalar, task.out, from, to);
      else blindRange(task.points, task.scalar, task.out, from, to);
    }
    return { id: task.id, ok: true };
  } catch (error) {
    // the other workers of the job stop at their next chunk
    Atomics.store(task.cursor, 0, task.count);
    const message = error instanceof Error ? error.message : String(error);
    return error instanceof PsiElementError ? { id: task.id, ok: false, message, index: error.index } : { id: task.id, ok: false, message };
  }
}

parentPort?.on('message', (task: WorkerTask) => parentPort?.postMessage(runTask(task)));
