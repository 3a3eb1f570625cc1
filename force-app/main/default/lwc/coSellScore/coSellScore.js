// The co-sell score: the ONE implementation, shared by the coSellNow component (imported as 'c/coSellScore')
// and any CLI or report (src/impact/coSell.ts loads this file at run time), like registrationMetrics. Pure
// functions over plain records: no platform imports, no I/O, no clock (the caller passes `now`).
//
// The lift comes from partnerImpactMetrics' computeImpact (the caller runs it and passes its report in), so
// win rate and sales cycle with vs without a partner are measured one way everywhere. Types: coSellScore.d.ts.

/** Shared closed deals a partner needs before its own lift is used (below it, the org-wide partner prior). */
export const DEFAULT_MIN_SHARED_CLOSED = 5;
/** A signal's boost halves every this many days. */
export const SIGNAL_HALF_LIFE_DAYS = 7;
/** The boost of a signal detected just now: x1.5. */
export const SIGNAL_BOOST = 0.5;
/** Weight of the partner's population of the account: customer > open opportunity > prospect (and lead). */
export const POPULATION_WEIGHTS = Object.freeze({ Customer: 1, 'Open Opportunity': 0.75, Prospect: 0.5, Lead: 0.5 });
const DEFAULT_POPULATION_WEIGHT = 0.5;
/** The speed factor (cycle without / cycle with) is held within these bounds, so one slow deal cannot dominate. */
export const SPEED_BOUNDS = Object.freeze([0.5, 2]);

/** Signal kinds that say the partner's side moved towards a co-sell (a lost overlap is a risk, not a boost). */
const BOOSTING_KINDS = new Set(['Partner_Opened_Deal', 'Prospect_Became_Customer', 'New_Overlap_On_Open_Deal']);
const OPEN_STATUSES = new Set(['New', 'Acknowledged']);
const DAY_MS = 86400000;

/** English reason texts, `{n}` placeholders; the component passes its custom labels instead. */
export const REASON_TEXT = Object.freeze({
  population_Customer: "{0}'s customer",
  'population_Open Opportunity': '{0} has an open deal here',
  population_Prospect: "{0}'s prospect",
  population_Lead: "{0}'s lead",
  winRate: 'deals with {0} win {1} vs {2}',
  prior: "only {1} closed deals shared with {0} (fewer than {2}), so all partners' deals count: they win {3} vs {4}",
  noHistory: 'no closed deals to measure a lift on yet: ranked by amount, population and signals',
  faster: 'close {1} days faster with {0}',
  slower: 'close {1} days slower with {0}',
  signal_Partner_Opened_Deal: '{0} opened a deal here {1}',
  signal_Prospect_Became_Customer: "became {0}'s customer {1}",
  signal_New_Overlap_On_Open_Deal: 'new overlap with {0} {1}',
  age_today: 'today',
  age_yesterday: 'yesterday',
  age_days: '{0} days ago',
  noAmount: 'no amount on the deal',
});

/** A win rate in whole percent without a locale ("48%"): describeReason's default, for the CLI and tests. */
function wholePercent(rate) {
  return `${Math.round(rate * 100)}%`;
}

/** A rate as a reason's argument: written by describeReason's formatPercent, in the reader's locale. */
function percent(rate) {
  return { key: 'percent', args: [rate] };
}

function round4(value) {
  return Math.round(value * 10000) / 10000;
}

function fill(template, args) {
  return template.replace(/\{(\d+)\}/g, (match, i) => (i < args.length ? `${args[i]}` : match));
}

/**
 * One reason in words: `templates` maps a reason's key to its text (REASON_TEXT by default); `formatPercent` writes
 * a rate (0.48) the way the reader's locale does (the component passes the user's: "48 %" in de-DE).
 */
export function describeReason(reason, templates = REASON_TEXT, formatPercent = wholePercent) {
  if (reason.key === 'percent') return formatPercent(reason.args[0]);
  const template = templates[reason.key] ?? REASON_TEXT[reason.key] ?? reason.key;
  // an argument may be a reason of its own (a signal's age: "today", "3 days ago"; a rate)
  return fill(template, reason.args.map((a) => (a !== null && typeof a === 'object' ? describeReason(a, templates, formatPercent) : a)));
}

