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

/** @returns {{ data: import('c/partnerImpactMetrics').ImpactData, configuredModel: string | null, truncated: boolean }} */
export function toImpactData(result) {
  const q = result?.uiapi?.query ?? {};
  const opportunities = nodesOf(q.Opportunity);
  const setting = nodesOf(q.Partner_Sync_Setting__c)[0];
  return {
    configuredModel: setting ? valueOf(setting.Attribution_Model__c) : null,
    truncated: ['Partner__c', 'Opportunity', 'Partner_Overlap__c', 'Lead'].some(
      (name) => q[name]?.pageInfo?.hasNextPage === true,
    ),
    data: {
      partners: nodesOf(q.Partner__c).map((p) => ({ id: p.Id, name: valueOf(p.Name) ?? p.Id })),
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
      overlaps: nodesOf(q.Partner_Overlap__c).map((o) => ({
        partnerId: valueOf(o.Partner__c),
        accountId: valueOf(o.Account__c),
        leadId: valueOf(o.Lead__c),
        ourPopulation: valueOf(o.Our_Population__c),
        partnerPopulation: valueOf(o.Partner_Population__c),
        active: valueOf(o.Active__c) !== false,
        disputed: valueOf(o.Disputed__c) === true,
      })),
      leads: nodesOf(q.Lead).map((l) => ({
        id: l.Id,
        partnerSourced: valueOf(l.Partner_Sourced__c) === true,
        sourcePartnerId: valueOf(l.Source_Partner__c),
        isConverted: valueOf(l.IsConverted) === true,
        createdDate: valueOf(l.CreatedDate),
      })),
    },
  };
}
