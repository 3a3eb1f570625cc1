import { registrationImpact } from 'c/registrationMetrics';

const PARTNERS = [
  { id: 'P1', name: 'Orbit' },
  { id: 'P2', name: 'Nimbus' },
  { id: 'P3', name: 'Quiet' },
];
const reg = (partnerId, status, submittedAt, extra = {}) => ({
  partnerId,
  status,
  submittedAt,
  decidedAt: null,
  decidedById: null,
  dealClosed: false,
  dealWon: false,
  ...extra,
});
const ROWS = [
  // Orbit: approved and won after 2 days; approved, deal lost, 4 days; expired (was approved), 6 days; rejected by a manager
  reg('P1', 'Converted', '2026-01-01T00:00:00Z', { decidedAt: '2026-01-03T00:00:00Z', decidedById: 'U1', dealClosed: true, dealWon: true }),
  reg('P1', 'Approved', '2026-01-05T00:00:00Z', { decidedAt: '2026-01-09T00:00:00Z', decidedById: 'U1', dealClosed: true }),
  reg('P1', 'Expired', '2026-01-10T00:00:00Z', { decidedAt: '2026-01-16T00:00:00Z', decidedById: 'U1' }),
  reg('P1', 'Rejected', '2026-01-11T00:00:00Z', { decidedAt: '2026-01-12T00:00:00Z', decidedById: 'U2' }),
  // Nimbus: rejected by a rule at intake (no manager's time), one still pending
  reg('P2', 'Rejected', '2026-01-20T00:00:00Z', { decidedAt: '2026-01-20T00:00:01Z' }),
  reg('P2', 'Under review', '2026-01-21T00:00:00Z'),
  // outside the period
  reg('P1', 'Approved', '2025-12-31T23:00:00Z', { decidedAt: '2026-01-01T00:00:00Z', decidedById: 'U1' }),
];

describe('registrationImpact', () => {
  it('counts approval rate, median days to a manager’s decision and the registered deals’ win rate per partner', () => {
    const { partners } = registrationImpact(PARTNERS, ROWS, { from: '2026-01-01', to: '2026-01-31' });
    expect(partners.map((p) => p.partnerName)).toEqual(['Orbit', 'Nimbus']);
    expect(partners[0]).toMatchObject({
      received: 4,
      approved: 3,
      rejected: 1,
      pending: 0,
      approvalRate: 0.75,
      medianDaysToDecision: 3, // 1, 2, 4, 6 days
      dealsClosed: 2,
      dealsWon: 1,
      dealWinRate: 0.5,
    });
    // a rule's rejection is a decision for the rate, but no manager's waiting time
    expect(partners[1]).toMatchObject({ received: 2, approved: 0, rejected: 1, pending: 1, approvalRate: 0, medianDaysToDecision: null, dealWinRate: null });
  });

  it('sums every partner in the period overall, and says nothing before any decision', () => {
    const { overall } = registrationImpact(PARTNERS, ROWS, { from: '2026-01-01', to: '2026-01-31' });
    expect(overall).toMatchObject({ received: 6, approved: 3, rejected: 2, pending: 1, approvalRate: 0.6, medianDaysToDecision: 3, dealWinRate: 0.5 });
    const none = registrationImpact(PARTNERS, [reg('P3', 'Submitted', '2026-01-02T00:00:00Z')]);
    expect(none.overall).toMatchObject({ received: 1, approvalRate: null, medianDaysToDecision: null, dealWinRate: null });
    expect(registrationImpact(PARTNERS, []).partners).toEqual([]);
  });

  it('keeps all time without a period, the period’s registrations with one', () => {
    expect(registrationImpact(PARTNERS, ROWS).overall.received).toBe(7);
    expect(registrationImpact(PARTNERS, ROWS, { to: '2025-12-31' }).overall.received).toBe(1);
  });
});
