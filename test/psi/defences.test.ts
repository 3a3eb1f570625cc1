import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPsiError } from '../../src/psi/errors.js';
import { fileFinish, fileRespond, fileStart } from '../../src/psi/fileTransport.js';
import { createPsiCompute, type PsiCompute } from '../../src/psi/pool.js';
import { finishExchange, completeResponder, respondToStart, startExchange, POPULATIONS, type PsiRecord } from '../../src/psi/protocol.js';
import { checkBudget, writeResult } from '../../src/psi/result.js';
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
    expect(at('2026-12-15T00:00:00.000Z')).toThrow(/already completed 2 exchange\(s\) with Acme in the last 30 days/);
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
