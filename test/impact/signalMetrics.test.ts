import { signalFigures, signalImpact, type SignalImpactRow } from '../../src/impact/signalMetrics';

const row = (partnerId: string, status: string, opportunityId: string | null, deal: SignalImpactRow['deal']): SignalImpactRow => ({ partnerId, partnerName: partnerId === 'a015g0000000001AAA' ? 'Orbit' : 'Globex', status, opportunityId, deal });
const ORBIT = 'a015g0000000001AAA';
const GLOBEX = 'a015g0000000002AAA';

describe('signal figures', () => {
  it('counts statuses; a deal counts once, as acted on when any of its signals was', () => {
    const rows = [
      row(ORBIT, 'Acknowledged', '006A', { closed: true, won: true }),
      row(ORBIT, 'New', '006A', { closed: true, won: true }),
      row(ORBIT, 'Intro_Requested', '006B', { closed: true, won: false }),
      row(ORBIT, 'Dismissed', '006C', { closed: true, won: false }),
      row(ORBIT, 'New', '006D', { closed: false, won: false }),
      row(GLOBEX, 'Acknowledged', null, null),
    ];
    expect(signalFigures(rows)).toEqual({
      total: 6, acknowledged: 2, introRequested: 1, dismissed: 1, actedOn: 3,
      actedOnDeals: { closed: 2, won: 1, winRate: 0.5 },
      otherDeals: { closed: 1, won: 0, winRate: 0 },
    });
    const narrowed = signalImpact(rows, GLOBEX);
    expect(narrowed.partners.map((p) => [p.partnerName, p.total])).toEqual([['Globex', 1]]);
    expect(narrowed.overall.actedOnDeals).toEqual({ closed: 0, won: 0, winRate: null });
    expect(signalImpact(rows, null).partners.map((p) => p.partnerName)).toEqual(['Globex', 'Orbit']);
  });
});
