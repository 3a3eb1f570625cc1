import { ImpactError, attribute, computeImpact } from '../../src/impact/metrics.js';
import type { ImpactData, ImpactLead, ImpactOpportunity, ImpactOverlap, ImpactTouch } from '../../src/impact/metrics.js';

// A small hand-made org. Every expected number below is worked out by hand in the comments, never by
// the code under test. Period: 2026-01-01 .. 2026-06-30 (opportunities by CloseDate, leads by CreatedDate).
const FROM = '2026-01-01';
const TO = '2026-06-30';

function opp(
  id: string,
  accountId: string,
  amount: number | null,
  state: 'open' | 'won' | 'lost',
  createdDate: string,
  closeDate: string,
  sourcePartnerId: string | null = null,
): ImpactOpportunity {
  return {
    id,
    accountId,
    amount,
    currency: null,
    isClosed: state !== 'open',
    isWon: state === 'won',
    createdDate: `${createdDate}T09:00:00.000Z`,
    closeDate,
    sourcePartnerId,
  };
}
function touch(
  id: string,
  opportunityId: string,
  partnerId: string,
  role: string,
  percent: number | null,
  touchDate: string | null,
  createdDate = '2026-01-01T00:00:00.000Z',
): ImpactTouch {
  return { id, opportunityId, partnerId, role, percent, touchDate, createdDate };
}
function overlap(
  partnerId: string,
  accountId: string | null,
  ourPopulation: string,
  partnerPopulation: string,
  extra: Partial<ImpactOverlap> = {},
): ImpactOverlap {
  return { partnerId, accountId, leadId: null, ourPopulation, partnerPopulation, active: true, disputed: false, ...extra };
}
function lead(
  id: string,
  createdDate: string,
  isConverted: boolean,
  sourcePartnerId: string | null = null,
  partnerSourced = sourcePartnerId !== null,
): ImpactLead {
  return { id, createdDate: `${createdDate}T10:00:00.000Z`, isConverted, sourcePartnerId, partnerSourced };
}

const data: ImpactData = {
  partners: [
    { id: 'pC', name: 'Gamma' },
    { id: 'pA', name: 'Acme Partners' },
    { id: 'pB', name: 'Beta' },
  ],
  opportunities: [
    opp('o1', 'acc1', 100000, 'won', '2026-01-01', '2026-03-02', 'pA'), // cycle 31 + 28 + 1 = 60 days
    opp('o2', 'acc2', 50000, 'open', '2026-02-01', '2026-05-31'),
    opp('o3', 'acc3', 80000, 'lost', '2026-01-10', '2026-04-10'),
    opp('o4', 'acc4', null, 'won', '2026-03-01', '2026-03-31'), // no amount; cycle 30 days
    opp('o5', 'acc5', 20000, 'won', '2026-02-01', '2026-04-02'), // cycle 28 + 31 + 1 = 60 days
    opp('o6', 'acc6', 40000, 'lost', '2026-01-15', '2026-02-14'),
    opp('o7', 'acc1', 30000, 'open', '2026-04-01', '2026-06-30'),
    opp('o8', 'acc2', 60000, 'won', '2025-10-01', '2025-12-15', 'pA'), // closes before the period
    opp('o9', 'acc6', 10000, 'open', '2026-05-01', '2026-06-01'),
  ],
  influences: [
    // o1: 100% split across three partners, touched A (Jan 5), C (Jan 20), B (Feb 1)
    touch('i1', 'o1', 'pA', 'Sourced', 50, '2026-01-05'),
    touch('i2', 'o1', 'pB', 'Influenced', 30, '2026-02-01'),
    touch('i3', 'o1', 'pC', 'Co-sell', 20, '2026-01-20'),
    // o2: B has no percent and no touch date (falls back to CreatedDate Feb 10); C touched Feb 5
    touch('i4', 'o2', 'pB', 'Influenced', null, null, '2026-02-10T08:00:00.000Z'),
    touch('i5', 'o2', 'pC', 'Referral', 40, '2026-02-05'),
    // o3: a lost deal fully credited to A
    touch('i6', 'o3', 'pA', 'Influenced', 100, '2026-03-01'),
  ],
  overlaps: [
    overlap('pB', 'acc1', 'Customer', 'Customer'),
    overlap('pC', 'acc2', 'Open Opportunity', 'Customer'),
    overlap('pA', 'acc3', 'Prospect', 'Open Opportunity'),
    overlap('pA', 'acc5', 'Customer', 'Prospect', { active: false }), // gone: ignored
    overlap('pC', 'acc6', 'Prospect', 'Customer', { disputed: true }), // a rep disputed it: ignored
    overlap('pA', null, 'Lead', 'Customer', { leadId: 'L1' }),
  ],
  leads: [
    lead('L1', '2026-01-10', true, 'pA'),
    lead('L2', '2026-02-10', false, 'pA', false), // source partner set, flag not: still partner-sourced
    lead('L3', '2026-03-01', true, 'pB'),
    lead('L4', '2026-01-05', true),
    lead('L5', '2026-02-01', false),
    lead('L6', '2026-03-03', false),
    lead('L7', '2026-04-04', false),
    lead('L8', '2025-11-01', true, 'pA'), // before the period
  ],
};

