// Both sides of an exchange in one process, every message through the wire format: what the
// transports do minus the channel. Used to size a partnership against a local copy and by the benchmark.
import type { PsiCompute } from './pool.js';
import { completeInitiator, completeResponder, finishExchange, respondToStart, startExchange, type PsiMode, type PsiParty, type PsiResult } from './protocol.js';
import { decodeMessage, encodeMessage } from './wire.js';

export interface LoopbackResult {
  initiator: PsiResult;
  responder: PsiResult;
  /** Every message as sent, in order. */
  transcript: string[];
}

export async function exchangeLocally(initiator: PsiParty, responder: PsiParty, mode: PsiMode, compute: PsiCompute, maxMessageBytes = Number.MAX_SAFE_INTEGER): Promise<LoopbackResult> {
  const transcript: string[] = [];
  const send = (message: Parameters<typeof encodeMessage>[0]) => {
    const text = encodeMessage(message);
    transcript.push(text);
    return decodeMessage(text, maxMessageBytes);
  };
  const started = await startExchange(initiator, mode, compute);
  const startMessage = send(started.message);
  if (startMessage.type !== 'start') throw new Error('loopback: start did not round-trip');
  const responded = await respondToStart(responder, startMessage, compute);
  const responseMessage = send(responded.message);
  if (responseMessage.type !== 'response') throw new Error('loopback: response did not round-trip');
  const finished = await finishExchange(started.state, responseMessage, compute);
  const finishMessage = send(finished.message);
  if (finishMessage.type !== 'finish') throw new Error('loopback: finish did not round-trip');
  const completed = completeResponder(responded.state, finishMessage);
  if (completed.message && finished.state) {
    const attributes = send(completed.message);
    if (attributes.type !== 'attributes') throw new Error('loopback: attributes did not round-trip');
    return { initiator: completeInitiator(finished.state, attributes), responder: completed.result, transcript };
  }
  if (!finished.result) throw new Error('loopback: the initiator has no result');
  return { initiator: finished.result, responder: completed.result, transcript };
}
