import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPsiError } from '../../src/psi/errors.js';
import { fileFinish, fileRespond, fileStart } from '../../src/psi/fileTransport.js';
import { createPsiCompute, type PsiCompute } from '../../src/psi/pool.js';
import { finishExchange, completeResponder, respondToStart, startExchange, POPULATIONS, type PsiRecord } from '../../src/psi/protocol.js';
import { connectPsi, generateToken, servePsi } from '../../src/psi/httpTransport.js';
import { checkBudget, writeResult } from '../../src/psi/result.js';
import { encodeMessage } from '../../src/psi/wire.js';
import { party } from './helpers.js';

let compute: PsiCompute;
let dir: string;
beforeAll(async () => {
  compute = createPsiCompute(0);
  dir = await mkdtemp(path.join(tmpdir(), 'psi-defences-'));
});
afterAll(async () => {
  await compute.close();
  await rm(dir, { recursive: true, force: true });
});

/** Shared keys: 12 Customer/Customer, 3 Prospect/Lead, 1 Lead/Lead; the rest only on one side. */
function sets(): { ours: PsiRecord[]; theirs: PsiRecord[] } {
  const ours: PsiRecord[] = [];
  const theirs: PsiRecord[] = [];
  const both = (n: number, prefix: string, mine: PsiRecord['population'], yours: PsiRecord['population']) => {
    for (let i = 0; i < n; i++) {
      ours.push({ key: `${prefix}-${i}.com`, population: mine });
      theirs.push({ key: `${prefix}-${i}.com`, population: yours });
    }
  };
  both(12, 'cc', 'Customer', 'Customer');
  both(3, 'pl', 'Prospect', 'Lead');
  both(1, 'll', 'Lead', 'Lead');
  for (let i = 0; i < 50; i++) ours.push({ key: `ours-${i}.de`, population: 'Prospect' });
  for (let i = 0; i < 50; i++) theirs.push({ key: `theirs-${i}.fr`, population: 'Customer' });
  return { ours, theirs };
}

describe('small cells in counts mode', () => {
  it('reports every pair below the larger minimum of both sides as "< N", to both sides, and keeps the others', async () => {
    const { ours, theirs } = sets();
    // only the responder asks for a minimum of 5: it applies to the initiator too
    const started = await startExchange(party('B', ours, { minCellSize: 1 }), 'counts', compute);
    const responded = await respondToStart(party('A', theirs, { minCellSize: 5 }), started.message, compute);
    const finished = await finishExchange(started.state, responded.message, compute);
    const completed = completeResponder(responded.state, finished.message);
    for (const [result, mine, yours] of [
      [finished.result, 'ourPopulation', 'partnerPopulation'],
      [completed.result, 'partnerPopulation', 'ourPopulation'],
    ] as const) {
      const cells = result?.counts ?? [];
      // all 16 pairs: an absent pair must read like a pair of 1 to 4
      expect(cells).toHaveLength(POPULATIONS.length ** 2);
      const cell = (a: string, b: string) => cells.find((c) => c[mine] === a && c[yours] === b);
      expect(cell('Customer', 'Customer')).toEqual({ ourPopulation: 'Customer', partnerPopulation: 'Customer', count: 12 });
      expect(cell('Prospect', 'Lead')).toMatchObject({ below: 5 });
      expect(cell('Prospect', 'Lead')?.count).toBeUndefined();
      expect(cell('Lead', 'Lead')).toMatchObject({ below: 5 });
      expect(cell('Customer', 'Lead')).toMatchObject({ below: 5 });
      expect(cells.filter((c) => c.count !== undefined)).toHaveLength(1);
    }
  });

  it('a minimum of 1 on both sides reports exact counts (the setting is off)', async () => {
    const { ours, theirs } = sets();
    const started = await startExchange(party('B', ours, { minCellSize: 1 }), 'counts', compute);
    const responded = await respondToStart(party('A', theirs, { minCellSize: 1 }), started.message, compute);
    const finished = await finishExchange(started.state, responded.message, compute);
    expect(finished.result?.counts).toEqual([
      { ourPopulation: 'Customer', partnerPopulation: 'Customer', count: 12 },
      { ourPopulation: 'Prospect', partnerPopulation: 'Lead', count: 3 },
      { ourPopulation: 'Lead', partnerPopulation: 'Lead', count: 1 },
    ]);
  });
});