/** A pair's reasons joined the way the list shows them: "Globex's customer; deals with Globex win 48% vs 25%". */
export function describeReasons(reasons, templates = REASON_TEXT, formatPercent = wholePercent) {
  return reasons.map((r) => describeReason(r, templates, formatPercent)).join('; ');
}

function measurable(lift, minShared) {
  return (
    lift !== undefined &&
    lift.withPartner.closed >= minShared &&
    lift.withPartner.winRate !== null &&
    lift.withoutPartner.winRate !== null
  );
}

/**
 * Where a partner's lift comes from: its own shared closed deals when there are at least `minShared`,
 * else the org-wide prior (deals with any partner vs deals with none), else none (no closed deals to compare).
 */
export function liftBasis(impact, partnerId, minShared = DEFAULT_MIN_SHARED_CLOSED) {
  const own = impact.partners.find((p) => p.partnerId === partnerId)?.lift;
  const sharedClosed = own?.withPartner.closed ?? 0;
  if (measurable(own, minShared)) return { basis: 'partner', lift: own, sharedClosed };
  const prior = impact.overall.lift;
  if (measurable(prior, minShared)) return { basis: 'prior', lift: prior, sharedClosed };
  return { basis: 'none', lift: null, sharedClosed };
}

function speedOf(lift) {
  const withDays = lift?.withPartner.avgCycleDays;
  const withoutDays = lift?.withoutPartner.avgCycleDays;
  if (withDays === null || withDays === undefined || withoutDays === null || withoutDays === undefined || withDays <= 0) {
    return { factor: 1, delta: null };
  }
  const [low, high] = SPEED_BOUNDS;
  return { factor: Math.min(high, Math.max(low, withoutDays / withDays)), delta: withDays - withoutDays };
}

function ageDays(detectedAt, now) {
  const at = Date.parse(detectedAt);
  return Number.isFinite(at) ? Math.max(0, Math.floor((now - at) / DAY_MS)) : null;
}

function pairSignals(signals, deal, partnerId) {
  return signals.filter(
    (s) => s.partnerId === partnerId && (s.opportunityId === deal.id || (!s.opportunityId && s.accountId && s.accountId === deal.accountId)),
  );
}

/**
 * Scores one partner on one open deal. score = amount x (1 + win-rate lift) x speed x population weight x
 * signal recency; each factor is returned with the reasons that explain it.
 */
function scorePair(deal, overlap, partnerName, signals, impact, options) {
  const { basis, lift, sharedClosed } = liftBasis(impact, overlap.partnerId, options.minSharedClosed);
  const reasons = [];
  const population = overlap.partnerPopulation ?? null;
  if (population && POPULATION_WEIGHTS[population] !== undefined) {
    reasons.push({ key: `population_${population}`, args: [partnerName] });
  }
  const populationWeight = POPULATION_WEIGHTS[population] ?? DEFAULT_POPULATION_WEIGHT;

  let winRateLift = 0;
  let speed = { factor: 1, delta: null };
  if (basis === 'none') {
    reasons.push({ key: 'noHistory', args: [] });
  } else {
    winRateLift = lift.withPartner.winRate - lift.withoutPartner.winRate;
    speed = speedOf(lift);
    const rates = [percent(lift.withPartner.winRate), percent(lift.withoutPartner.winRate)];
    if (basis === 'partner') reasons.push({ key: 'winRate', args: [partnerName, ...rates] });
    else reasons.push({ key: 'prior', args: [partnerName, sharedClosed, options.minSharedClosed, ...rates] });
    if (basis === 'partner' && speed.delta !== null && Math.round(Math.abs(speed.delta)) >= 1) {
      reasons.push({ key: speed.delta < 0 ? 'faster' : 'slower', args: [partnerName, Math.round(Math.abs(speed.delta))] });
    }
  }

  const mine = pairSignals(signals, deal, overlap.partnerId);
  const live = mine.filter((s) => s.status !== 'Dismissed');
  const open = live.filter((s) => OPEN_STATUSES.has(s.status));
  // the newest boosting signal not dismissed sets the recency boost
  const freshest = live
    .filter((s) => BOOSTING_KINDS.has(s.kind) && ageDays(s.detectedAt, options.now) !== null)
    .sort((a, b) => Date.parse(b.detectedAt) - Date.parse(a.detectedAt))[0];
  let recency = 1;
  if (freshest) {
    const days = ageDays(freshest.detectedAt, options.now);
    recency = 1 + SIGNAL_BOOST * 0.5 ** (days / SIGNAL_HALF_LIFE_DAYS);
    const age = days === 0 ? { key: 'age_today', args: [] } : days === 1 ? { key: 'age_yesterday', args: [] } : { key: 'age_days', args: [days] };
    reasons.push({ key: `signal_${freshest.kind}`, args: [partnerName, age] });
  }
  const amount = deal.amount ?? 0;
  if (deal.amount === null || deal.amount === undefined) reasons.push({ key: 'noAmount', args: [] });

  const score = amount * (1 + winRateLift) * speed.factor * populationWeight * recency;
  return {
    partnerId: overlap.partnerId,
    partnerName,
    overlapId: overlap.id ?? null,
    population,
    partnerOwnerName: overlap.partnerOwnerName ?? null,
    partnerManagerId: overlap.partnerManagerId ?? null,
    partnerManagerName: overlap.partnerManagerName ?? null,
    basis,
    sharedClosed,
    winRateWith: lift?.withPartner.winRate ?? null,
    winRateWithout: lift?.withoutPartner.winRate ?? null,
    // rounded for display only; the score is computed from the exact factors
    factors: { amount, lift: round4(1 + winRateLift), speed: round4(speed.factor), population: populationWeight, recency: round4(recency) },
    score: Math.round(score),
    reasons,
    // signals a rep's action closes: open ones of the pair
    openSignalIds: open.map((s) => s.id),
    // an intro was asked for and nothing new came since (a new signal asks the rep again)
    introRequested: open.length === 0 && mine.some((s) => s.status === 'Intro_Requested'),
    // dismissed: the pair had signals and the rep dismissed every one of them
    dismissed: mine.length > 0 && live.length === 0,
  };
}

