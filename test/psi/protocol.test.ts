import { createHash, randomBytes } from 'node:crypto';
import { isPsiError, type PsiErrorCode } from '../../src/psi/errors.js';
import { hashToGroupRange, POINT_BYTES } from '../../src/psi/kernel.js';
import { exchangeLocally } from '../../src/psi/loopback.js';
import { createPsiCompute, type PsiCompute } from '../../src/psi/pool.js';
import {
  completeInitiator,
  completeResponder,
  domainKey,
  finishExchange,
  PSI_MODES,
  respondToStart,
  startExchange,
  type PsiMode,
  type PsiParty,
  type PsiResult,
  type ResponseMessage,
  type StartMessage,
} from '../../src/psi/protocol.js';
import { ElementIndex } from '../../src/psi/elementIndex.js';
import { decodeMessage, encodeMessage } from '../../src/psi/wire.js';
import { party, twoSets, type TwoSets } from './helpers.js';

let compute: PsiCompute;
beforeAll(() => {
  compute = createPsiCompute(0);
});
afterAll(() => compute.close());

function expectedCounts(sets: TwoSets): Map<string, number> {
  const pops = (records: TwoSets['ours'], key: string) => new Set(records.filter((r) => r.key === key).map((r) => r.population));
  const counts = new Map<string, number>();
  for (const key of sets.common) for (const o of pops(sets.ours, key)) for (const t of pops(sets.theirs, key)) counts.set(`${o}/${t}`, (counts.get(`${o}/${t}`) ?? 0) + 1);
  return counts;
}
function countsOf(result: PsiResult): Map<string, number> {
  return new Map(result.counts.map((c) => [`${c.ourPopulation}/${c.partnerPopulation}`, c.count ?? 0]));
}
async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<PsiErrorCode | string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return isPsiError(error) ? error.rule : String(error);
  }
  return 'resolved';
}

describe.each(PSI_MODES)('mode %s', (mode) => {
  it('gives both sides exactly the known intersection', async () => {
    const sets = twoSets(7, 300, 250, 120);
    const { initiator, responder } = await exchangeLocally(party('They', sets.ours), party('We', sets.theirs), mode, compute);
    expect([initiator.mode, responder.mode]).toEqual([mode, mode]);
    expect([initiator.ourSetSize, initiator.partnerSetSize, responder.ourSetSize, responder.partnerSetSize]).toEqual([420, 370, 370, 420]);
    expect(countsOf(initiator)).toEqual(expectedCounts(sets));
    expect(countsOf(responder)).toEqual(new Map([...expectedCounts(sets)].map(([k, v]) => [k.split('/').reverse().join('/'), v])));
    if (mode === 'counts') {
      expect([initiator.matches, responder.matches]).toEqual([undefined, undefined]);
      return;
    }
    expect(new Set(initiator.matches?.map((m) => m.key))).toEqual(sets.common);
    expect(new Set(responder.matches?.map((m) => m.key))).toEqual(sets.common);
    for (const m of initiator.matches ?? []) {
      expect(new Set(m.partnerPopulations)).toEqual(new Set(sets.theirs.filter((r) => r.key === m.key).map((r) => r.population)));
      if (mode === 'attributes') expect(m.partnerRecords).toEqual(sets.theirs.filter((r) => r.key === m.key).map(({ key: _key, ...shared }) => shared));
      else expect(m.partnerRecords).toBeUndefined();
    }
    for (const m of responder.matches ?? []) {
      if (mode === 'attributes') expect(m.partnerRecords?.map((r) => r.recordId).sort()).toEqual(sets.ours.filter((r) => r.key === m.key).map((r) => r.recordId).sort());
    }
  });

  it('finds nothing, and says so, when the sets are disjoint', async () => {
    const sets = twoSets(11, 50, 60, 0);
    const { initiator, responder } = await exchangeLocally(party('They', sets.ours), party('We', sets.theirs), mode, compute);
    expect([initiator.counts, responder.counts]).toEqual([[], []]);
    if (mode !== 'counts') expect([initiator.matches, responder.matches]).toEqual([[], []]);
  });
});