describe('per-partner exchange budget', () => {
  const result = (session: string, partner: string, finishedAt: string) => ({
    version: 1 as const, partner, session, role: 'initiator' as const, mode: 'counts' as const, keyKind: 'domain' as const, sharingLevel: 'Counts only' as const,
    ourSetSize: 100, partnerSetSize: 100, counts: [], startedAt: finishedAt, finishedAt,
  });

  it('refuses once the budget of completed exchanges with that partner is spent in the period, and frees up after it', async () => {
    const root = path.join(dir, 'budget');
    await writeResult(root, result('01'.repeat(16), 'Acme', '2026-12-01T10:00:00.000Z'));
    await writeResult(root, result('02'.repeat(16), 'Acme', '2026-12-10T10:00:00.000Z'));
    await writeResult(root, result('03'.repeat(16), 'Globex', '2026-12-10T10:00:00.000Z'));
    const budget = { max: 2, periodDays: 30 };
    const at = (iso: string) => () => checkBudget(root, 'Acme', budget, new Date(iso));
    expect(at('2026-12-15T00:00:00.000Z')).toThrow(/already took part in 2 exchange\(s\) with Acme in the last 30 days/);
    // another partner's exchanges do not count
    expect(() => checkBudget(root, 'Globex', budget, new Date('2026-12-15T00:00:00.000Z'))).not.toThrow();
    // once the first one is older than the period, one exchange is allowed again
    expect(at('2026-12-31T11:00:00.000Z')).not.toThrow();
    expect(() => checkBudget(root, 'Acme', undefined)).not.toThrow();
  });

  it('psi start and respond refuse with BudgetExceeded before any work, over files', async () => {
    const root = path.join(dir, 'budget-files');
    const { ours, theirs } = sets();
    const opts = (d: string, max: number) => ({ dir: path.join(root, d), compute, maxMessageBytes: 1e8, budget: { max, periodDays: 30 } });
    const m = (n: string) => path.join(root, `${n}.json`);
    await fileStart(party('B', ours), 'counts', m('1'), opts('a', 1));
    await fileRespond(m('1'), m('2'), party('A', theirs), opts('b', 1));
    await fileFinish(m('2'), m('3'), opts('a', 1));
    await fileRespond(m('3'), undefined, undefined, opts('b', 1));
    const rule = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (isPsiError(e) ? e.rule : String(e)));
    expect(await rule(fileStart(party('B', ours), 'counts', m('4'), opts('a', 1)))).toBe('BudgetExceeded');
    // a new start from the partner is refused by this side's budget too
    await fileStart(party('B', ours), 'counts', m('5'), opts('a2', 5));
    expect(await rule(fileRespond(m('5'), m('6'), party('A', theirs), opts('b', 1)))).toBe('BudgetExceeded');
    expect(await rule(fileRespond(m('5'), m('6'), party('A', theirs), opts('b', 2)))).toBe('accepted');
  });
});

