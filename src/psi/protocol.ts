// Semi-honest Diffie-Hellman PSI over curve25519's prime-order group (X25519 blinding, see kernel.ts).
// Initiator A, responder B, fresh secret scalars a and b per exchange, H bound to the session id:
//   start     A -> B  H(x)^a for A's keys (shuffled), A's population mask per element
//   response  B -> A  H(y)^b for B's keys (shuffled) + masks, and (H(x)^a)^b for A's elements
//   finish    A -> B  (H(y)^b)^a for B's elements [+ A's attributes for matches, encrypted]
//   attributes B -> A  B's attributes for matches, encrypted (attributes mode only)
// In counts mode each side returns the doubly-blinded values shuffled, so neither can tell which
// of its own elements matched: each learns only how many did, per population pair. docs/psi.md has the proofs' sketch.
import { randomBytes, randomFillSync } from 'node:crypto';
import { Picklists, type Population, type SharingLevel } from '../schema/dataModel.js';
import { PsiError } from './errors.js';
import { checkElements, ElementIndex } from './elementIndex.js';
import { POINT_BYTES, PsiElementError } from './kernel.js';
import type { PsiCompute } from './pool.js';
import { sodium } from './sodium.js';

export const PSI_MODES = ['counts', 'list', 'attributes'] as const;
export type PsiMode = (typeof PSI_MODES)[number];
export const KEY_KINDS = ['domain', 'email'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
export const POPULATIONS: readonly Population[] = Picklists['Partner_Overlap__c.Our_Population__c'];
const SHARING_LEVELS: readonly SharingLevel[] = Picklists['Partner__c.Sharing_Level__c'];
export const SESSION_BYTES = 16;

/** One of our records as the exchange sees it: `key` is already normalised (registrable domain or e-mail). */
export interface PsiRecord {
  key: string;
  population: Population;
  recordId?: string;
  companyName?: string;
  ownerName?: string;
  ownerEmail?: string;
  opportunityStage?: string;
}

/** What one side shares with the partner about a matched record. */
export type SharedRecord = Omit<PsiRecord, 'key'>;

export interface PsiPolicy {
  /** What this side shares with the partner (Partner__c.Sharing_Level__c); the stricter side wins. */
  sharingLevel: SharingLevel;
  /** Refuse a partner set smaller than this: a tiny set probes guessed keys one by one. */
  minSetSize: number;
  /** Refuse messages with more elements than this (memory and time bound). */
  maxSetSize: number;
  /**
   * Counts mode: a population pair with fewer overlapping keys than this is reported as "fewer than N",
   * never as its number (a tiny cell identifies its members). Both sides apply the larger of their two.
   */
  minCellSize: number;
  /**
   * Counts mode: refuse when this side's set differs from the one it last revealed to this partner by fewer
   * keys than this (but not by none): comparing the two counts would tell whether those keys overlap.
   * Checked by the transports (setHistory.ts); absent or 1 turns it off.
   */
  minSetDifference?: number;
}

export interface PsiParty {
  partner: string;
  keyKind: KeyKind;
  records: readonly PsiRecord[];
  policy: PsiPolicy;
}

export interface Payload {
  index: number;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

export interface StartMessage {
  type: 'start';
  session: string;
  keyKind: KeyKind;
  mode: PsiMode;
  sharingLevel: SharingLevel;
  setSize: number;
  blinded: Uint8Array;
  populations: Uint8Array;
  minCellSize?: number;
}
export interface ResponseMessage {
  type: 'response';
  session: string;
  mode: PsiMode;
  sharingLevel: SharingLevel;
  setSize: number;
  blinded: Uint8Array;
  populations: Uint8Array;
  doubled: Uint8Array;
  /** Counts mode: the initiator's masks, permuted like `doubled`. */
  doubledPopulations?: Uint8Array;
  minCellSize?: number;
}
export interface FinishMessage {
  type: 'finish';
  session: string;
  doubled: Uint8Array;
  doubledPopulations?: Uint8Array;
  payloads: Payload[];
}
export interface AttributesMessage {
  type: 'attributes';
  session: string;
  payloads: Payload[];
}
export type PsiMessage = StartMessage | ResponseMessage | FinishMessage | AttributesMessage;

export interface PopulationCount {
  ourPopulation: Population;
  partnerPopulation: Population;
  /** Overlapping keys of this pair; absent when fewer than `below` (the small-cell minimum). */
  count?: number;
  below?: number;
}
export interface PsiMatch {
  key: string;
  ourPopulations: Population[];
  partnerPopulations: Population[];
  /** Attributes mode: the partner's records for this key, as its (and our) sharing level allows. */
  partnerRecords?: SharedRecord[];
}
export interface PsiResult {
  version: 1;
  partner: string;
  session: string;
  role: 'initiator' | 'responder';
  mode: PsiMode;
  keyKind: KeyKind;
  sharingLevel: SharingLevel;
  ourSetSize: number;
  partnerSetSize: number;
  /** Distinct overlapping keys per population pair (a key in two populations counts in both). */
  counts: PopulationCount[];
  /** Absent in counts mode. */
  matches?: PsiMatch[];
  /** When this side started (sent or answered the start message) and completed the exchange, ISO 8601. */
  startedAt: string;
  finishedAt: string;
  /** Who ran this side (the operating-system user), stamped when the result is written. */
  ranBy?: string;
}

export interface KeyGroup {
  mask: number;
  records: PsiRecord[];
}
interface Grouped {
  keys: string[];
  masks: Uint8Array;
  groups: ReadonlyMap<string, KeyGroup>;
}
export interface InitiatorState {
  role: 'initiator';
  stage: 'started' | 'awaiting-attributes';
  party: PsiParty;
  session: string;
  mode: PsiMode;
  startedAt: string;
  scalar: Uint8Array;
  keys: string[];
  /** awaiting-attributes: what finish computed, completed by the partner's attributes. */
  result?: PsiResult;
  /** awaiting-attributes: doubly-blinded value per matched key index (the payload key material). */
  matchedDoubled?: Map<number, Uint8Array>;
}
export interface ResponderState {
  role: 'responder';
  party: PsiParty;
  session: string;
  mode: PsiMode;
  startedAt: string;
  sharingLevel: SharingLevel;
  keys: string[];
  peerSetSize: number;
  /** The larger of both sides' small-cell minimums. */
  minCellSize: number;
  peerDoubled: Uint8Array;
  peerPopulations: Uint8Array;
}

// --- small helpers ---------------------------------------------------------------------------------

function levelRank(level: SharingLevel): number {
  return SHARING_LEVELS.indexOf(level);
}
export function stricterLevel(a: SharingLevel, b: SharingLevel): SharingLevel {
  return levelRank(a) <= levelRank(b) ? a : b;
}
/** The richest mode a sharing level allows; Hidden allows no exchange at all. */
function modeCap(level: SharingLevel): PsiMode | undefined {
  if (level === 'Hidden') return undefined;
  return level === 'Counts only' ? 'counts' : 'attributes';
}
function lowerMode(a: PsiMode, b: PsiMode): PsiMode {
  return PSI_MODES.indexOf(a) <= PSI_MODES.indexOf(b) ? a : b;
}

export function populationsOf(mask: number): Population[] {
  return POPULATIONS.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

/** Uniform random index in [0, n) from 53 random bits (bias below n / 2^53). */
function randomIndices(count: number): (n: number) => number {
  const words = new Uint32Array(Math.max(2, 2 * count));
  randomFillSync(words);
  let at = 0;
  return (n) => {
    const hi = words[at++] ?? 0;
    const lo = words[at++] ?? 0;
    return Math.floor(((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992 * n);
  };
}
/** A uniformly random permutation of 0..n-1 (Fisher-Yates over crypto randomness). */
export function randomPermutation(n: number): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const next = randomIndices(n);
  for (let i = n - 1; i > 0; i--) {
    const j = next(i + 1);
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
  return perm;
}

function point(bytes: Uint8Array, index: number): Uint8Array {
  return bytes.subarray(index * POINT_BYTES, (index + 1) * POINT_BYTES);
}
function sessionKey(session: string): Uint8Array {
  return Buffer.from(session, 'hex');
}
/** The hash-to-group key: binding the session id makes another session's elements useless here. */
export function domainKey(session: string, keyKind: KeyKind): Uint8Array {
  const out = new Uint8Array(32);
  sodium.crypto_generichash(out, Buffer.from(`partnerlens-psi/v1/hash-to-group/${keyKind}`), sessionKey(session));
  return out;
}
/** An AEAD key only a side holding this doubly-blinded value (that is, holding the key) can derive. */
function payloadKey(session: string, doubled: Uint8Array, direction: 'i2r' | 'r2i'): Uint8Array {
  const out = new Uint8Array(32);
  sodium.crypto_generichash(out, Buffer.concat([Buffer.from(`partnerlens-psi/v1/payload/${direction}/`), doubled]), sessionKey(session));
  return out;
}
function payloadAd(session: string, direction: 'i2r' | 'r2i', index: number): Uint8Array {
  return Buffer.from(`${session}/${direction}/${index}`);
}

function encryptPayload(session: string, direction: 'i2r' | 'r2i', index: number, doubled: Uint8Array, records: SharedRecord[]): Payload {
  const message = Buffer.from(JSON.stringify(records));
  const nonce = randomBytes(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ciphertext = Buffer.alloc(message.length + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES);
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext, message, payloadAd(session, direction, index), null, nonce, payloadKey(session, doubled, direction));
  return { index, nonce, ciphertext };
}

function decryptPayload(session: string, direction: 'i2r' | 'r2i', payload: Payload, doubled: Uint8Array, what: string): SharedRecord[] {
  const plain = Buffer.alloc(Math.max(0, payload.ciphertext.length - sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES));
  try {
    sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(plain, null, payload.ciphertext, payloadAd(session, direction, payload.index), payload.nonce, payloadKey(session, doubled, direction));
    const parsed: unknown = JSON.parse(plain.toString('utf8'));
    if (!Array.isArray(parsed)) throw new Error('not a list');
    return parsed.map(sharedRecordFrom);
  } catch {
    throw new PsiError('BadPayload', [what, payload.index]);
  }
}

// The same split as a shared file (sources/shareExport.ts): who to ask at Overlapping records, the deal too at All records.
const SHARED_FIELDS = { 'Overlapping records': ['recordId', 'companyName', 'ownerName'], 'All records': ['recordId', 'companyName', 'ownerName', 'ownerEmail', 'opportunityStage'] } as const;

function sharedRecordFrom(value: unknown): SharedRecord {
  if (typeof value !== 'object' || value === null) throw new Error('not a record');
  const v = value as Record<string, unknown>;
  if (typeof v.population !== 'string' || !POPULATIONS.includes(v.population as Population)) throw new Error('bad population');
  const out: SharedRecord = { population: v.population as Population };
  for (const field of SHARED_FIELDS['All records']) {
    const x = v[field];
    if (typeof x === 'string') out[field] = x;
    else if (x !== undefined) throw new Error(`bad ${field}`);
  }
  return out;
}

/** Only the fields the effective sharing level allows leave this side. */
function shareable(records: readonly PsiRecord[], level: SharingLevel): SharedRecord[] {
  const fields = level === 'All records' || level === 'Overlapping records' ? SHARED_FIELDS[level] : [];
  return records.map((r) => {
    const out: SharedRecord = { population: r.population };
    for (const f of fields) if (r[f] !== undefined) out[f] = r[f];
    return out;
  });
}

// each step of an exchange and the set-difference check group the same records: once per records list is enough
const grouping = new WeakMap<readonly PsiRecord[], ReadonlyMap<string, KeyGroup>>();

/** This side's records by distinct key, each with its population mask (computed once per records list; do not change it). */
export function groupRecords(records: readonly PsiRecord[]): ReadonlyMap<string, KeyGroup> {
  const known = grouping.get(records);
  if (known !== undefined) return known;
  const groups = new Map<string, KeyGroup>();
  for (const r of records) {
    const bit = 1 << POPULATIONS.indexOf(r.population);
    const group = groups.get(r.key);
    if (group === undefined) groups.set(r.key, { mask: bit, records: [r] });
    else {
      group.mask |= bit;
      group.records.push(r);
    }
  }
  grouping.set(records, groups);
  return groups;
}

function group(records: readonly PsiRecord[]): Grouped {
  const groups = groupRecords(records);
  const distinct: string[] = [];
  const distinctMasks = new Uint8Array(groups.size);
  for (const [key, { mask }] of groups) distinctMasks[distinct.push(key) - 1] = mask;
  // shuffled before blinding: the order of a blinded list must say nothing about the input order
  // (a plain loop: Array.from with a map function was the largest main-thread cost at a million keys)
  const perm = randomPermutation(distinct.length);
  const keys = new Array<string>(perm.length);
  const masks = new Uint8Array(perm.length);
  for (let t = 0; t < perm.length; t++) {
    const from = perm[t] as number;
    keys[t] = distinct[from] as string;
    masks[t] = distinctMasks[from] as number;
  }
  return { keys, masks, groups };
}

function checkOwnSet(party: PsiParty, size: number): void {
  if (party.policy.sharingLevel === 'Hidden') throw new PsiError('Hidden', [party.partner]);
  if (size === 0) throw new PsiError('EmptySet', [party.partner]);
  if (size > party.policy.maxSetSize) throw new PsiError('TooLarge', ['own', size, party.policy.maxSetSize]);
}
function checkPeerSize(party: PsiParty, size: number, what: string): void {
  if (size > party.policy.maxSetSize) throw new PsiError('TooLarge', [what, size, party.policy.maxSetSize]);
  if (size < party.policy.minSetSize) throw new PsiError('SetTooSmall', [size, party.policy.minSetSize]);
}
function checkSession(expected: string, message: { type: string; session: string }, type: PsiMessage['type']): void {
  if (message.type !== type) throw new PsiError('UnexpectedMessage', [type, message.type]);
  if (message.session !== expected) throw new PsiError('WrongSession', [message.session, expected]);
}
function checkMasks(masks: Uint8Array, elements: number, what: string): void {
  if (masks.length !== elements) throw new PsiError('Malformed', [what, `expected ${elements} population masks, got ${masks.length}`]);
  const limit = 1 << POPULATIONS.length;
  masks.forEach((m, i) => {
    if (m === 0 || m >= limit) throw new PsiError('Malformed', [what, `population mask ${i} is ${m}`]);
  });
}
function checkLength(bytes: Uint8Array, elements: number, what: string): void {
  if (bytes.byteLength !== elements * POINT_BYTES) throw new PsiError('Malformed', [what, `expected ${elements} elements, got ${bytes.byteLength / POINT_BYTES}`]);
}

async function blindChecked(compute: PsiCompute, points: Uint8Array, scalar: Uint8Array, what: string): Promise<Uint8Array> {
  try {
    return await compute.blind(points, scalar);
  } catch (error) {
    if (error instanceof PsiElementError) throw new PsiError('BadElement', [error.index, what, error.message]);
    throw error;
  }
}

/** Counts-mode cells below the minimum lose their number: both sides see only "fewer than N". */
function suppressSmall(counts: PopulationCount[], minCellSize: number): PopulationCount[] {
  if (minCellSize <= 1) return counts;
  // every pair, so an absent pair (0) reads the same as 1 to N-1: telling 0 from 1 is what differencing needs
  return POPULATIONS.flatMap((ourPopulation) =>
    POPULATIONS.map((partnerPopulation) => {
      const count = counts.find((c) => c.ourPopulation === ourPopulation && c.partnerPopulation === partnerPopulation)?.count ?? 0;
      return count < minCellSize ? { ourPopulation, partnerPopulation, below: minCellSize } : { ourPopulation, partnerPopulation, count };
    }),
  );
}

function countPairs(pairs: Iterable<[number, number]>): PopulationCount[] {
  const counts = new Map<string, { ourPopulation: Population; partnerPopulation: Population; count: number }>();
  for (const [ourMask, partnerMask] of pairs) {
    for (const ourPopulation of populationsOf(ourMask)) {
      for (const partnerPopulation of populationsOf(partnerMask)) {
        const id = `${ourPopulation}/${partnerPopulation}`;
        const entry = counts.get(id) ?? { ourPopulation, partnerPopulation, count: 0 };
        entry.count++;
        counts.set(id, entry);
      }
    }
  }
  return [...counts.values()].sort((a, b) => POPULATIONS.indexOf(a.ourPopulation) - POPULATIONS.indexOf(b.ourPopulation) || POPULATIONS.indexOf(a.partnerPopulation) - POPULATIONS.indexOf(b.partnerPopulation));
}

function permute(points: Uint8Array, masks: Uint8Array, perm: Uint32Array): { points: Uint8Array; masks: Uint8Array } {
  const outPoints = new Uint8Array(points.byteLength);
  const outMasks = new Uint8Array(masks.byteLength);
  perm.forEach((from, to) => {
    outPoints.set(point(points, from), to * POINT_BYTES);
    outMasks[to] = masks[from] as number;
  });
  return { points: outPoints, masks: outMasks };
}


// --- the four steps ----------------------------------------------------------------------------------

export async function startExchange(party: PsiParty, mode: PsiMode, compute: PsiCompute): Promise<{ state: InitiatorState; message: StartMessage }> {
  const grouped = group(party.records);
  checkOwnSet(party, grouped.keys.length);
  const cap = modeCap(party.policy.sharingLevel);
  const session = randomBytes(SESSION_BYTES).toString('hex');
  const scalar = randomBytes(32);
  const blinded = await compute.hashBlind(grouped.keys, domainKey(session, party.keyKind), scalar);
  const requested = cap === undefined ? mode : lowerMode(mode, cap);
  return {
    state: { role: 'initiator', stage: 'started', party, session, mode: requested, startedAt: new Date().toISOString(), scalar, keys: grouped.keys },
    message: { type: 'start', session, keyKind: party.keyKind, mode: requested, sharingLevel: party.policy.sharingLevel, setSize: grouped.keys.length, blinded, populations: grouped.masks, minCellSize: party.policy.minCellSize },
  };
}

/** The mode this side answers a start in: the lower of the one asked and the one the stricter sharing level allows. */
export function responseMode(party: PsiParty, message: Pick<StartMessage, 'mode' | 'sharingLevel'>): PsiMode {
  return lowerMode(message.mode, modeCap(stricterLevel(message.sharingLevel, party.policy.sharingLevel)) ?? 'counts');
}

export async function respondToStart(party: PsiParty, message: StartMessage, compute: PsiCompute): Promise<{ state: ResponderState; message: ResponseMessage }> {
  if (message.type !== 'start') throw new PsiError('UnexpectedMessage', ['start', message.type]);
  if (message.keyKind !== party.keyKind) throw new PsiError('KeyKindMismatch', [message.keyKind, party.keyKind]);
  checkPeerSize(party, message.setSize, 'start');
  checkLength(message.blinded, message.setSize, 'start');
  checkMasks(message.populations, message.setSize, 'start');
  checkOwnSet(party, groupRecords(party.records).size);
  if (message.sharingLevel === 'Hidden') throw new PsiError('Hidden', [party.partner]);
  const sharingLevel = stricterLevel(message.sharingLevel, party.policy.sharingLevel);
  const mode = responseMode(party, message);
  const scalar = randomBytes(32);
  let doubled: Uint8Array;
  let blinded: Uint8Array;
  let grouped: Grouped;
  let peerDoubled: Uint8Array;
  try {
    // this thread's work runs while the workers compute: shuffling our keys during the first job, checking the
    // partner's doubled elements during the second
    const doubling = blindChecked(compute, message.blinded, scalar, 'start');
    grouped = group(party.records);
    doubled = await settleAll(doubling);
    const blinding = compute.hashBlind(grouped.keys, domainKey(message.session, party.keyKind), scalar);
    peerDoubled = new Uint8Array(doubled);
    await settleAll(blinding, () => checkElements(peerDoubled, 'start'));
    blinded = await blinding;
  } finally {
    scalar.fill(0);
  }
  const minCellSize = Math.max(party.policy.minCellSize, message.minCellSize ?? 1);
  let response: ResponseMessage = { type: 'response', session: message.session, mode, sharingLevel: party.policy.sharingLevel, setSize: grouped.keys.length, blinded, populations: grouped.masks, doubled, minCellSize: party.policy.minCellSize };
  if (mode === 'counts') {
    const shuffled = permute(doubled, message.populations, randomPermutation(message.setSize));
    response = { ...response, doubled: shuffled.points, doubledPopulations: shuffled.masks };
  }
  return {
    state: { role: 'responder', party, session: message.session, mode, startedAt: new Date().toISOString(), sharingLevel, keys: grouped.keys, peerSetSize: message.setSize, minCellSize, peerDoubled, peerPopulations: message.populations },
    message: response,
  };
}

/**
 * Waits for a worker job, running `meanwhile` on this thread first; the job is awaited even when `meanwhile`
 * throws, so no worker still writes into a buffer (or reads the scalar) once the step has failed.
 */
async function settleAll<T>(job: Promise<T>, meanwhile?: () => void): Promise<T> {
  try {
    meanwhile?.();
  } catch (error) {
    await job.catch(() => undefined);
    throw error;
  }
  return job;
}

/**
 * For each element of the indexed list, the position of the same element in `list` (-1: none). `list` is the
 * partner's; a second position for the same element would be a repeat in it.
 */
function positionsIn(index: ElementIndex, list: Uint8Array, what: string): Int32Array {
  const at = new Int32Array(index.size).fill(-1);
  const count = list.byteLength / POINT_BYTES;
  const view = new DataView(list.buffer, list.byteOffset, list.byteLength);
  for (let j = 0; j < count; j++) {
    const i = index.find(list, j, view);
    if (i === undefined) continue;
    if ((at[i] as number) >= 0) throw new PsiError('DuplicateElement', [what, j]);
    at[i] = j;
  }
  return at;
}

function baseResult(state: InitiatorState | ResponderState, mode: PsiMode, sharingLevel: SharingLevel, ourSetSize: number, partnerSetSize: number): Omit<PsiResult, 'counts'> {
  const { party } = state;
  return { version: 1, partner: party.partner, session: state.session, role: state.role, mode, keyKind: party.keyKind, sharingLevel, ourSetSize, partnerSetSize, startedAt: state.startedAt, finishedAt: new Date().toISOString() };
}

export async function finishExchange(state: InitiatorState, message: ResponseMessage, compute: PsiCompute): Promise<{ message: FinishMessage; result?: PsiResult; state?: InitiatorState }> {
  if (state.stage !== 'started') throw new PsiError('BadState', [state.stage, 'finish']);
  checkSession(state.session, message, 'response');
  const { party, keys } = state;
  if (PSI_MODES.indexOf(message.mode) > PSI_MODES.indexOf(state.mode)) throw new PsiError('ModeRaised', [state.mode, message.mode]);
  checkPeerSize(party, message.setSize, 'response');
  checkLength(message.blinded, message.setSize, 'response');
  checkMasks(message.populations, message.setSize, 'response');
  checkLength(message.doubled, keys.length, 'response');
  if (message.mode === 'counts' && message.doubledPopulations?.length !== keys.length) throw new PsiError('Malformed', ['response', 'counts mode needs one population mask per returned element']);
  const mode = message.mode;
  const sharingLevel = stricterLevel(message.sharingLevel, party.policy.sharingLevel);
  // While the workers blind the partner's list again, this thread indexes the list it returned of ours (which
  // refuses repeats and low-order elements in it) and checks its own list for repeats: blinding is a bijection,
  // so a repeat there would be one in `theirs`.
  let theirs: Uint8Array;
  let ours: ElementIndex | undefined;
  try {
    theirs = await settleAll(blindChecked(compute, message.blinded, state.scalar, 'response'), () => {
      ours = new ElementIndex(message.doubled, 'response');
      checkElements(message.blinded, 'response');
    });
  } finally {
    state.scalar.fill(0);
  }
  const matched = positionsIn(ours as ElementIndex, theirs, 'response');
  const grouped = groupRecords(party.records);
  const base = baseResult(state, mode, sharingLevel, keys.length, message.setSize);

  if (mode === 'counts') {
    const pairs: [number, number][] = [];
    for (let k = 0; k < keys.length; k++) {
      const j = matched[k] as number;
      if (j >= 0) pairs.push([message.doubledPopulations?.[k] ?? 0, message.populations[j] ?? 0]);
    }
    const shuffled = permute(theirs, message.populations, randomPermutation(message.setSize));
    const minCellSize = Math.max(party.policy.minCellSize, message.minCellSize ?? 1);
    return { message: { type: 'finish', session: state.session, doubled: shuffled.points, doubledPopulations: shuffled.masks, payloads: [] }, result: { ...base, counts: suppressSmall(countPairs(pairs), minCellSize) } };
  }

  const matches: PsiMatch[] = [];
  const pairs: [number, number][] = [];
  const payloads: Payload[] = [];
  const matchedDoubled = new Map<number, Uint8Array>();
  keys.forEach((key, i) => {
    const j = matched[i] as number;
    if (j < 0) return;
    const partnerMask = message.populations[j] ?? 0;
    const { mask, records } = grouped.get(key) ?? { mask: 0, records: [] };
    pairs.push([mask, partnerMask]);
    matches.push({ key, ourPopulations: populationsOf(mask), partnerPopulations: populationsOf(partnerMask) });
    if (mode === 'attributes') {
      const value = point(message.doubled, i);
      matchedDoubled.set(i, new Uint8Array(value));
      payloads.push(encryptPayload(state.session, 'i2r', j, value, shareable(records, sharingLevel)));
    }
  });
  const result: PsiResult = { ...base, counts: countPairs(pairs), matches };
  const finish: FinishMessage = { type: 'finish', session: state.session, doubled: theirs, payloads };
  if (mode === 'attributes') return { message: finish, state: { ...state, stage: 'awaiting-attributes', result, matchedDoubled } };
  return { message: finish, result };
}

export function completeResponder(state: ResponderState, message: FinishMessage): { result: PsiResult; message?: AttributesMessage } {
  checkSession(state.session, message, 'finish');
  const { party, keys, mode } = state;
  checkLength(message.doubled, keys.length, 'finish');
  // one index, of the list the partner returned (refusing repeats in it); ours was checked when we answered
  const matched = positionsIn(new ElementIndex(message.doubled, 'finish'), state.peerDoubled, 'start');
  const base = baseResult(state, mode, state.sharingLevel, keys.length, state.peerSetSize);

  if (mode === 'counts') {
    if (message.doubledPopulations?.length !== keys.length) throw new PsiError('Malformed', ['finish', 'counts mode needs one population mask per returned element']);
    const pairs: [number, number][] = [];
    for (let k = 0; k < keys.length; k++) {
      const i = matched[k] as number;
      if (i >= 0) pairs.push([message.doubledPopulations[k] ?? 0, state.peerPopulations[i] ?? 0]);
    }
    return { result: { ...base, counts: suppressSmall(countPairs(pairs), state.minCellSize) } };
  }

  const grouped = groupRecords(party.records);
  const received = new Map<number, Payload>();
  for (const p of message.payloads) {
    if (received.has(p.index)) throw new PsiError('BadPayload', ['finish', p.index]);
    received.set(p.index, p);
  }
  const matches: PsiMatch[] = [];
  const pairs: [number, number][] = [];
  const payloads: Payload[] = [];
  keys.forEach((key, j) => {
    const value = point(message.doubled, j);
    const i = matched[j] as number;
    if (i < 0) return;
    const partnerMask = state.peerPopulations[i] ?? 0;
    const { mask, records } = grouped.get(key) ?? { mask: 0, records: [] };
    pairs.push([mask, partnerMask]);
    const match: PsiMatch = { key, ourPopulations: populationsOf(mask), partnerPopulations: populationsOf(partnerMask) };
    if (mode === 'attributes') {
      const payload = received.get(j);
      if (payload === undefined) throw new PsiError('BadPayload', ['finish', j]);
      received.delete(j);
      match.partnerRecords = decryptPayload(state.session, 'i2r', payload, value, 'finish');
      payloads.push(encryptPayload(state.session, 'r2i', i, value, shareable(records, state.sharingLevel)));
    }
    matches.push(match);
  });
  // a payload for an element that did not match is either tampering or a bug: never ignore it silently
  const stray = received.keys().next();
  if (!stray.done) throw new PsiError('BadPayload', ['finish', stray.value]);
  const result: PsiResult = { ...base, counts: countPairs(pairs), matches };
  return mode === 'attributes' ? { result, message: { type: 'attributes', session: state.session, payloads } } : { result };
}

export function completeInitiator(state: InitiatorState, message: AttributesMessage): PsiResult {
  if (state.stage !== 'awaiting-attributes' || !state.result || !state.matchedDoubled) throw new PsiError('BadState', [state.stage, 'attributes']);
  checkSession(state.session, message, 'attributes');
  const byIndex = new Map(state.keys.map((key, i) => [key, i]));
  const received = new Map(message.payloads.map((p) => [p.index, p]));
  if (received.size !== message.payloads.length || received.size !== state.matchedDoubled.size) throw new PsiError('Malformed', ['attributes', `expected ${state.matchedDoubled.size} payloads, got ${message.payloads.length}`]);
  const matches = (state.result.matches ?? []).map((m) => {
    const i = byIndex.get(m.key) ?? -1;
    const payload = received.get(i);
    const value = state.matchedDoubled?.get(i);
    if (payload === undefined || value === undefined) throw new PsiError('BadPayload', ['attributes', i]);
    return { ...m, partnerRecords: decryptPayload(state.session, 'r2i', payload, value, 'attributes') };
  });
  return { ...state.result, matches, finishedAt: new Date().toISOString() };
}
