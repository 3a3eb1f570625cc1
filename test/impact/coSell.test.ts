// The CLI side reaches the one co-sell score (src/impact/coSell.ts re-exports force-app's coSellScore), fed by the
// same computeImpact as partner impact. The score's own cases are in coSellScore/__tests__.
import { computeImpact, type ImpactOpportunity } from '../../src/impact/metrics';
import { describeReasons, rankCoSell } from '../../src/impact/coSell';

const deal = (id: string, accountId: string, isClosed: boolean, isWon: boolean, amount: number | null = 1000): ImpactOpportunity => ({
  id, accountId, amount, currency: null, isClosed, isWon, createdDate: '2026-01-01', closeDate: '2026-01-11', sourcePartnerId: null,
});

it('ranks an open deal from the lift computeImpact measured', () => {
  // Globex's accounts: 1 of 2 closed deals won; no partner: 1 of 4 -> 50% vs 25%, both in 10 days
  const opportunities = [
    deal('W1', 'G1', true, true), deal('L1', 'G2', true, false),
    deal('W2', 'N1', true, true), ...['N2', 'N3', 'N4'].map((a) => deal(`L${a}`, a, true, false)),
    deal('OPEN', 'A1', false, false, 40000),
  ];
  const overlaps = ['G1', 'G2', 'A1'].map((accountId) => ({
    partnerId: 'G', accountId, leadId: null, ourPopulation: null, partnerPopulation: 'Customer', active: true, disputed: false,
  }));
  const impact = computeImpact({ partners: [{ id: 'G', name: 'Globex' }], opportunities, influences: [], overlaps, leads: [] });
  const [ranked] = rankCoSell({ impact, deals: opportunities, overlaps }, { now: Date.parse('2026-12-07T00:00:00Z'), minSharedClosed: 2 });
  expect(ranked?.opportunityId).toBe('OPEN');
  // 40,000 x (1 + 0.50 - 0.25) x 1 (same cycle) x 1 (customer) x 1 (no signal)
  expect(ranked?.score).toBe(50000);
  expect(describeReasons(ranked?.partners[0]?.reasons ?? [])).toBe("Globex's customer; deals with Globex win 50% vs 25%");
});