describe('set-difference refusal in counts mode', () => {
  const rule = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (isPsiError(e) ? e.rule : String(e)));
  const withExtra = (records: PsiRecord[], n: number, prefix = 'extra'): PsiRecord[] => [...records, ...Array.from({ length: n }, (_, i): PsiRecord => ({ key: `${prefix}-${i}.io`, population: 'Lead' }))];
  let round = 0;
  /** One whole counts exchange by files: A (ours) starts, B (theirs) answers; each side's own folder. */
  async function exchange(root: string, ours: PsiRecord[], theirs: PsiRecord[]): Promise<void> {
    const m = (n: number) => path.join(root, `${round}-${n}.json`);
    round++;
    const opts = (d: string) => ({ dir: path.join(root, d), compute, maxMessageBytes: 1e8 });
    const policy = { minSetDifference: 5 };
    await fileStart(party('B', ours, policy), 'counts', m(1), opts('a'));
    await fileRespond(m(1), m(2), party('A', theirs, policy), opts('b'));
    await fileFinish(m(2), m(3), opts('a'));
    await fileRespond(m(3), m(4), undefined, opts('b'));
  }

  it('refuses a counts exchange whose own set changed by 1 to 4 keys since the last one with that partner, on either side', async () => {
    const root = path.join(dir, 'difference');
    const { ours, theirs } = sets();
    await exchange(root, ours, theirs);
    // the initiator added one record: comparing the two counts would tell whether it overlaps
    const opts = (d: string) => ({ dir: path.join(root, d), compute, maxMessageBytes: 1e8 });
    const policy = { minSetDifference: 5, sharingLevel: 'All records' as const };
    expect(await rule(fileStart(party('B', withExtra(ours, 1), policy), 'counts', path.join(root, 'x1.json'), opts('a')))).toBe('SetTooSimilar');
    // moving one key to another population is a change too
    const moved = ours.map((r, i) => (i === 0 ? { ...r, population: 'Lead' as const } : r));
    expect(await rule(fileStart(party('B', moved, policy), 'counts', path.join(root, 'x2.json'), opts('a')))).toBe('SetTooSimilar');
    // another partner's history does not count
    expect(await rule(fileStart(party('C', withExtra(ours, 1), policy), 'counts', path.join(root, 'x3.json'), opts('a')))).toBe('accepted');
    // the responder checks its own set: 4 changed keys are still too few, before any curve work
    await fileStart(party('B', ours, policy), 'counts', path.join(root, 'y1.json'), opts('a-other'));
    expect(await rule(fileRespond(path.join(root, 'y1.json'), path.join(root, 'y2.json'), party('A', withExtra(theirs, 4), { ...policy, sharingLevel: 'Counts only' }), opts('b')))).toBe('SetTooSimilar');
    // 1 turns the check off
    expect(await rule(fileRespond(path.join(root, 'y1.json'), path.join(root, 'y2.json'), party('A', withExtra(theirs, 4), { minSetDifference: 1, sharingLevel: 'Counts only' }), opts('b')))).toBe('accepted');
    // and keeps no fingerprint
    await fileRespond(path.join(root, 'y1.json'), path.join(root, 'z2.json'), party('A', theirs, { minSetDifference: 1, sharingLevel: 'Counts only' }), opts('b-off'));
    expect(await readdir(path.join(root, 'b-off'))).not.toContain('sets');
  });

  it('allows an identical set and one that changed by at least the minimum; the kept fingerprint names no key', async () => {
    const root = path.join(dir, 'difference-ok');
    const { ours, theirs } = sets();
    await exchange(root, ours, theirs);
    await exchange(root, ours, theirs);
    await exchange(root, withExtra(ours, 5), withExtra(theirs, 7));
    for (const side of ['a', 'b']) {
      const folder = path.join(root, side, 'sets');
      const files = await readdir(folder);
      expect(files.sort()).toEqual(side === 'a' ? ['b.json', 'key'] : ['a.json', 'key']);
      for (const f of files) expect((await stat(path.join(folder, f))).mode & 0o077).toBe(0);
      const text = await readFile(path.join(folder, side === 'a' ? 'b.json' : 'a.json'), 'utf8');
      // keyed digests only: no key, and no plain hash of one
      expect(text).not.toMatch(/\.com|\.de|\.fr|\.io/);
      expect(text).not.toContain(createHash('sha256').update('cc-0.com').digest('hex').slice(0, 16));
    }
  });

  it('the initiator refuses at finish when the partner lowered a list request to counts', async () => {
    const root = path.join(dir, 'difference-lowered');
    const { ours, theirs } = sets();
    await exchange(root, ours, theirs);
    const opts = (d: string) => ({ dir: path.join(root, d), compute, maxMessageBytes: 1e8 });
    await fileStart(party('B', withExtra(ours, 2), { minSetDifference: 5 }), 'list', path.join(root, 'l1.json'), opts('a'));
    await fileRespond(path.join(root, 'l1.json'), path.join(root, 'l2.json'), party('A', withExtra(theirs, 9), { minSetDifference: 5, sharingLevel: 'Counts only' }), opts('b'));
    expect(await rule(fileFinish(path.join(root, 'l2.json'), path.join(root, 'l3.json'), opts('a')))).toBe('SetTooSimilar');
    await expect(stat(path.join(root, 'l3.json'))).rejects.toThrow();
  });

  it('over HTTP: psi serve refuses the start and psi connect refuses before sending its finish', async () => {
    const root = path.join(dir, 'difference-http');
    const { ours, theirs } = sets();
    const policy = { minSetDifference: 5, sharingLevel: 'Counts only' as const };
    const token = generateToken();
    const serve = (records: PsiRecord[]) => servePsi({ party: party('A', records, policy), compute, host: '127.0.0.1', port: 0, token, maxMessageBytes: 1e8, timeoutMs: 5000, maxExchangesPerHour: 10, dir: path.join(root, 'b') });
    const connect = (server: { url: string }, records: PsiRecord[]) => connectPsi(party('B', records, policy), 'counts', { url: server.url, token, timeoutMs: 5000, maxMessageBytes: 1e8, dir: path.join(root, 'a'), compute });
    let server = await serve(theirs);
    try {
      await connect(server, ours);
      expect(await rule(connect(server, withExtra(ours, 3)))).toBe('SetTooSimilar');
    } finally {
      await server.close();
    }
    server = await serve(withExtra(theirs, 2));
    try {
      // the server's own set changed by 2: its refusal reaches the initiator as the partner's error
      const refused = await connect(server, withExtra(ours, 6)).then(() => undefined, (e: unknown) => e);
      expect(isPsiError(refused, 'PeerError') && refused.message).toMatch(/differs by only 2 key\(s\)/);
    } finally {
      await server.close();
    }
  });
});

