import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPsiError } from '../../src/psi/errors.js';
import { fileFinish, fileRespond, fileStart } from '../../src/psi/fileTransport.js';
import { generateToken, isLoopback, servePsi, type PsiServer } from '../../src/psi/httpTransport.js';
import { createPsiCompute, type PsiCompute } from '../../src/psi/pool.js';
import { finishExchange, startExchange, type PsiMode } from '../../src/psi/protocol.js';
import { readResult, sessionResultPath, writeResult } from '../../src/psi/result.js';
import { decodeMessage, encodeMessage } from '../../src/psi/wire.js';
import { party, twoSets } from './helpers.js';

let compute: PsiCompute;
let dir: string;
beforeAll(async () => {
  compute = createPsiCompute(0);
  dir = await mkdtemp(path.join(tmpdir(), 'psi-replay-'));
});
afterAll(async () => {
  await compute.close();
  await rm(dir, { recursive: true, force: true });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Every file under `root` with its bytes: "untouched" means exactly this, before and after. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(root, { recursive: true })) {
    const file = path.join(root, name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'accepted',
    (e: unknown) => (isPsiError(e) ? e.rule : String(e)),
  );
}

describe('replay over the file transport', () => {
  it.each<PsiMode>(['list', 'attributes', 'counts'])('%s mode: every captured message, in every order, to either side, is WrongSession and leaves both results untouched', async (mode) => {
    const root = path.join(dir, `files-${mode}`);
    const alice = path.join(root, 'alice');
    const bob = path.join(root, 'bob');
    const m = (name: string) => path.join(root, `${name}.json`);
    const sets = twoSets(41, 150, 120, 70);
    const options = (d: string) => ({ dir: d, compute, maxMessageBytes: 1e8 });
    await fileStart(party('Bob', sets.ours), mode, m('start'), options(alice));
    await fileRespond(m('start'), m('response'), party('Alice', sets.theirs), options(bob));
    await fileFinish(m('response'), m('finish'), options(alice));
    const bobDone = await fileRespond(m('finish'), m('attributes'), undefined, options(bob));
    const captured = ['start', 'response', 'finish'];
    if (mode === 'attributes') {
      await fileFinish(m('attributes'), undefined, options(alice));
      captured.push('attributes');
    }
    expect(bobDone.result?.counts.reduce((n, c) => Math.max(n, c.count ?? 0), 0)).toBeGreaterThan(0);
    const before = { alice: await snapshot(alice), bob: await snapshot(bob) };
    expect(Object.keys(before.alice).sort()).toEqual(['bob.result.json', path.join('sessions', `${bobDone.session}.initiator.result.json`)]);

    const orders = permutations(captured);
    expect(orders).toHaveLength(mode === 'attributes' ? 24 : 6);
    for (const order of orders) {
      for (const name of order) {
        // the responder is given our records too, as an attacker replaying a start would
        expect(await refusal(fileRespond(m(name), m('replayed-out'), party('Alice', sets.theirs), options(bob)))).toBe('WrongSession');
        expect(await refusal(fileFinish(m(name), m('replayed-out'), options(alice)))).toBe('WrongSession');
      }
    }
    expect({ alice: await snapshot(alice), bob: await snapshot(bob) }).toEqual(before);
  });

  it('a start replayed while the exchange is under way is refused instead of replacing the state', async () => {
    const root = path.join(dir, 'files-open');
    const sets = twoSets(42, 120, 120, 10);
    const options = (d: string) => ({ dir: d, compute, maxMessageBytes: 1e8 });
    await fileStart(party('Bob', sets.ours), 'list', path.join(root, 'start.json'), options(path.join(root, 'a')));
    await fileRespond(path.join(root, 'start.json'), path.join(root, 'response.json'), party('Alice', sets.theirs), options(path.join(root, 'b')));
    const state = await snapshot(path.join(root, 'b'));
    expect(await refusal(fileRespond(path.join(root, 'start.json'), path.join(root, 'again.json'), party('Alice', sets.theirs), options(path.join(root, 'b'))))).toBe('WrongSession');
    expect(await snapshot(path.join(root, 'b'))).toEqual(state);
    // and the exchange still completes with the original state
    await fileFinish(path.join(root, 'response.json'), path.join(root, 'finish.json'), options(path.join(root, 'a')));
    const done = await fileRespond(path.join(root, 'finish.json'), undefined, undefined, options(path.join(root, 'b')));
    expect(done.result?.matches).toHaveLength(10);
  });
});

describe('result files', () => {
  it('keeps one result per session, never replaces it, and the latest completed one is the partner file', async () => {
    const root = path.join(dir, 'results');
    const base = { version: 1 as const, partner: 'Acme', role: 'initiator' as const, mode: 'counts' as const, keyKind: 'domain' as const, sharingLevel: 'Counts only' as const, ourSetSize: 200, partnerSetSize: 300, startedAt: '2026-12-01T10:00:00.000Z' };
    const first = { ...base, session: 'aa'.repeat(16), counts: [{ ourPopulation: 'Customer' as const, partnerPopulation: 'Lead' as const, count: 700 }], finishedAt: '2026-12-01T10:01:00.000Z' };
    const latest = await writeResult(root, first);
    expect(readResult(latest).counts[0]?.count).toBe(700);
    // the same session again (a replayed run that found nothing) is refused and changes nothing
    await expect(writeResult(root, { ...first, counts: [], finishedAt: '2026-12-01T11:00:00.000Z' })).rejects.toThrow(/already completed/);
    expect(readResult(latest).counts[0]?.count).toBe(700);
    expect(readResult(sessionResultPath(root, first.session, 'initiator')).counts[0]?.count).toBe(700);
    // a later session becomes the latest; an earlier-finished one written late does not displace it
    await writeResult(root, { ...first, session: 'bb'.repeat(16), counts: [], finishedAt: '2026-12-02T10:00:00.000Z' });
    await writeResult(root, { ...first, session: 'cc'.repeat(16), finishedAt: '2026-12-01T12:00:00.000Z' });
    expect(readResult(latest).session).toBe('bb'.repeat(16));
    expect((await readdir(path.join(root, 'sessions'))).sort()).toEqual(['aa', 'bb', 'cc'].map((s) => `${s.repeat(16)}.initiator.result.json`));
    // no temporary file is left behind
    expect((await readdir(root)).sort()).toEqual(['acme.result.json', 'sessions']);
  });

  it('names who ran the exchange and when it started and finished', async () => {
    const root = path.join(dir, 'stamped');
    const sets = twoSets(43, 110, 110, 5);
    const options = (d: string) => ({ dir: d, compute, maxMessageBytes: 1e8 });
    const t0 = new Date().toISOString();
    await fileStart(party('Bob', sets.ours), 'counts', path.join(root, '1.json'), options(path.join(root, 'a')));
    await fileRespond(path.join(root, '1.json'), path.join(root, '2.json'), party('Alice', sets.theirs), options(path.join(root, 'b')));
    const done = await fileFinish(path.join(root, '2.json'), path.join(root, '3.json'), options(path.join(root, 'a')));
    const result = readResult(done.resultFile ?? '');
    expect(result.startedAt >= t0 && result.finishedAt >= result.startedAt).toBe(true);
    expect(result.ranBy).toEqual(expect.any(String));
  });
});

describe('replay over HTTP', () => {
  const servers: PsiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const token = generateToken();

  async function post(url: string, body: string): Promise<{ status: number; text: string }> {
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    return { status: res.status, text: await res.text() };
  }

  it.each<PsiMode>(['list', 'counts'])('%s mode: start, response and finish replayed in every order are refused with WrongSession; the result is untouched', async (mode) => {
    const serverDir = path.join(dir, `http-${mode}`);
    const sets = twoSets(44, 150, 120, 70);
    const server = await servePsi({ party: party('Alice', sets.theirs), compute, host: '127.0.0.1', port: 0, token, maxMessageBytes: 1e8, timeoutMs: 10_000, maxExchangesPerHour: 100, dir: serverDir });
    servers.push(server);
    // the exchange as connect runs it, with every message kept as sent on the wire
    const started = await startExchange(party('Bob', sets.ours), mode, compute);
    const start = encodeMessage(started.message);
    const answered = await post(server.url, start);
    expect(answered.status).toBe(200);
    const responseMessage = decodeMessage(answered.text, 1e8);
    if (responseMessage.type !== 'response') throw new Error('expected a response');
    const finished = await finishExchange(started.state, responseMessage, compute);
    const finish = encodeMessage(finished.message);
    expect((await post(server.url, finish)).status).toBe(204);
    const before = await snapshot(serverDir);
    expect(Object.keys(before)).toContain('alice.result.json');
    expect(readResult(path.join(serverDir, 'alice.result.json')).counts.length).toBeGreaterThan(0);

    const captured = { start, response: answered.text, finish };
    for (const order of permutations(Object.keys(captured) as (keyof typeof captured)[])) {
      for (const name of order) {
        const replay = await post(server.url, captured[name]);
        expect(replay.status).toBe(400);
        expect(JSON.parse(replay.text)).toMatchObject({ error: { name: 'PsiWrongSession' } });
      }
    }
    expect(await snapshot(serverDir)).toEqual(before);
  });

  it('a start replayed while its exchange is open is refused', async () => {
    const sets = twoSets(45, 120, 120, 10);
    const server = await servePsi({ party: party('Alice', sets.theirs), compute, host: '127.0.0.1', port: 0, token, maxMessageBytes: 1e8, timeoutMs: 10_000, maxExchangesPerHour: 100, dir: path.join(dir, 'http-open') });
    servers.push(server);
    const start = encodeMessage((await startExchange(party('Bob', sets.ours), 'list', compute)).message);
    expect((await post(server.url, start)).status).toBe(200);
    const again = await post(server.url, start);
    expect([again.status, (JSON.parse(again.text) as { error: { name: string } }).error.name]).toEqual([400, 'PsiWrongSession']);
  });
});

describe('psi serve refuses weak set-ups', () => {
  const sets = twoSets(46, 120, 0, 0);
  const serve = (overrides: Partial<Parameters<typeof servePsi>[0]>) => servePsi({ party: party('Alice', sets.ours), compute, host: '127.0.0.1', port: 0, token: generateToken(), maxMessageBytes: 1e6, timeoutMs: 1000, maxExchangesPerHour: 1, dir: path.join(dir, 'weak'), ...overrides });

  it('a token shorter than 32 characters', async () => {
    expect(await refusal(serve({ token: 'x'.repeat(31) }))).toBe('WeakToken');
    const server = await serve({ token: 'x'.repeat(32) });
    await server.close();
  });

  it('a generated token is 32 URL-safe characters and never the same twice', () => {
    const tokens = new Set(Array.from({ length: 50 }, generateToken));
    expect(tokens.size).toBe(50);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('a non-loopback address without TLS', async () => {
    expect(await refusal(serve({ host: '0.0.0.0' }))).toBe('InsecureBind');
    expect(await refusal(serve({ host: '::' }))).toBe('InsecureBind');
    expect(await refusal(serve({ host: '192.168.1.20' }))).toBe('InsecureBind');
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1', '::ffff:10.0.0.1'].some(isLoopback)).toBe(false);
  });
});

// the message files of a replay are the partner's own: a forged session id in a copied file is just another session
it('a replayed message with its session id edited is a new exchange, not a way into the old result', async () => {
  const root = path.join(dir, 'edited');
  const sets = twoSets(47, 120, 120, 30);
  const options = (d: string) => ({ dir: d, compute, maxMessageBytes: 1e8 });
  await fileStart(party('Bob', sets.ours), 'list', path.join(root, 's.json'), options(path.join(root, 'a')));
  await fileRespond(path.join(root, 's.json'), path.join(root, 'r.json'), party('Alice', sets.theirs), options(path.join(root, 'b')));
  await fileFinish(path.join(root, 'r.json'), path.join(root, 'f.json'), options(path.join(root, 'a')));
  await fileRespond(path.join(root, 'f.json'), undefined, undefined, options(path.join(root, 'b')));
  const before = await snapshot(path.join(root, 'b'));
  const finish = JSON.parse(await readFile(path.join(root, 'f.json'), 'utf8')) as { session: string };
  await writeFile(path.join(root, 'f2.json'), JSON.stringify({ ...finish, session: 'ee'.repeat(16) }));
  // no exchange of that session is open here: nothing is written
  expect(await refusal(fileRespond(path.join(root, 'f2.json'), undefined, undefined, options(path.join(root, 'b'))))).toBe('BadState');
  expect(await snapshot(path.join(root, 'b'))).toEqual(before);
});
