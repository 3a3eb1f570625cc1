// The file transport: each step reads the partner's last message file and writes ours, to be carried
// over any channel (e-mail, shared drive, SFTP). State between steps lives in the exchange directory.
import { readFile, writeFile } from 'node:fs/promises';
import type { PsiCompute } from './pool.js';
import { completeInitiator, completeResponder, finishExchange, respondToStart, responseMode, startExchange, type PsiMessage, type PsiMode, type PsiParty, type PsiResult } from './protocol.js';
import { PsiError } from './errors.js';
import { checkBudget, recordReveal, refuseCompleted, writeResult, type ExchangeBudget } from './result.js';
import { checkSetDifference, recordRevealedSet } from './setHistory.js';
import { dropState, hasState, loadState, saveState } from './state.js';
import { decodeMessage, encodeMessage } from './wire.js';

export interface FileExchangeOptions {
  /** Where state and result files go (.partnerlens/psi). */
  dir: string;
  compute: PsiCompute;
  maxMessageBytes: number;
  /** Per-partner exchange budget, checked before this side starts or answers an exchange. */
  budget?: ExchangeBudget;
}

export interface StepOutcome {
  session: string;
  /** The message file to send to the partner, when this step wrote one. */
  sent?: string;
  /** The result file, when this side's exchange is complete. */
  resultFile?: string;
  result?: PsiResult;
}

export async function fileStart(party: PsiParty, mode: PsiMode, out: string, options: FileExchangeOptions): Promise<StepOutcome> {
  checkBudget(options.dir, party.partner, options.budget);
  const { state, message } = await startExchange(party, mode, options.compute);
  // early: the set is revealed only at finish, which checks again in the mode the partner answers
  if (state.mode === 'counts') await checkSetDifference(options.dir, party);
  await saveState(options.dir, state);
  await writeFile(out, encodeMessage(message));
  return { session: state.session, sent: out };
}

async function readMessage(file: string, maxBytes: number): Promise<PsiMessage> {
  return decodeMessage(await readFile(file), maxBytes);
}

/**
 * The partner's side: answers a 'start' message (needs our party), or completes on a 'finish' message
 * (our party comes from the saved state) and, in attributes mode, writes the last message.
 */
export async function fileRespond(input: string, out: string | undefined, party: PsiParty | undefined, options: FileExchangeOptions): Promise<StepOutcome> {
  const message = await readMessage(input, options.maxMessageBytes);
  refuseCompleted(options.dir, message.session, 'responder');
  if (message.type === 'start') {
    if (party === undefined) throw new PsiError('NeedRecords');
    // a start replayed while the exchange is under way would replace the secret state
    if (hasState(options.dir, message.session, 'responder')) throw new PsiError('WrongSession', [message.session, 'already under way on this side (a replay)']);
    checkBudget(options.dir, party.partner, options.budget);
    if (responseMode(party, message) === 'counts') await checkSetDifference(options.dir, party);
    const responded = await respondToStart(party, message, options.compute);
    await saveState(options.dir, responded.state);
    await recordRevealedSet(options.dir, party, message.session);
    if (options.budget !== undefined) await recordReveal(options.dir, party.partner, message.session, 'responder');
    const target = out ?? `${input.replace(/\.json$/i, '')}.response.json`;
    await writeFile(target, encodeMessage(responded.message));
    return { session: message.session, sent: target };
  }
  if (message.type !== 'finish') throw new PsiError('UnexpectedMessage', ['start or finish', message.type]);
  const state = await loadState(options.dir, message.session, 'responder', 'respond');
  if (state.role !== 'responder') throw new PsiError('BadState', [state.role, 'respond']);
  const completed = completeResponder(state, message);
  const resultFile = await writeResult(options.dir, completed.result);
  await dropState(options.dir, message.session, 'responder');
  if (completed.message === undefined) return { session: message.session, resultFile, result: completed.result };
  const target = out ?? `${input.replace(/\.json$/i, '')}.attributes.json`;
  await writeFile(target, encodeMessage(completed.message));
  return { session: message.session, sent: target, resultFile, result: completed.result };
}

/** The initiator's side: turns the partner's 'response' into our 'finish' (+ result), or takes their 'attributes'. */
export async function fileFinish(input: string, out: string | undefined, options: FileExchangeOptions): Promise<StepOutcome> {
  const message = await readMessage(input, options.maxMessageBytes);
  refuseCompleted(options.dir, message.session, 'initiator');
  if (message.type !== 'response' && message.type !== 'attributes') throw new PsiError('UnexpectedMessage', ['response or attributes', message.type]);
  const state = await loadState(options.dir, message.session, 'initiator', 'finish');
  if (state.role !== 'initiator') throw new PsiError('BadState', [state.role, 'finish']);
  if (message.type === 'attributes') {
    const result = completeInitiator(state, message);
    const resultFile = await writeResult(options.dir, result);
    await dropState(options.dir, message.session, 'initiator');
    return { session: message.session, resultFile, result };
  }
  if (message.mode === 'counts') await checkSetDifference(options.dir, state.party);
  const finished = await finishExchange(state, message, options.compute);
  await recordRevealedSet(options.dir, state.party, message.session);
  if (options.budget !== undefined) await recordReveal(options.dir, state.party.partner, message.session, 'initiator');
  const target = out ?? `${input.replace(/\.json$/i, '')}.finish.json`;
  await writeFile(target, encodeMessage(finished.message));
  if (finished.state) {
    await saveState(options.dir, finished.state);
    return { session: message.session, sent: target };
  }
  await dropState(options.dir, message.session, 'initiator');
  const resultFile = finished.result ? await writeResult(options.dir, finished.result) : undefined;
  return { session: message.session, sent: target, resultFile, result: finished.result };
}