describe('the budget counts exchanges the partner never completed', () => {
  it('a responder whose response was used but never finished has spent one exchange of its budget, over files and HTTP', async () => {
    const root = path.join(dir, 'budget-abandoned');
    const { ours, theirs } = sets();
    const rule = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (isPsiError(e) ? e.rule : String(e)));
    const budget = { max: 2, periodDays: 30 };
    const opts = (d: string) => ({ dir: path.join(root, d), compute, maxMessageBytes: 1e8, budget });
    // twice the partner starts, takes our response (its counts) and never sends the finish
    for (const n of [1, 2]) {
      await fileStart(party('B', ours), 'counts', path.join(root, `s${n}.json`), opts(`a${n}`));
      expect(await rule(fileRespond(path.join(root, `s${n}.json`), path.join(root, `r${n}.json`), party('A', theirs), opts('b')))).toBe('accepted');
    }
    await fileStart(party('B', ours), 'counts', path.join(root, 's3.json'), opts('a3'));
    expect(await rule(fileRespond(path.join(root, 's3.json'), path.join(root, 'r3.json'), party('A', theirs), opts('b')))).toBe('BudgetExceeded');
    // completing one of them later does not count it twice
    await fileFinish(path.join(root, 'r1.json'), path.join(root, 'f1.json'), opts('a1'));
    await fileRespond(path.join(root, 'f1.json'), undefined, undefined, opts('b'));
    expect(() => checkBudget(path.join(root, 'b'), 'A', { max: 3, periodDays: 30 })).not.toThrow();

    // psi serve: the budget is spent by answered starts too
    const token = generateToken();
    const server = await servePsi({ party: party('A', theirs), compute, host: '127.0.0.1', port: 0, token, maxMessageBytes: 1e8, timeoutMs: 5000, maxExchangesPerHour: 10, dir: path.join(root, 'srv'), budget: { max: 1, periodDays: 30 } });
    try {
      const started = await startExchange(party('B', ours), 'counts', compute);
      const response = await fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: encodeMessage(started.message) });
      expect(response.status).toBe(200);
      const again = await connectPsi(party('B', ours), 'counts', { url: server.url, token, timeoutMs: 5000, maxMessageBytes: 1e8, dir: path.join(root, 'a-http'), compute }).then(() => 'accepted', (e: unknown) => (e instanceof Error ? e.message : String(e)));
      expect(again).toMatch(/already took part in 1 exchange\(s\) with A in the last 30 days/);
    } finally {
      await server.close();
    }
  });
});
