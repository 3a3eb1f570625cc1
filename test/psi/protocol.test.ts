import { createPsiCompute, type PsiCompute } from '../../src/psi/pool.js';
import { exchangeLocally } from '../../src/psi/loopback.js';
import { PSI_MODES, type PsiResult } from '../../src/psi/protocol.js';
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
  return new Map(result.counts.map((c) => [`${c.ourPopulation}/${c.partnerPopulation}`, c.count]));
}

describe.each(PSI_MODES)('mode %s', (mode) => {
  it('finds exactly the known intersection on both sides', async () => {
    const sets = twoSets(7, 300, 250, 120);
    const { initiator, responder } = await exchangeLocally(party('They', sets.ours), party('We', sets.theirs), mode, compute);
    expect(initiator.mode).toBe(mode);
    expect(responder.mode).toBe(mode);
    expect(countsOf(initiator)).toEqual(expectedCounts(sets));
    const flipped = new Map([...expectedCounts(sets)].map(([k, v]) => [k.split('/').reverse().join('/'), v]));
    expect(countsOf(responder)).toEqual(flipped);
    if (mode === 'counts') {
      expect(initiator.matches).toBeUndefined();
      expect(responder.matches).toBeUndefined();
      return;
    }
    expect(new Set(initiator.matches?.map((m) => m.key))).toEqual(sets.common);
    expect(new Set(responder.matches?.map((m) => m.key))).toEqual(sets.common);
  });
});
