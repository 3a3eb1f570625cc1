// Partner impact metrics: the ONE implementation, shared by the partnerImpact component (imported as
// 'c/partnerImpactMetrics') and the CLI (src/impact loads this file at run time). Pure functions over
// plain records: no platform imports, no I/O, no clock. Types are in partnerImpactMetrics.d.ts.

export const MODELS = ['Recorded', 'First touch', 'Last touch', 'Even split'];
export const DEFAULT_MODEL = 'Recorded';
export const POPULATIONS = ['Customer', 'Open Opportunity', 'Prospect', 'Lead'];

const SOURCED_ROLE = 'Sourced';
const CUSTOMER = 'Customer';
const DAY_MS = 86400000;

/** An input the metrics cannot honestly compute from; `code` tells callers which message to show. */
export class ImpactError extends Error {
  constructor(code, message, data) {
    super(message);
    this.name = 'ImpactError';
    this.code = code;
    this.data = data;
  }
}

/** True when `value` names a supported attribution model. */
export function isModel(value) {
  return MODELS.includes(value);
}

function day(value) {
  return typeof value === 'string' && value.length >= 10 ? value.slice(0, 10) : null;
}

function inRange(date, from, to) {
  if (date === null) return false;
  return (!from || date >= from) && (!to || date <= to);
}

function money(value) {
  return Math.round(value * 100) / 100;
}

function ratio(numerator, denominator) {
  return denominator > 0 ? round(numerator / denominator, 4) : null;
}