/**
 * Ranks open deals for co-selling. Each deal with at least one active, undisputed overlap gets one entry per
 * partner, best first (dismissed pairs last); the deal's score is its best partner's that the rep has not
 * dismissed. Deals are ordered by score, then amount, then name.
 *
 * @param {import('./coSellScore').CoSellInput} input
 * @param {import('./coSellScore').CoSellOptions} options `now` (ms) is required; `minSharedClosed` defaults to 5.
 * @returns {import('./coSellScore').CoSellDeal[]}
 */
export function rankCoSell(input, options) {
  if (!options || typeof options.now !== 'number') throw new Error('rankCoSell needs options.now (epoch ms)');
  const opts = { minSharedClosed: options.minSharedClosed ?? DEFAULT_MIN_SHARED_CLOSED, now: options.now };
  const names = new Map(input.impact.partners.map((p) => [p.partnerId, p.name]));
  const signals = input.signals ?? [];
  const ranked = [];
  for (const deal of input.deals) {
    // a deal without an account has no overlap to co-sell on (a lead's overlap has no account either)
    if (deal.isClosed || !deal.accountId) continue;
    // one overlap per partner: the one in the partner's strongest population
    const byPartner = new Map();
    for (const o of input.overlaps) {
      if (o.accountId !== deal.accountId || o.active === false || o.disputed === true) continue;
      const held = byPartner.get(o.partnerId);
      const weight = (x) => POPULATION_WEIGHTS[x?.partnerPopulation] ?? DEFAULT_POPULATION_WEIGHT;
      if (!held || weight(o) > weight(held)) byPartner.set(o.partnerId, o);
    }
    if (byPartner.size === 0) continue;
    const partners = [...byPartner.values()]
      .map((o) => scorePair(deal, o, o.partnerName ?? names.get(o.partnerId) ?? o.partnerId, signals, input.impact, opts))
      .sort((a, b) => Number(a.dismissed) - Number(b.dismissed) || b.score - a.score || a.partnerName.localeCompare(b.partnerName));
    const dismissed = partners.every((p) => p.dismissed);
    ranked.push({
      opportunityId: deal.id,
      name: deal.name ?? deal.id,
      accountId: deal.accountId,
      amount: deal.amount ?? null,
      // a dismissed partner no longer ranks the deal
      score: dismissed ? 0 : partners[0].score,
      dismissed,
      partners,
    });
  }
  return ranked.sort((a, b) => b.score - a.score || (b.amount ?? 0) - (a.amount ?? 0) || a.name.localeCompare(b.name));
}
