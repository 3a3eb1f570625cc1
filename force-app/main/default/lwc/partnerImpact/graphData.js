import { nodesOf, valueOf } from 'c/ldsUtils';

// Turns the partnerImpact GraphQL result into the plain records partnerImpactMetrics computes on:
// the same shapes src/impact/readOrg.ts builds from SOQL.

function touchesOf(opportunity) {
  return nodesOf(opportunity.Partner_Influences__r)
    .filter((t) => valueOf(t.Partner__c))
    .map((t) => ({
      id: t.Id,
      opportunityId: opportunity.Id,
      partnerId: valueOf(t.Partner__c),
      role: valueOf(t.Role__c),
      percent: valueOf(t.Attribution_Percent__c),
      touchDate: valueOf(t.Touch_Date__c),
      createdDate: valueOf(t.CreatedDate),
    }));
}

/** The four kinds of record the component pages through, with the query variable that holds each one's cursor. */
export const PAGED_KINDS = Object.freeze({
  Partner__c: 'partnerAfter',
  Opportunity: 'opportunityAfter',
  Partner_Overlap__c: 'overlapAfter',
  Lead: 'leadAfter',
});

/** `first` of each paged connection in the query. */
export const PAGE_SIZE = 2000;

/** Records of one kind the component reads at most; past them it says the figures are cut. */
export const MAX_RECORDS = 50000;

/**
 * `upperBound` of each paged connection in the query: one page more than MAX_RECORDS, so that hasNextPage at
 * the 50,000th record tells whether there are more. (Without upperBound the GraphQL API pages through at most
 * 4,000 records of a query.)
 */
export const UPPER_BOUND = MAX_RECORDS + PAGE_SIZE;

function impactDataOf({ partners, opportunities, overlaps, leads, setting, truncated }) {
  return {
    configuredModel: setting ? valueOf(setting.Attribution_Model__c) : null,
    truncated,
    data: {
      partners: partners.map((p) => ({ id: p.Id, name: valueOf(p.Name) ?? p.Id })),
      opportunities: opportunities.map((o) => ({
        id: o.Id,
        accountId: valueOf(o.AccountId),
        amount: valueOf(o.Amount),
        currency: null,
        isClosed: valueOf(o.IsClosed) === true,
        isWon: valueOf(o.IsWon) === true,
        createdDate: valueOf(o.CreatedDate),
        closeDate: valueOf(o.CloseDate),
        sourcePartnerId: valueOf(o.Source_Partner__c),
      })),
      influences: opportunities.flatMap(touchesOf),
      overlaps: overlaps.map((o) => ({
        partnerId: valueOf(o.Partner__c),
        accountId: valueOf(o.Account__c),
        leadId: valueOf(o.Lead__c),
        ourPopulation: valueOf(o.Our_Population__c),
        partnerPopulation: valueOf(o.Partner_Population__c),
        active: valueOf(o.Active__c) !== false,
        disputed: valueOf(o.Disputed__c) === true,
      })),
      leads: leads.map((l) => ({
        id: l.Id,
        partnerSourced: valueOf(l.Partner_Sourced__c) === true,
        sourcePartnerId: valueOf(l.Source_Partner__c),
        isConverted: valueOf(l.IsConverted) === true,
        createdDate: valueOf(l.CreatedDate),
      })),
    },
  };
}

/**
 * One answer of the query on its own (truncated when any kind has a next page).
 * @returns {{ data: import('c/partnerImpactMetrics').ImpactData, configuredModel: string | null, truncated: boolean }}
 */
export function toImpactData(result) {
  const q = result?.uiapi?.query ?? {};
  return impactDataOf({
    partners: nodesOf(q.Partner__c),
    opportunities: nodesOf(q.Opportunity),
    overlaps: nodesOf(q.Partner_Overlap__c),
    leads: nodesOf(q.Lead),
    setting: nodesOf(q.Partner_Sync_Setting__c)[0],
    truncated: Object.keys(PAGED_KINDS).some((name) => q[name]?.pageInfo?.hasNextPage === true),
  });
}

/**
 * The pages of the query, read until no kind has a next page. Each answer of the wire goes to add(); while
 * the read is not complete, `variables` holds the cursors of the next page: every kind still being read
 * continues after its endCursor, a finished kind stays after its last record (so it answers an empty page).
 * Records are kept by Id, so an answer that arrives twice counts once. A kind with more than maxRecords
 * records stops there and marks the read truncated.
 */
export class ImpactPages {
  constructor(maxRecords = MAX_RECORDS) {
    this.maxRecords = maxRecords;
    this.pages = 0;
    this.setting = undefined;
    this.kinds = Object.fromEntries(
      Object.keys(PAGED_KINDS).map((name) => [name, { nodes: new Map(), cursor: null, done: false, cut: false }]),
    );
  }

  /** The next page's query variables: a new object on every call. */
  get variables() {
    return Object.fromEntries(Object.entries(PAGED_KINDS).map(([name, variable]) => [variable, this.kinds[name].cursor]));
  }

  get complete() {
    return Object.values(this.kinds).every((kind) => kind.done);
  }

  get truncated() {
    return Object.values(this.kinds).some((kind) => kind.cut);
  }

  /** Records read so far per kind. */
  get counts() {
    return Object.fromEntries(Object.entries(this.kinds).map(([name, kind]) => [name, kind.nodes.size]));
  }

  /**
   * Takes one answer of the query. Returns true when the next page's variables changed (the wire is to
   * ask again), false when the read is complete or the answer moved no cursor (a repeated answer).
   */
  add(result) {
    const q = result?.uiapi?.query ?? {};
    const before = JSON.stringify(this.variables);
    this.pages += 1;
    if (q.Partner_Sync_Setting__c) this.setting = nodesOf(q.Partner_Sync_Setting__c)[0] ?? null;
    for (const [name, kind] of Object.entries(this.kinds)) {
      if (kind.done) continue;
      const connection = q[name];
      for (const node of nodesOf(connection)) {
        const key = node.Id ?? `#${kind.nodes.size}`;
        if (!kind.nodes.has(key) && kind.nodes.size >= this.maxRecords) {
          kind.cut = true;
          break;
        }
        kind.nodes.set(key, node);
      }
      const { hasNextPage, endCursor } = connection?.pageInfo ?? {};
      if (endCursor) kind.cursor = endCursor;
      if (kind.cut || hasNextPage !== true) kind.done = true;
      else if (kind.nodes.size >= this.maxRecords || !endCursor) {
        // more records than the component reads, or a next page it cannot ask for
        kind.cut = true;
        kind.done = true;
      }
    }
    return !this.complete && JSON.stringify(this.variables) !== before;
  }

  /** Everything read, in the shapes the metrics take. */
  toImpactData() {
    const nodes = (name) => [...this.kinds[name].nodes.values()];
    return impactDataOf({
      partners: nodes('Partner__c'),
      opportunities: nodes('Opportunity'),
      overlaps: nodes('Partner_Overlap__c'),
      leads: nodes('Lead'),
      setting: this.setting,
      truncated: this.truncated,
    });
  }
}