// Touches are ordered by Touch_Date__c, falling back to CreatedDate; the full CreatedDate and then
// the id break ties so the order never depends on how the org returned the rows.
function touchOrder(a, b) {
  const ka = day(a.touchDate) ?? day(a.createdDate) ?? '';
  const kb = day(b.touchDate) ?? day(b.createdDate) ?? '';
  if (ka !== kb) return ka < kb ? -1 : 1;
  const ca = a.createdDate ?? '';
  const cb = b.createdDate ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Credit per partner for one opportunity's influence rows under `model`, as fractions of the deal.
 * Recorded uses Attribution_Percent__c and scales down only when the rows add up to more than 100%, so a
 * deal is never credited more than once. Rows without a % (every Rule row, a manual tag left blank) split
 * the share no row claims (100% less the given ones) evenly: a deal whose rows have no % at all is split
 * evenly, as under Even split, instead of crediting nobody.
 */
export function attribute(touches, model) {
  const credit = new Map();
  if (touches.length === 0) return credit;
  const add = (partnerId, share) => credit.set(partnerId, (credit.get(partnerId) ?? 0) + share);
  if (model === 'First touch' || model === 'Last touch') {
    const ordered = [...touches].sort(touchOrder);
    const pick = model === 'First touch' ? ordered[0] : ordered[ordered.length - 1];
    add(pick.partnerId, 1);
  } else if (model === 'Even split') {
    const partners = [...new Set(touches.map((t) => t.partnerId))];
    for (const p of partners) add(p, 1 / partners.length);
  } else if (model === 'Recorded') {
    const blank = touches.filter((t) => t.percent === null || t.percent === undefined);
    const total = touches.reduce((s, t) => s + (t.percent ?? 0), 0);
    const scale = total > 100 ? 100 / total : 1;
    const unassigned = Math.max(0, 100 - total) / 100;
    for (const t of touches) {
      const given = t.percent !== null && t.percent !== undefined;
      add(t.partnerId, given ? (t.percent / 100) * scale : unassigned / blank.length);
    }
  } else {
    throw unknownModel(model);
  }
  return credit;
}

function unknownModel(model) {
  return new ImpactError('UNKNOWN_MODEL', `Unknown attribution model "${model}". Use one of: ${MODELS.join(', ')}.`, { model });
}

// Amounts in one currency, or converted with Salesforce CurrencyType semantics (rate = units of
// that currency per one unit of the corporate currency, so corporate = amount / rate).
function currencyConverter(opportunities, options) {
  const seen = [
    ...new Set(opportunities.filter((o) => o.amount !== null && o.amount !== undefined).map((o) => o.currency ?? null)),
  ];
  const rates = options.conversionRates;
  if (seen.length <= 1 && !rates) {
    return { currency: seen[0] ?? options.corporateCurrency ?? null, convert: (o) => o.amount ?? 0 };
  }
  const missing = rates ? seen.filter((c) => c === null || !(rates[c] > 0)) : seen;
  if (!rates || missing.length > 0) {
    const named = missing.map((c) => c ?? '(none)').sort();
    throw new ImpactError(
      'MIXED_CURRENCY',
      `Opportunity amounts are in several currencies (${seen
        .map((c) => c ?? '(none)')
        .sort()
        .join(', ')}) and no conversion rate is configured for ${named.join(', ')}.`,
      { currencies: seen, missing: named },
    );
  }
  return { currency: options.corporateCurrency ?? null, convert: (o) => (o.amount ?? 0) / rates[o.currency] };
}

function emptyMoney() {
  return { pipeline: 0, revenue: 0, deals: 0, won: 0 };
}

function addDeal(bucket, opp, amount, share) {
  bucket.deals += 1;
  if (opp.isWon) {
    bucket.won += 1;
    bucket.revenue += amount * share;
  } else if (!opp.isClosed) {
    bucket.pipeline += amount * share;
  }
}

function roundMoney(bucket) {
  return { ...bucket, pipeline: money(bucket.pipeline), revenue: money(bucket.revenue) };
}

function round(value, places) {
  const f = 10 ** places;
  return value === null ? null : Math.round(value * f) / f;
}

// Raw win rate and cycle, so the lift is the difference of exact values, rounded once.
function outcome(opps) {
  const closed = opps.filter((o) => o.isClosed);
  const won = closed.filter((o) => o.isWon);
  const cycles = won
    .map((o) => (Date.parse(day(o.closeDate)) - Date.parse(day(o.createdDate))) / DAY_MS)
    .filter((d) => Number.isFinite(d));
  return {
    deals: opps.length,
    closed: closed.length,
    won: won.length,
    winRate: closed.length > 0 ? won.length / closed.length : null,
    avgCycleDays: cycles.length > 0 ? cycles.reduce((s, d) => s + d, 0) / cycles.length : null,
  };
}

function rounded(o) {
  return { ...o, winRate: round(o.winRate, 4), avgCycleDays: round(o.avgCycleDays, 1) };
}

function lift(withPartner, withoutPartner) {
  const a = outcome(withPartner);
  const b = outcome(withoutPartner);
  return {
    withPartner: rounded(a),
    withoutPartner: rounded(b),
    winRateLift: a.winRate !== null && b.winRate !== null ? round(a.winRate - b.winRate, 4) : null,
    cycleDaysDelta: a.avgCycleDays !== null && b.avgCycleDays !== null ? round(a.avgCycleDays - b.avgCycleDays, 1) : null,
  };
}

function conversion(leads) {
  const converted = leads.filter((l) => l.isConverted).length;
  return { leads: leads.length, converted, rate: ratio(converted, leads.length) };
}

function isPartnerLead(lead) {
  return lead.partnerSourced === true || Boolean(lead.sourcePartnerId);
}

/**
 * Every partner-impact metric for a date range. Opportunities count in the period by CloseDate, leads
 * by CreatedDate; overlaps are the current active, undisputed ones. See docs/impact.md for definitions.
 * @param {import('./partnerImpactMetrics').ImpactData} data
 * @param {import('./partnerImpactMetrics').ImpactOptions} [options]
 * @returns {import('./partnerImpactMetrics').ImpactReport}
 */
export function computeImpact(data, options = {}) {
  const model = options.model ?? DEFAULT_MODEL;
  if (!isModel(model)) throw unknownModel(model);
  const from = options.from ?? null;
  const to = options.to ?? null;
  const opps = data.opportunities.filter((o) => inRange(day(o.closeDate), from, to));
  const { currency, convert } = currencyConverter(opps, options);

  const touchesByOpp = new Map();
  for (const t of data.influences) {
    const list = touchesByOpp.get(t.opportunityId) ?? [];
    list.push(t);
    touchesByOpp.set(t.opportunityId, list);
  }
  const overlaps = data.overlaps.filter((o) => o.active !== false && o.disputed !== true);
  const partnersByAccount = new Map();
  const customerOf = new Map();
  for (const o of overlaps) {
    if (!o.accountId) continue;
    partnersByAccount.set(o.accountId, (partnersByAccount.get(o.accountId) ?? new Set()).add(o.partnerId));
    if (o.partnerPopulation === CUSTOMER)
      customerOf.set(o.accountId, (customerOf.get(o.accountId) ?? new Set()).add(o.partnerId));
  }

  const selected = options.partnerId ? data.partners.filter((p) => p.id === options.partnerId) : data.partners;
  const rows = new Map(
    selected.map((p) => [
      p.id,
      {
        partnerId: p.id,
        name: p.name,
        sourced: emptyMoney(),
        influenced: emptyMoney(),
        involved: [],
        deals: 0,
        potential: { pipeline: 0, deals: 0 },
      },
    ]),
  );
  const overall = { sourced: emptyMoney(), influenced: emptyMoney(), partnerDeals: 0, potential: { pipeline: 0, deals: 0 } };
  const withAny = [];
  const withNone = [];
  let dealsWithoutAmount = 0;

  for (const opp of opps) {
    if (opp.amount === null || opp.amount === undefined) dealsWithoutAmount += 1;
    const amount = convert(opp);
    const touches = touchesByOpp.get(opp.id) ?? [];
    const sourcedBy = new Set(touches.filter((t) => t.role === SOURCED_ROLE).map((t) => t.partnerId));
    if (opp.sourcePartnerId) sourcedBy.add(opp.sourcePartnerId);
    const credit = attribute(touches, model);
    const involved = new Set([...sourcedBy, ...touches.map((t) => t.partnerId), ...(partnersByAccount.get(opp.accountId) ?? [])]);
    const sourcedMine = [...sourcedBy].filter((id) => rows.has(id));
    for (const id of sourcedMine) addDeal(rows.get(id).sourced, opp, amount, 1);
    if (sourcedMine.length > 0) addDeal(overall.sourced, opp, amount, 1);

    // A partner that touched the deal counts it as influenced even when the model gives it no credit.
    const touchedMine = [...new Set(touches.map((t) => t.partnerId))].filter((id) => rows.has(id));
    for (const id of touchedMine) addDeal(rows.get(id).influenced, opp, amount, credit.get(id) ?? 0);
    if (touchedMine.length > 0) {
      addDeal(
        overall.influenced,
        opp,
        amount,
        touchedMine.reduce((s, id) => s + (credit.get(id) ?? 0), 0),
      );
    }

    // "Deals with partner" (docs/impact.md, deals): sourced or touched; an overlap alone does not make a deal the partner's
    const dealtMine = new Set([...sourcedMine, ...touchedMine]);
    for (const id of dealtMine) rows.get(id).deals += 1;
    if (dealtMine.size > 0) overall.partnerDeals += 1;

    const mine = [...involved].filter((id) => rows.has(id));
    if (mine.length > 0) withAny.push(opp);
    else if (involved.size === 0) withNone.push(opp);
    for (const id of mine) rows.get(id).involved.push(opp);

    if (!opp.isClosed) {
      const customers = [...(customerOf.get(opp.accountId) ?? [])].filter((id) => rows.has(id));
      for (const id of customers) {
        rows.get(id).potential.pipeline += amount;
        rows.get(id).potential.deals += 1;
      }
      if (customers.length > 0) {
        overall.potential.pipeline += amount;
        overall.potential.deals += 1;
      }
    }
  }

  const leads = data.leads.filter((l) => inRange(day(l.createdDate), from, to));
  const partnerLeads = leads.filter(isPartnerLead).filter((l) => !options.partnerId || l.sourcePartnerId === options.partnerId);

  const partners = [...rows.values()].map((row) => {
    const pairs = {};
    let total = 0;
    for (const o of overlaps) {
      if (o.partnerId !== row.partnerId) continue;
      const key = `${o.ourPopulation ?? ''}|${o.partnerPopulation ?? ''}`;
      pairs[key] = (pairs[key] ?? 0) + 1;
      total += 1;
    }
    return {
      partnerId: row.partnerId,
      name: row.name,
      sourced: roundMoney(row.sourced),
      influenced: roundMoney(row.influenced),
      deals: row.deals,
      lift: lift(row.involved, withNone),
      leads: conversion(leads.filter((l) => l.sourcePartnerId === row.partnerId)),
      overlaps: { total, pairs },
      potential: { pipeline: money(row.potential.pipeline), deals: row.potential.deals },
    };
  });
  partners.sort(
    (a, b) =>
      b.sourced.revenue + b.influenced.revenue - (a.sourced.revenue + a.influenced.revenue) || a.name.localeCompare(b.name),
  );

  return {
    model,
    from,
    to,
    partnerId: options.partnerId ?? null,
    currency,
    overall: {
      deals: opps.length,
      dealsWithoutAmount,
      partnerDeals: overall.partnerDeals,
      sourced: roundMoney(overall.sourced),
      influenced: roundMoney(overall.influenced),
      lift: lift(withAny, withNone),
      leads: {
        partnerSourced: conversion(partnerLeads),
        ordinary: conversion(leads.filter((l) => !isPartnerLead(l))),
        all: conversion(leads),
      },
      potential: { pipeline: money(overall.potential.pipeline), deals: overall.potential.deals },
    },
    partners,
  };
}