const outcome = (deals: number, closed: number, won: number, winRate: number | null, avgCycleDays: number | null) => ({
  deals,
  closed,
  won,
  winRate,
  avgCycleDays,
});
const bucket = (pipeline: number, revenue: number, deals: number, won: number) => ({ pipeline, revenue, deals, won });

describe('computeImpact on the hand-made org (Recorded model)', () => {
  const report = computeImpact(data, { from: FROM, to: TO, model: 'Recorded' });

  it('counts the deals in the period and the ones without an amount', () => {
    // o1 o2 o3 o4 o5 o6 o7 o9 close in the period; o8 does not; o4 has no amount
    expect(report.overall.deals).toBe(8);
    expect(report.overall.dealsWithoutAmount).toBe(1);
    expect(report.currency).toBeNull();
  });

  it('credits partner-sourced pipeline and revenue by Sourced role or Source_Partner__c', () => {
    // only o1 (won, 100,000) is sourced in the period; o8 is sourced by A but closed in 2025
    expect(report.overall.sourced).toEqual(bucket(0, 100000, 1, 1));
    expect(report.partners.map((p) => [p.name, p.sourced])).toEqual([
      ['Acme Partners', bucket(0, 100000, 1, 1)],
      ['Beta', bucket(0, 0, 0, 0)],
      ['Gamma', bucket(0, 0, 0, 0)],
    ]);
  });

  it('splits influenced revenue by the recorded percentages', () => {
    // o1 won 100,000: A 50% B 30% C 20%; o2 open 50,000: C 40% = 20,000, B blank takes the unclaimed 60% = 30,000; o3 lost: A, no money
    expect(report.partners.map((p) => [p.name, p.influenced])).toEqual([
      ['Acme Partners', bucket(0, 50000, 2, 1)],
      ['Beta', bucket(30000, 30000, 2, 1)],
      ['Gamma', bucket(20000, 20000, 2, 1)],
    ]);
    expect(report.overall.influenced).toEqual(bucket(50000, 100000, 3, 1));
  });

  it('counts deals with partner as the deals a partner sourced or touched, not every deal on an overlapping account', () => {
    // A: o1 (sourced, touched), o3 (touched); B: o1, o2 touched, o7 only on acc1 that overlaps B: not B's deal;
    // C: o1, o2 touched. Overall: o1 o2 o3 (o7 is with a partner for the win rate, not a partner deal)
    expect(report.partners.map((p) => [p.name, p.deals])).toEqual([
      ['Acme Partners', 2],
      ['Beta', 2],
      ['Gamma', 2],
    ]);
    expect(report.overall.partnerDeals).toBe(3);
    expect(report.partners.find((p) => p.name === 'Beta')?.lift.withPartner.deals).toBe(3);
  });

  it('compares win rate and sales cycle of deals with and without partners (the lift)', () => {
    // with a partner (touch, source or active overlap): o1 won 60d, o2 open, o3 lost, o7 open (acc1 overlaps B)
    // without: o4 won 30d, o5 won 60d, o6 lost, o9 open (acc5's overlap is inactive, acc6's disputed)
    const none = outcome(4, 3, 2, 0.6667, 45);
    expect(report.overall.lift).toEqual({
      withPartner: outcome(4, 2, 1, 0.5, 60),
      withoutPartner: none,
      winRateLift: -0.1667,
      cycleDaysDelta: 15,
    });
    const [a, b, c] = report.partners;
    expect(a?.lift).toEqual({
      withPartner: outcome(2, 2, 1, 0.5, 60),
      withoutPartner: none,
      winRateLift: -0.1667,
      cycleDaysDelta: 15,
    });
    // B: o1 won, o2 and o7 open -> 1 of 1 closed won; C: o1 won, o2 open
    expect(b?.lift).toEqual({
      withPartner: outcome(3, 1, 1, 1, 60),
      withoutPartner: none,
      winRateLift: 0.3333,
      cycleDaysDelta: 15,
    });
    expect(c?.lift).toEqual({
      withPartner: outcome(2, 1, 1, 1, 60),
      withoutPartner: none,
      winRateLift: 0.3333,
      cycleDaysDelta: 15,
    });
  });

  it('compares partner-sourced lead conversion with ordinary leads', () => {
    // partner leads L1 (conv) L2 L3 (conv): 2/3; ordinary L4 (conv) L5 L6 L7: 1/4; all: 3/7 = 0.428571
    expect(report.overall.leads).toEqual({
      partnerSourced: { leads: 3, converted: 2, rate: 0.6667 },
      ordinary: { leads: 4, converted: 1, rate: 0.25 },
      all: { leads: 7, converted: 3, rate: 0.4286 },
    });
    expect(report.partners.map((p) => [p.name, p.leads])).toEqual([
      ['Acme Partners', { leads: 2, converted: 1, rate: 0.5 }],
      ['Beta', { leads: 1, converted: 1, rate: 1 }],
      ['Gamma', { leads: 0, converted: 0, rate: null }],
    ]);
  });

  it('maps active, undisputed overlaps by population pair per partner', () => {
    expect(report.partners.map((p) => [p.name, p.overlaps])).toEqual([
      ['Acme Partners', { total: 2, pairs: { 'Prospect|Open Opportunity': 1, 'Lead|Customer': 1 } }],
      ['Beta', { total: 1, pairs: { 'Customer|Customer': 1 } }],
      ['Gamma', { total: 1, pairs: { 'Open Opportunity|Customer': 1 } }],
    ]);
  });

  it("sizes potential influence: our open pipeline on a partner's customers", () => {
    // acc1 is B's customer: o7 open 30,000; acc2 is C's customer: o2 open 50,000; acc6 (disputed) does not count
    expect(report.partners.map((p) => [p.name, p.potential])).toEqual([
      ['Acme Partners', { pipeline: 0, deals: 0 }],
      ['Beta', { pipeline: 30000, deals: 1 }],
      ['Gamma', { pipeline: 50000, deals: 1 }],
    ]);
    expect(report.overall.potential).toEqual({ pipeline: 80000, deals: 2 });
  });

  it('orders partners by sourced plus influenced revenue', () => {
    // A 100,000 + 50,000; B 30,000; C 20,000
    expect(report.partners.map((p) => p.partnerId)).toEqual(['pA', 'pB', 'pC']);
  });
});