describe('what the transcript reveals', () => {
  const sets = twoSets(3, 400, 300, 150);
  const all = [...sets.ours, ...sets.theirs];
  const keys = [...new Set(all.map((r) => r.key))];

  it.each(PSI_MODES)('%s: no input, no plain hash of an input, no unblinded point and no non-overlap attribute', async (mode) => {
    const { transcript } = await exchangeLocally(party('They', sets.ours), party('We', sets.theirs), mode, compute);
    const text = transcript.join('\n');
    const decoded = transcript.map((t) => decodeMessage(t, Infinity));
    const session = decoded[0]?.session ?? '';
    for (const key of keys) {
      expect(text).not.toContain(key);
      for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512', 'blake2b512']) {
        const hash = createHash(algorithm).update(key).digest();
        expect(text).not.toContain(hash.toString('hex'));
        expect(text).not.toContain(hash.toString('base64'));
      }
    }
    // the session's own hash-to-group points, before any blinding, appear in no message
    const encoded = Buffer.from(keys.join(''));
    const offsets = new Uint32Array(keys.length + 1);
    keys.forEach((k, i) => (offsets[i + 1] = (offsets[i] ?? 0) + Buffer.byteLength(k)));
    const unblinded = new Uint8Array(keys.length * POINT_BYTES);
    hashToGroupRange(encoded, offsets, domainKey(session, 'domain'), unblinded, 0, keys.length);
    const blobs = decoded.flatMap((m) => Object.values(m).filter((v): v is Uint8Array => v instanceof Uint8Array));
    const sent = new Set(blobs.flatMap((b) => Array.from({ length: Math.floor(b.length / POINT_BYTES) }, (_, i) => Buffer.from(b.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES)).toString('hex'))));
    for (let i = 0; i < keys.length; i++) expect(sent.has(Buffer.from(unblinded.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES)).toString('hex'))).toBe(false);
    for (const r of all) {
      for (const value of [r.recordId, r.companyName, r.ownerName, r.ownerEmail]) expect(text).not.toContain(value);
    }
    // attributes travel only for matches: one encrypted payload per overlapping key and direction
    const payloads = decoded.flatMap((m) => ('payloads' in m ? m.payloads : []));
    expect(payloads).toHaveLength(mode === 'attributes' ? 2 * sets.common.size : 0);
  });

  it('counts only: the result names no record, and the returned order cannot be linked to our own', async () => {
    const started = await startExchange(party('They', sets.ours), 'counts', compute);
    const ourOrder = started.state.keys;
    const responded = await respondToStart(party('We', sets.theirs), started.message, compute);
    const finished = await finishExchange(started.state, responded.message, compute);
    const result = JSON.stringify(finished.result);
    for (const r of all) for (const value of [r.key, r.recordId, r.companyName, r.ownerName]) expect(result).not.toContain(value);
    // in list mode the matched positions of the returned list are our common keys' own positions; shuffled here
    const listStart = await startExchange(party('They', sets.ours), 'list', compute);
    const listResponse = await respondToStart(party('We', sets.theirs), listStart.message, compute);
    const listFinish = await finishExchange(listStart.state, listResponse.message, compute);
    const listPositions = new Set((listFinish.result?.matches ?? []).map((m) => listStart.state.keys.indexOf(m.key)));
    expect(listPositions).toEqual(new Set(listStart.state.keys.flatMap((k, i) => (sets.common.has(k) ? [i] : []))));
    const doubledIndex = new Map<string, number>();
    for (let k = 0; k < ourOrder.length; k++) doubledIndex.set(Buffer.from(responded.message.doubled.subarray(k * 32, k * 32 + 32)).toString('hex'), k);
    const commonPositions = new Set(ourOrder.flatMap((k, i) => (sets.common.has(k) ? [i] : [])));
    const finishDoubled = new Set(Array.from({ length: finished.message.doubled.length / 32 }, (_, j) => Buffer.from(finished.message.doubled.subarray(j * 32, j * 32 + 32)).toString('hex')));
    const matchedPositions = new Set([...doubledIndex].filter(([value]) => finishDoubled.has(value)).map(([, k]) => k));
    expect(matchedPositions.size).toBe(sets.common.size);
    expect(matchedPositions).not.toEqual(commonPositions);
  });
});

