import { computeImpact } from 'c/partnerImpactMetrics';
import { describeReasons, liftBasis, rankCoSell } from 'c/coSellScore';

// A seeded org whose lift is known by construction:
// - 8 closed deals with no partner: 2 won in 30 days, 6 lost -> 25% win rate, 30-day cycle;
// - 5 closed deals on accounts Globex (G) shares: 3 won in 20 days, 2 lost -> 60%, 20 days;
// - 2 closed deals on accounts Initech (I) shares: both won in 10 days -> 100%, but only 2 shared deals;
// - with any partner: 7 closed, 5 won -> 5/7; cycle (3 x 20 + 2 x 10) / 5 = 16 days.
const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const PARTNERS = [
  { id: 'G', name: 'Globex' },
  { id: 'I', name: 'Initech' },
];

let seq = 0;
function closed(accountId, won, cycleDays) {
  seq += 1;
  const created = Date.parse('2026-01-01T00:00:00.000Z');
  return {
    id: `C${seq}`,
    accountId,
    amount: 1000,
    currency: null,
    isClosed: true,
    isWon: won,
    createdDate: '2026-01-01T00:00:00.000Z',
    closeDate: new Date(created + cycleDays * 86400000).toISOString().slice(0, 10),
    sourcePartnerId: null,
  };
}
function open(id, name, accountId, amount) {
  return { id, name, accountId, amount, currency: null, isClosed: false, isWon: false, createdDate: '2026-11-01T00:00:00.000Z', closeDate: '2027-03-31', sourcePartnerId: null };
}
const overlap = (partnerId, accountId, partnerPopulation, extra = {}) => ({
  id: `O-${partnerId}-${accountId}`,
  partnerId,
  accountId,
  leadId: null,
  ourPopulation: 'Open Opportunity',
  partnerPopulation,
  active: true,
  disputed: false,
  ...extra,
});

const CLOSED = [
  ...[true, true].map((w) => closed('N1', w, 30)),
  ...[false, false, false, false, false, false].map((w) => closed('N2', w, 30)),
  ...[true, true, true, false, false].map((w, i) => closed(`G${i}`, w, 20)),
  ...[true, true].map((w, i) => closed(`I${i}`, w, 10)),
];
const DEALS = [
  open('D1', 'Acme expansion', 'A1', 100000),
  open('D2', 'Hooli renewal', 'A2', 200000),
  open('D3', 'Stark pilot', 'A3', null),
  open('D4', 'Wayne upsell', 'A4', 500000),
];
const OVERLAPS = [
  ...[0, 1, 2, 3, 4].map((i) => overlap('G', `G${i}`, 'Customer')),
  ...[0, 1].map((i) => overlap('I', `I${i}`, 'Customer')),
  overlap('G', 'A1', 'Customer', { partnerOwnerName: 'Pat Lee' }),
  overlap('I', 'A1', 'Lead'),
  overlap('I', 'A2', 'Prospect'),
  overlap('G', 'A3', 'Open Opportunity'),
  // a disputed pair is no co-sell
  overlap('G', 'A4', 'Customer', { disputed: true }),
];
const SIGNAL = {
  id: 'S1',
  partnerId: 'G',
  accountId: 'A1',
  opportunityId: 'D1',
  kind: 'Prospect_Became_Customer',
  status: 'New',
  detectedAt: '2026-11-30T12:00:00.000Z', // 7 days before NOW: one half-life
};

const impact = computeImpact({ partners: PARTNERS, opportunities: [...CLOSED, ...DEALS], influences: [], overlaps: OVERLAPS, leads: [] });
const rank = (signals = [SIGNAL], options = {}) =>
  rankCoSell({ impact, deals: DEALS, overlaps: OVERLAPS, signals }, { now: NOW, ...options });
const pair = (deals, dealId, partnerId) => deals.find((d) => d.opportunityId === dealId).partners.find((p) => p.partnerId === partnerId);