describe('partner-sourced pipeline: open sourced deals', () => {
  // Period 2026-01-01 .. 2026-06-30. Open deals are pipeline, won deals revenue, lost deals neither.
  const sourcedData: ImpactData = {
    partners: [
      { id: 'pA', name: 'Acme Partners' },
      { id: 'pB', name: 'Beta' },
    ],
    opportunities: [
      opp('s1', 'acc1', 40000, 'open', '2026-01-10', '2026-05-15', 'pA'), // sourced by A through Source_Partner__c
      opp('s2', 'acc2', 25000, 'open', '2026-02-01', '2026-06-01'), // sourced by B through a Sourced row
      opp('s3', 'acc3', 12000, 'open', '2026-02-15', '2026-06-30', 'pA'), // A by field, B by a Sourced row: both
      opp('s4', 'acc4', 5000, 'won', '2026-01-05', '2026-03-01', 'pA'), // revenue, not pipeline
      opp('s5', 'acc5', 9000, 'lost', '2026-01-05', '2026-03-01', 'pB'), // lost: neither
      opp('s6', 'acc6', null, 'open', '2026-03-01', '2026-04-30', 'pA'), // no amount: a deal, no money
      opp('s7', 'acc7', 7000, 'open', '2026-01-01', '2026-05-01'), // no partner at all
      opp('s8', 'acc8', 3000, 'open', '2026-05-01', '2026-07-15', 'pA'), // closes after the period
    ],
    influences: [
      touch('j1', 's2', 'pB', 'Sourced', 100, '2026-02-02'),
      touch('j2', 's3', 'pB', 'Sourced', 50, '2026-02-20'),
      touch('j3', 's7', 'pB', 'Influenced', 0, '2026-01-02'), // influenced, not sourced: no sourced credit
    ],
    overlaps: [],
    leads: [],
  };
  const r = computeImpact(sourcedData, { from: FROM, to: TO, model: 'Recorded' });

  it('sums the open amounts of sourced deals per partner, full credit to each sourcing partner', () => {
    // A: s1 40,000 + s3 12,000 = 52,000 open (s6 has no amount, s8 is out of the period); won s4 5,000;
    //    deals s1 s3 s4 s6 = 4, won 1
    // B: s2 25,000 + s3 12,000 = 37,000 open; s5 lost; deals s2 s3 s5 = 3, won 0
    expect(r.partners.map((p) => [p.name, p.sourced])).toEqual([
      ['Acme Partners', bucket(52000, 5000, 4, 1)],
      ['Beta', bucket(37000, 0, 3, 0)],
    ]);
  });

  it('counts a deal sourced by two partners once overall', () => {
    // s1 40,000 + s2 25,000 + s3 12,000 (once) = 77,000 open; s4 5,000 won; deals s1 s2 s3 s4 s5 s6 = 6
    expect(r.overall.sourced).toEqual(bucket(77000, 5000, 6, 1));
  });

  it('gives the influenced pipeline of the Sourced rows by their recorded percentage', () => {
    // s2 100% of 25,000 + s3 50% of 12,000 = 31,000 open; s7 touched at 0% adds a deal, no money
    expect(r.partners.find((p) => p.partnerId === 'pB')?.influenced).toEqual(bucket(31000, 0, 3, 0));
  });

  it('limits the sourced pipeline to one partner with partnerId', () => {
    // B only: s2 25,000 + s3 12,000 = 37,000 open; s5 lost
    expect(computeImpact(sourcedData, { from: FROM, to: TO, partnerId: 'pB' }).overall.sourced).toEqual(bucket(37000, 0, 3, 0));
  });
});