describe('sharing levels', () => {
  const sets = twoSets(5, 40, 40, 30);
  async function run(a: PsiParty['policy']['sharingLevel'], b: PsiParty['policy']['sharingLevel'], mode: PsiMode = 'attributes') {
    return exchangeLocally(party('They', sets.ours, { sharingLevel: a }), party('We', sets.theirs, { sharingLevel: b }), mode, compute);
  }

  it('the stricter side wins: Counts only on either side gives counts to both', async () => {
    for (const [a, b] of [['All records', 'Counts only'], ['Counts only', 'All records']] as const) {
      const { initiator, responder } = await run(a, b);
      expect([initiator.mode, responder.mode, initiator.sharingLevel, responder.sharingLevel]).toEqual(['counts', 'counts', 'Counts only', 'Counts only']);
      expect(initiator.matches).toBeUndefined();
    }
  });

  it('Overlapping records shares who to ask but not the owner e-mail or the deal stage', async () => {
    const { initiator, responder } = await run('All records', 'Overlapping records');
    for (const result of [initiator, responder]) {
      const records = (result.matches ?? []).flatMap((m) => m.partnerRecords ?? []);
      expect(records.length).toBeGreaterThanOrEqual(30);
      for (const r of records) expect(Object.keys(r).sort()).toEqual(['companyName', 'ownerName', 'population', 'recordId']);
    }
  });

  it('a lower requested mode is kept even when both sides allow more', async () => {
    const { initiator, responder } = await run('All records', 'All records', 'list');
    expect([initiator.mode, responder.mode]).toEqual(['list', 'list']);
  });

  it('Hidden refuses the exchange on either side', async () => {
    expect(await rejection(run('Hidden', 'All records'))).toBe('Hidden');
    expect(await rejection(run('All records', 'Hidden'))).toBe('Hidden');
  });
});