describe('co-sell score', () => {
  it('uses the partner’s own lift from its shared closed deals', () => {
    const globex = pair(rank(), 'D1', 'G');
    expect(globex.basis).toBe('partner');
    expect(globex.sharedClosed).toBe(5);
    expect(globex.winRateWith).toBe(0.6);
    expect(globex.winRateWithout).toBe(0.25);
    // 100,000 x (1 + 0.60 - 0.25) x (30 / 20 days) x 1 (customer) x (1 + 0.5 x 0.5^(7/7))
    expect(globex.factors).toEqual({ amount: 100000, lift: 1.35, speed: 1.5, population: 1, recency: 1.25 });
    expect(globex.score).toBe(253125);
    expect(globex.partnerOwnerName).toBe('Pat Lee');
    expect(describeReasons(globex.reasons)).toBe(
      "Globex's customer; deals with Globex win 60% vs 25%; close 10 days faster with Globex; became Globex's customer 7 days ago",
    );
  });

  it('falls back to the org-wide partner prior below the minimum of shared closed deals, and says so', () => {
    const initech = pair(rank(), 'D2', 'I');
    expect(initech.basis).toBe('prior');
    expect(initech.sharedClosed).toBe(2);
    // any partner: 5 of 7 won in 16 days on average; no partner: 25% in 30 days
    expect(initech.winRateWith).toBeCloseTo(5 / 7, 4);
    // the rates as partner impact reports them (4 places: 5/7 = 0.7143):
    // 200,000 x (1 + 0.7143 - 0.25) x (30 / 16) x 0.5 (prospect) x 1 (no signal) = 274,556.25
    expect(initech.factors).toEqual({ amount: 200000, lift: 1.4643, speed: 1.875, population: 0.5, recency: 1 });
    expect(initech.score).toBe(274556);
    expect(describeReasons(initech.reasons)).toBe(
      "Initech's prospect; only 2 closed deals shared with Initech (fewer than 5), so all partners' deals count: they win 71% vs 25%",
    );
  });

  it('takes the minimum as an option', () => {
    // with 2 shared deals enough, Initech's own 100% vs 25% counts; its 10-day cycle (x3) is held at x2
    const initech = pair(rank([SIGNAL], { minSharedClosed: 2 }), 'D2', 'I');
    expect(initech.basis).toBe('partner');
    expect(initech.factors.speed).toBe(2);
    expect(initech.score).toBe(200000 * 1.75 * 2 * 0.5);
    // with 6 required, Globex's 5 fall back to the prior too
    expect(pair(rank([SIGNAL], { minSharedClosed: 6 }), 'D1', 'G').basis).toBe('prior');
  });

  it('ranks deals by their best partner, then partners within a deal; no overlap, no entry', () => {
    const deals = rank();
    expect(deals.map((d) => [d.opportunityId, d.score])).toEqual([
      ['D2', 274556],
      ['D1', 253125],
      ['D3', 0],
    ]);
    // on D1 Globex (customer, measured, fresh signal) leads Initech (lead, prior): 100,000 x 1.4643 x 1.875 x 0.5 = 137,278.1
    expect(deals[1].partners.map((p) => [p.partnerId, p.score])).toEqual([
      ['G', 253125],
      ['I', 137278],
    ]);
    expect(describeReasons(pair(deals, 'D1', 'I').reasons)).toBe(
      "Initech's lead; only 2 closed deals shared with Initech (fewer than 5), so all partners' deals count: they win 71% vs 25%",
    );
    expect(pair(deals, 'D3', 'G').factors.population).toBe(0.75);
    expect(describeReasons(pair(deals, 'D3', 'G').reasons)).toBe(
      'Globex has an open deal here; deals with Globex win 60% vs 25%; close 10 days faster with Globex; no amount on the deal',
    );
  });

  it('boosts by signal recency: x1.5 today, halving every 7 days; a dismissed or lost-overlap signal adds nothing', () => {
    const at = (detectedAt, extra = {}) => pair(rank([{ ...SIGNAL, detectedAt, ...extra }]), 'D1', 'G').factors.recency;
    expect(at('2026-12-07T08:00:00.000Z')).toBe(1.5);
    expect(at('2026-11-23T12:00:00.000Z')).toBe(1.125);
    expect(at('2026-12-07T08:00:00.000Z', { kind: 'Overlap_Lost_On_Open_Deal' })).toBe(1);
    expect(pair(rank([]), 'D1', 'G').factors.recency).toBe(1);
  });

  it("says a signal's age in words", () => {
    const said = (detectedAt) => describeReasons(pair(rank([{ ...SIGNAL, detectedAt }]), 'D1', 'G').reasons.slice(-1));
    expect(said('2026-12-07T08:00:00.000Z')).toBe("became Globex's customer today");
    expect(said('2026-12-06T08:00:00.000Z')).toBe("became Globex's customer yesterday");
    expect(said('2026-11-30T12:00:00.000Z')).toBe("became Globex's customer 7 days ago");
    expect(describeReasons(pair(rank([{ ...SIGNAL, detectedAt: '2026-12-07T08:00:00.000Z', kind: 'Partner_Opened_Deal' }]), 'D1', 'G').reasons.slice(-1))).toBe(
      'Globex opened a deal here today',
    );
    expect(describeReasons(pair(rank([{ ...SIGNAL, detectedAt: '2026-12-07T08:00:00.000Z', kind: 'New_Overlap_On_Open_Deal' }]), 'D1', 'G').reasons.slice(-1))).toBe(
      'new overlap with Globex today',
    );
  });

  it('tracks the rep’s actions: an intro requested stays listed, a dismissed pair drops out of the ranking', () => {
    const intro = pair(rank([{ ...SIGNAL, status: 'Intro_Requested' }]), 'D1', 'G');
    expect(intro.introRequested).toBe(true);
    expect(intro.openSignalIds).toEqual([]);
    expect(pair(rank(), 'D1', 'G').openSignalIds).toEqual(['S1']);
    // a new signal after the intro request asks the rep again
    const again = pair(rank([{ ...SIGNAL, status: 'Intro_Requested' }, { ...SIGNAL, id: 'S4', kind: 'Partner_Opened_Deal' }]), 'D1', 'G');
    expect(again.introRequested).toBe(false);
    expect(again.openSignalIds).toEqual(['S4']);

    const deals = rank([SIGNAL, { ...SIGNAL, id: 'S2', opportunityId: 'D3', accountId: 'A3', status: 'Dismissed' }]);
    const stark = deals.find((d) => d.opportunityId === 'D3');
    expect(stark.dismissed).toBe(true);
    expect(stark.partners[0].dismissed).toBe(true);
    // D1: Globex's only signal dismissed, so Initech ranks the deal now
    const d1 = rank([{ ...SIGNAL, status: 'Dismissed' }]).find((d) => d.opportunityId === 'D1');
    expect(d1.partners.map((p) => p.partnerId)).toEqual(['I', 'G']);
    expect(d1.score).toBe(d1.partners[0].score);
    // a newer signal after the dismissal brings the pair back
    const back = pair(rank([{ ...SIGNAL, status: 'Dismissed' }, { ...SIGNAL, id: 'S3', kind: 'Partner_Opened_Deal', detectedAt: '2026-12-07T08:00:00.000Z' }]), 'D1', 'G');
    expect(back.dismissed).toBe(false);
    expect(back.openSignalIds).toEqual(['S3']);
  });

  it('holds the speed factor at x0.5 for a partner whose deals close much slower, and says by how much', () => {
    // no partner: 1 of 2 won in 30 days; Slowco's accounts: 1 of 2 won in 90 days (3x slower, held at 0.5)
    const opportunities = [closed('N9', true, 30), closed('N9', false, 30), closed('S1', true, 90), closed('S2', false, 90), open('D9', 'Slow deal', 'A9', 10000)];
    const overlaps = ['S1', 'S2', 'A9'].map((a) => overlap('S', a, 'Customer'));
    const slow = computeImpact({ partners: [{ id: 'S', name: 'Slowco' }], opportunities, influences: [], overlaps, leads: [] });
    const [d9] = rankCoSell({ impact: slow, deals: opportunities, overlaps }, { now: NOW, minSharedClosed: 2 });
    expect(d9.partners[0].factors).toEqual({ amount: 10000, lift: 1, speed: 0.5, population: 1, recency: 1 });
    expect(d9.score).toBe(5000);
    expect(describeReasons(d9.partners[0].reasons)).toBe("Slowco's customer; deals with Slowco win 50% vs 50%; close 60 days slower with Slowco");
  });

  it('says there is nothing to measure yet when the org has no closed deals to compare', () => {
    const fresh = computeImpact({ partners: PARTNERS, opportunities: DEALS, influences: [], overlaps: OVERLAPS, leads: [] });
    expect(liftBasis(fresh, 'G').basis).toBe('none');
    const [first] = rankCoSell({ impact: fresh, deals: DEALS, overlaps: OVERLAPS, signals: [] }, { now: NOW });
    // 200,000 x 1 x 1 x 0.5 beats 100,000 x 1 x 1 x 1
    expect(first.opportunityId).toBe('D2');
    expect(first.score).toBe(100000);
    expect(describeReasons(first.partners[0].reasons)).toBe(
      "Initech's prospect; no closed deals to measure a lift on yet: ranked by amount, population and signals",
    );
  });

  it('formats reasons with the texts it is given (the component passes custom labels)', () => {
    const globex = pair(rank(), 'D1', 'G');
    expect(describeReasons(globex.reasons.slice(0, 2), { population_Customer: 'Kunde von {0}', winRate: '{0}: {1} / {2}' })).toBe(
      'Kunde von Globex; Globex: 60% / 25%',
    );
  });

  it('skips a deal without an account, even beside overlaps of leads (no account either)', () => {
    const leadOverlap = { ...overlap('G', null, 'Customer'), leadId: '00Q1' };
    const deals = rankCoSell({ impact, deals: [open('D0', 'No account', null, 5000)], overlaps: [leadOverlap] }, { now: NOW });
    expect(deals).toEqual([]);
  });

  it('needs the clock from the caller', () => {
    expect(() => rankCoSell({ impact, deals: DEALS, overlaps: OVERLAPS }, {})).toThrow('options.now');
  });
});
