// Worker-thread entry: runs one range of a kernel call on shared buffers and reports back.
import { parentPort } from 'node:worker_threads';
import { blindRange, hashBlindRange, PsiElementError } from './kernel.js';

export type WorkerTask =
  | { id: number; op: 'hashBlind'; keys: Uint8Array; offsets: Uint32Array; domainKey: Uint8Array; scalar: Uint8Array; out: Uint8Array; from: number; to: number }
  | { id: number; op: 'blind'; points: Uint8Array; scalar: Uint8Array; out: Uint8Array; from: number; to: number };

export type WorkerReply = { id: number; ok: true } | { id: number; ok: false; message: string; index?: number };

export function runTask(task: WorkerTask): WorkerReply {
  try {
    if (task.op === 'hashBlind') hashBlindRange(task.keys, task.offsets, task.domainKey, task.scalar, task.out, task.from, task.to);
    else blindRange(task.points, task.scalar, task.out, task.from, task.to);
    return { id: task.id, ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return error instanceof PsiElementError ? { id: task.id, ok: false, message, index: error.index } : { id: task.id, ok: false, message };
  }
}

parentPort?.on('message', (task: WorkerTask) => parentPort?.postMessage(runTask(task)));