describe('refused messages', () => {
  const sets = twoSets(9, 60, 50, 20);
  const a = party('They', sets.ours);
  const b = party('We', sets.theirs);
  let start: StartMessage;
  let startText: string;
  beforeAll(async () => {
    start = (await startExchange(a, 'attributes', compute)).message;
    startText = encodeMessage(start);
  });
  const withElement = (bytes: Uint8Array, index: number, value: Uint8Array): Uint8Array => {
    const copy = new Uint8Array(bytes);
    copy.set(value, index * POINT_BYTES);
    return copy;
  };
  const hex = (h: string) => Buffer.from(h.padEnd(64, '0'), 'hex');

  it('malformed and truncated JSON', () => {
    const decode = (text: string) => () => decodeMessage(text, 1e9);
    expect(() => decodeMessage(startText.slice(0, startText.length / 2), 1e9)).toThrow(/not complete JSON.*truncated/);
    return Promise.all([
      rejection(decode('{"hello":')).then((r) => expect(r).toBe('Malformed')),
      rejection(decode(JSON.stringify({ ...JSON.parse(startText), blinded: '%%%' }))).then((r) => expect(r).toBe('Malformed')),
      rejection(decode(JSON.stringify({ ...JSON.parse(startText), setSize: undefined }))).then((r) => expect(r).toBe('Malformed')),
      rejection(decode(JSON.stringify({ ...JSON.parse(startText), extra: 1 }))).then((r) => expect(r).toBe('Malformed')),
      rejection(decode(JSON.stringify({ ...JSON.parse(startText), version: 2 }))).then((r) => expect(r).toBe('UnsupportedVersion')),
    ]);
  });

  it('binary fields must be canonical base64: a stray character, missing padding or stray low bits is refused by field', () => {
    const blinded = (JSON.parse(startText) as { blinded: string }).blinded;
    const withBlinded = (text: string) => JSON.stringify({ ...JSON.parse(startText), blinded: text });
    // a single-byte field ends "xx==": its second character carries 4 bits a decoder ignores
    const oneByte = Buffer.from([0xf0]).toString('base64');
    for (const text of [`${blinded.slice(0, 40)}.${blinded.slice(41)}`, oneByte.replace(/=+$/, ''), `${blinded.slice(0, -4)} ${blinded.slice(-4)}`, `${oneByte[0]}${String.fromCharCode((oneByte.charCodeAt(1) ?? 0) + 1)}==`]) {
      expect(() => decodeMessage(withBlinded(text), 1e9)).toThrow(/blinded: not canonical base64/);
    }
    expect(decodeMessage(startText, 1e9)).toEqual(start);
  });

  it('a blinded list shorter than its declared size (truncated binary)', async () => {
    expect(await rejection(respondToStart(b, { ...start, blinded: start.blinded.subarray(0, start.blinded.length - POINT_BYTES) }, compute))).toBe('Malformed');
    expect(await rejection(respondToStart(b, { ...start, populations: start.populations.subarray(1) }, compute))).toBe('Malformed');
  });

  it('oversized messages and sets', async () => {
    expect(await rejection(() => decodeMessage(startText, startText.length - 1))).toBe('MessageTooLarge');
    expect(await rejection(respondToStart(party('We', sets.theirs, { maxSetSize: start.setSize - 1 }), start, compute))).toBe('TooLarge');
  });

  it('a set below the minimum size (probing with a few guessed domains)', async () => {
    expect(await rejection(respondToStart(party('We', sets.theirs, { minSetSize: start.setSize + 1 }), start, compute))).toBe('SetTooSmall');
  });

  it.each([
    ['zero (the identity)', '00'],
    ['u = 1', '01'],
    ['an order-8 point', 'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'],
    ['a non-canonical encoding', 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
  ])('an identity or low-order element: %s', async (_name, value) => {
    expect(await rejection(respondToStart(b, { ...start, blinded: withElement(start.blinded, 3, hex(value)) }, compute))).toBe('BadElement');
  });

  it('a repeated element', async () => {
    expect(await rejection(respondToStart(b, { ...start, blinded: withElement(start.blinded, 4, start.blinded.subarray(0, POINT_BYTES)) }, compute))).toBe('DuplicateElement');
  });

  it('a repeated element in the response or the finish, in either list', async () => {
    const started = await startExchange(a, 'list', compute);
    const responded = await respondToStart(b, started.message, compute);
    const r = responded.message;
    const repeat = (list: Uint8Array) => withElement(list, 5, list.subarray(POINT_BYTES, 2 * POINT_BYTES));
    expect(await rejection(finishExchange({ ...started.state, scalar: new Uint8Array(started.state.scalar) }, { ...r, blinded: repeat(r.blinded) }, compute))).toBe('DuplicateElement');
    expect(await rejection(finishExchange({ ...started.state, scalar: new Uint8Array(started.state.scalar) }, { ...r, doubled: repeat(r.doubled) }, compute))).toBe('DuplicateElement');
    const finished = await finishExchange(started.state, r, compute);
    expect(await rejection(() => completeResponder(responded.state, { ...finished.message, doubled: repeat(finished.message.doubled) }))).toBe('DuplicateElement');
  });

  it('the element index finds elements that share their first bytes, and only those', () => {
    const n = 300;
    const list = new Uint8Array(n * POINT_BYTES);
    // every element has the same first 4 bytes and differs only at the end
    for (let i = 0; i < n; i++) {
      list.set([7, 7, 7, 7], i * POINT_BYTES);
      list[i * POINT_BYTES + 30] = i & 0xff;
      list[i * POINT_BYTES + 31] = (i >> 8) + 1;
    }
    const index = new ElementIndex(list, 'test');
    const reversed = new Uint8Array(list.byteLength);
    for (let i = 0; i < n; i++) reversed.set(list.subarray(i * POINT_BYTES, (i + 1) * POINT_BYTES), (n - 1 - i) * POINT_BYTES);
    expect(Array.from({ length: n }, (_, j) => index.find(reversed, j))).toEqual(Array.from({ length: n }, (_, j) => n - 1 - j));
    const absent = new Uint8Array(list.subarray(0, POINT_BYTES));
    absent[29] = 1;
    expect(index.find(absent, 0)).toBeUndefined();
    expect(() => new ElementIndex(withElement(list, 9, list.subarray(0, POINT_BYTES)), 'test')).toThrow(/repeats element 9/);
  });

  it('a partner cannot craft a list that piles into one run of slots: elements alike but for a few bytes spread as random ones do', () => {
    // 20,000 elements equal in 28 of their 32 bytes (any prefix, any table size): addressed by their first bytes
    // they would all probe one run, 20,000 slots long; hashed with this process's secret multipliers they spread
    const n = 20_000;
    const list = new Uint8Array(n * POINT_BYTES).fill(0x5a);
    for (let i = 0; i < n; i++) new DataView(list.buffer).setUint32(i * POINT_BYTES + 28, i * 0x10000, true);
    const crafted = new ElementIndex(list, 'crafted');
    const random = new ElementIndex(new Uint8Array(randomBytes(n * POINT_BYTES)), 'random');
    expect(crafted.longestProbe).toBeLessThan(64);
    expect(random.longestProbe).toBeLessThan(64);
    expect(crafted.find(list, n - 1)).toBe(n - 1);
  });

  it('replays: a message of another session is refused, and rewriting its session id matches nothing', async () => {
    const first = await startExchange(a, 'list', compute);
    const second = await startExchange(a, 'list', compute);
    const answerToFirst = await respondToStart(b, first.message, compute);
    expect(await rejection(finishExchange(second.state, answerToFirst.message, compute))).toBe('WrongSession');
    // the other session's elements were hashed and blinded under other keys: relabelled, they match nothing
    const relabelled: ResponseMessage = { ...answerToFirst.message, session: second.state.session };
    const finished = await finishExchange(second.state, relabelled, compute);
    expect(finished.result?.matches).toEqual([]);
  });

  it('messages out of order, a raised mode, another key kind, a tampered payload', async () => {
    const started = await startExchange(a, 'list', compute);
    const responded = await respondToStart(b, started.message, compute);
    expect(await rejection(finishExchange(started.state, { ...responded.message, mode: 'attributes' }, compute))).toBe('ModeRaised');
    expect(await rejection(respondToStart({ ...b, keyKind: 'email' }, started.message, compute))).toBe('KeyKindMismatch');
    expect(await rejection(() => completeResponder(responded.state, { type: 'attributes', session: started.state.session, payloads: [] } as never))).toBe('UnexpectedMessage');

    const s2 = await startExchange(a, 'attributes', compute);
    const r2 = await respondToStart(b, s2.message, compute);
    const f2 = await finishExchange(s2.state, r2.message, compute);
    const [first, ...rest] = f2.message.payloads;
    if (!first) throw new Error('expected payloads');
    const flipped = new Uint8Array(first.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(await rejection(() => completeResponder(r2.state, { ...f2.message, payloads: [{ ...first, ciphertext: flipped }, ...rest] }))).toBe('BadPayload');
    const done = completeResponder(r2.state, f2.message);
    if (!done.message || !f2.state) throw new Error('expected the attributes step');
    expect(await rejection(() => completeInitiator(f2.state as never, { ...done.message, payloads: done.message?.payloads.slice(1) ?? [] } as never))).toBe('Malformed');
  });
});