describe('attribution models', () => {
  const influenced = (model: 'First touch' | 'Last touch' | 'Even split') =>
    Object.fromEntries(
      computeImpact(data, { from: FROM, to: TO, model }).partners.map((p) => [
        p.partnerId,
        [p.influenced.pipeline, p.influenced.revenue],
      ]),
    );

  it('first touch gives the whole deal to the earliest touch (Touch_Date__c, else CreatedDate)', () => {
    // o1: A Jan 5 is first -> A 100,000; o2: C Feb 5 before B (created Feb 10) -> C 50,000 pipeline
    expect(influenced('First touch')).toEqual({ pA: [0, 100000], pB: [0, 0], pC: [50000, 0] });
  });

  it('last touch gives the whole deal to the latest touch', () => {
    // o1: B Feb 1 is last -> 100,000; o2: B (Feb 10 by CreatedDate) -> 50,000 pipeline
    expect(influenced('Last touch')).toEqual({ pA: [0, 0], pB: [50000, 100000], pC: [0, 0] });
  });

  it('even split divides each deal across the partners that touched it', () => {
    // o1: 100,000 / 3 = 33,333.33 each; o2: 50,000 / 2 = 25,000 to B and C
    expect(influenced('Even split')).toEqual({ pA: [0, 33333.33], pB: [25000, 33333.33], pC: [25000, 33333.33] });
    expect(computeImpact(data, { from: FROM, to: TO, model: 'Even split' }).overall.influenced).toEqual(
      bucket(50000, 100000, 3, 1),
    );
  });

  it('splits evenly by partner, not by row, and scales recorded percentages above 100% down', () => {
    const rows = [
      touch('a1', 'x', 'pA', 'Influenced', 80, '2026-01-01'),
      touch('a2', 'x', 'pA', 'Co-sell', null, '2026-01-02'),
      touch('b1', 'x', 'pB', 'Influenced', 40, '2026-01-03'),
    ];
    expect(Object.fromEntries(attribute(rows, 'Even split'))).toEqual({ pA: 0.5, pB: 0.5 });
    // 80 + 40 = 120% -> 80/120 and 40/120
    const recorded = attribute(rows, 'Recorded');
    expect(recorded.get('pA')).toBeCloseTo(2 / 3, 10);
    expect(recorded.get('pB')).toBeCloseTo(1 / 3, 10);
  });

  it.each<[string, (number | null)[], number[]]>([
    ['no % at all: an even split (Rule rows)', [null, null], [0.5, 0.5]],
    ['blank rows share what the given ones leave', [40, null, null], [0.4, 0.3, 0.3]],
    ['nothing left for blanks at 100%', [60, 40, null], [0.6, 0.4, 0]],
    ['nothing left for blanks above 100% either', [80, 40, null], [2 / 3, 1 / 3, 0]],
    ['an explicit 0 is 0, not blank', [0, null], [0, 1]],
  ])('Recorded credits rows without a %% an even split of the unclaimed share: %s', (_name, percents, expected) => {
    const rows = percents.map((pct, i) => touch(`t${i}`, 'x', `p${i}`, 'Influenced', pct, '2026-01-01'));
    const credit = attribute(rows, 'Recorded');
    expected.forEach((share, i) => expect(credit.get(`p${i}`)).toBeCloseTo(share, 10));
  });

  it('breaks touch-date ties by CreatedDate, then id', () => {
    const tie = [
      touch('t2', 'x', 'pB', 'Influenced', 0, '2026-01-01', '2026-01-01T10:00:00.000Z'),
      touch('t1', 'x', 'pA', 'Influenced', 0, '2026-01-01', '2026-01-01T11:00:00.000Z'),
    ];
    expect([...attribute(tie, 'First touch').keys()]).toEqual(['pB']);
    expect([...attribute(tie, 'Last touch').keys()]).toEqual(['pA']);
  });

  it('rejects an unknown model with a clear error', () => {
    expect(() => computeImpact(data, { model: 'W-shaped' as 'Recorded' })).toThrow(/Unknown attribution model "W-shaped"/);
  });
});

