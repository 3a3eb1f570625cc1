// Deal-registration figures for partner impact, shared by the CLI (src/impact) and the components, like
// partnerImpactMetrics: what a partner registered in the period, how much of it was approved, how fast a
// manager decided, and how often an approved registration's deal was won.

const DAY_MS = 86400000;
/** Statuses a manager's approval leads to: approved now, or approved before its protection lapsed or its deal was won. */
const APPROVED = new Set(['Approved', 'Expired', 'Converted']);
const PENDING = new Set(['Submitted', 'Under review']);

function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function inRange(submittedAt, from, to) {
  const day = (submittedAt ?? '').slice(0, 10);
  return (!from || day >= from) && (!to || day <= to);
}

function figures(rows) {
  const approved = rows.filter((r) => APPROVED.has(r.status));
  const rejected = rows.filter((r) => r.status === 'Rejected');
  const decided = approved.length + rejected.length;
  // a manager's decision only: a rule's rejection at intake takes no one's time
  const waits = rows
    .filter((r) => r.decidedById && r.decidedAt && r.submittedAt)
    .map((r) => (Date.parse(r.decidedAt) - Date.parse(r.submittedAt)) / DAY_MS);
  const closed = approved.filter((r) => r.dealClosed === true);
  const won = closed.filter((r) => r.dealWon === true);
  return {
    received: rows.length,
    pending: rows.filter((r) => PENDING.has(r.status)).length,
    approved: approved.length,
    rejected: rejected.length,
    approvalRate: decided === 0 ? null : approved.length / decided,
    medianDaysToDecision: median(waits),
    dealsClosed: closed.length,
    dealsWon: won.length,
    dealWinRate: closed.length === 0 ? null : won.length / closed.length,
  };
}

/**
 * Registration figures per partner (those with any registration submitted in the period) and overall.
 * `registrations`: { partnerId, status, submittedAt, decidedAt, decidedById, dealClosed, dealWon }.
 */
export function registrationImpact(partners, registrations, options = {}) {
  const rows = registrations.filter((r) => inRange(r.submittedAt, options.from, options.to));
  const byPartner = partners
    .map((p) => ({ partnerId: p.id, partnerName: p.name, ...figures(rows.filter((r) => r.partnerId === p.id)) }))
    .filter((p) => p.received > 0)
    .sort((a, b) => b.received - a.received || a.partnerName.localeCompare(b.partnerName));
  return { partners: byPartner, overall: figures(rows) };
}