describe('edge cases', () => {
  it('handles an org with no partners: nothing is credited and every deal is a no-partner deal', () => {
    const r = computeImpact(
      { partners: [], influences: [], overlaps: [], leads: [], opportunities: data.opportunities },
      { from: FROM, to: TO },
    );
    expect(r.partners).toEqual([]);
    expect(r.overall.sourced).toEqual(bucket(0, 0, 0, 0));
    expect(r.overall.influenced).toEqual(bucket(0, 0, 0, 0));
    // o1 still names a source partner that is not a Partner__c row: excluded from both sides;
    // no partner: o2 o3 o4 o5 o6 o7 o9 -> closed o3 lost, o4 won 30d, o5 won 60d, o6 lost = 2/4
    expect(r.overall.lift.withPartner).toEqual(outcome(0, 0, 0, null, null));
    expect(r.overall.lift.withoutPartner).toEqual(outcome(7, 4, 2, 0.5, 45));
    expect(r.overall.lift.winRateLift).toBeNull();
    expect(r.overall.leads.partnerSourced).toEqual({ leads: 0, converted: 0, rate: null });
  });

  it('limits every figure to one partner with partnerId', () => {
    const r = computeImpact(data, { from: FROM, to: TO, partnerId: 'pB' });
    expect(r.partners.map((p) => p.partnerId)).toEqual(['pB']);
    // B sources nothing; B touched o1 (30% of 100,000 won) and o2 (blank percent: the 60% C leaves of 50,000 open)
    expect(r.overall.sourced).toEqual(bucket(0, 0, 0, 0));
    expect(r.overall.influenced).toEqual(bucket(30000, 30000, 2, 1));
    expect(r.overall.lift.withPartner).toEqual(outcome(3, 1, 1, 1, 60));
    expect(r.overall.leads.partnerSourced).toEqual({ leads: 1, converted: 1, rate: 1 });
    expect(r.overall.potential).toEqual({ pipeline: 30000, deals: 1 });
  });

  it('without a date range counts every deal and lead', () => {
    const r = computeImpact(data);
    // o8 (won 60,000, sourced by A) now counts
    expect(r.overall.deals).toBe(9);
    expect(r.overall.sourced).toEqual(bucket(0, 160000, 2, 2));
    expect(r.overall.leads.all.leads).toBe(8);
  });

  it('rejects amounts in several currencies unless conversion rates are configured', () => {
    const multi: ImpactData = {
      ...data,
      opportunities: [
        { ...opp('m1', 'acc1', 10000, 'won', '2026-01-01', '2026-02-01', 'pA'), currency: 'USD' },
        { ...opp('m2', 'acc2', 8000, 'won', '2026-01-01', '2026-02-01', 'pA'), currency: 'EUR' },
        { ...opp('m3', 'acc3', null, 'lost', '2026-01-01', '2026-02-01'), currency: 'GBP' },
      ],
    };
    let error: unknown;
    try {
      computeImpact(multi, { from: FROM, to: TO });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImpactError);
    expect((error as ImpactError).code).toBe('MIXED_CURRENCY');
    // GBP has no amount, so it does not matter
    expect((error as Error).message).toBe(
      'Opportunity amounts are in several currencies (EUR, USD) and no conversion rate is configured for EUR, USD.',
    );
    expect(() => computeImpact(multi, { from: FROM, to: TO, conversionRates: { USD: 1 } })).toThrow(
      /no conversion rate is configured for EUR\./,
    );
    // CurrencyType semantics: 0.8 EUR per USD, so 8,000 EUR = 10,000 USD
    const r = computeImpact(multi, { from: FROM, to: TO, conversionRates: { USD: 1, EUR: 0.8 }, corporateCurrency: 'USD' });
    expect(r.currency).toBe('USD');
    expect(r.overall.sourced).toEqual(bucket(0, 20000, 2, 2));
  });

  it('takes the lift from exact rates, rounding once (2/3 - 1/3 is 0.3333, not 0.6667 - 0.3333)', () => {
    const deal = (id: string, state: 'won' | 'lost', source: string | null) =>
      opp(id, `acc-${id}`, 100, state, '2026-01-01', '2026-01-11', source);
    const r = computeImpact({
      partners: [{ id: 'pA', name: 'A' }],
      opportunities: [
        deal('w1', 'won', 'pA'),
        deal('w2', 'won', 'pA'),
        deal('l1', 'lost', 'pA'),
        deal('w3', 'won', null),
        deal('l2', 'lost', null),
        deal('l3', 'lost', null),
      ],
      influences: [],
      overlaps: [],
      leads: [],
    });
    expect([r.overall.lift.withPartner.winRate, r.overall.lift.withoutPartner.winRate, r.overall.lift.winRateLift]).toEqual([
      0.6667, 0.3333, 0.3333,
    ]);
  });

  it('reports the single currency the amounts are in', () => {
    const eur = { ...data, opportunities: data.opportunities.map((o) => ({ ...o, currency: 'EUR' })) };
    expect(computeImpact(eur, { from: FROM, to: TO }).currency).toBe('EUR');
  });
});
