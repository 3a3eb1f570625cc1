// A small, known org for the browser journeys: one account with a partner-sourced opportunity and a second
// deal, partners, overlaps (a domain match, a name match and an inactive one), a partner-sourced lead and the
// sync settings.
import type { OrgStore } from '../../src/localorg/index';

export interface Fixture {
  account: string;
  opportunity: string;
  /** A second deal, untouched by the tagging journey. */
  renewal: string;
  lead: string;
  /** Contoso on Acme by domain, the overlap behind the Contoso influence. */
  overlap: string;
  /** Fabrikam on Acme by company name only: the one a rep disputes. */
  nameOverlap: string;
  partners: { northwind: string; contoso: string; fabrikam: string; litware: string };
}

function insert(store: OrgStore, sobject: string, fields: Record<string, unknown>): string {
  const result = store.insert(sobject, fields);
  if (!result.success || !result.id) throw new Error(`seeding ${sobject}: ${JSON.stringify(result.errors)}`);
  return result.id;
}

export function seedFixture(store: OrgStore): Fixture {
  const account = insert(store, 'Account', { Name: 'Acme Corp', Website: 'https://www.acme.example', Type: 'Customer', Industry: 'Manufacturing' });
  const partner = (name: string, status: string): string =>
    insert(store, 'Partner__c', { Name: name, Domain__c: `${name.toLowerCase()}.example`, Status__c: status, Tier__c: 'Gold', Type__c: 'Reseller', Sharing_Level__c: 'Overlapping records' });
  const partners = {
    northwind: partner('Northwind', 'Active'),
    contoso: partner('Contoso', 'Active'),
    fabrikam: partner('Fabrikam', 'Active'),
    litware: partner('Litware', 'Active'),
  };
  const opportunity = insert(store, 'Opportunity', {
    Name: 'Acme - 500 licences', AccountId: account, StageName: 'Proposal/Price Quote', CloseDate: '2026-12-15', Amount: 250000, Source_Partner__c: partners.northwind,
  });
  const renewal = insert(store, 'Opportunity', { Name: 'Acme - renewal', AccountId: account, StageName: 'Qualification', CloseDate: '2027-01-31', Amount: 40000 });
  insert(store, 'Partner_Influence__c', { Opportunity__c: opportunity, Partner__c: partners.northwind, Role__c: 'Sourced', Attribution_Percent__c: 60, Origin__c: 'Sync' });
  const overlap = insert(store, 'Partner_Overlap__c', {
    Account__c: account, Partner__c: partners.contoso, Match_Key__c: 'acme.example', Match_Method__c: 'Domain', Our_Population__c: 'Customer',
    Partner_Population__c: 'Open Opportunity', Partner_Owner_Name__c: 'Dana Reyes', Partner_Owner_Email__c: 'dana@contoso.example', Active__c: true,
    First_Seen__c: '2026-02-01', Last_Seen__c: '2026-03-01', External_Id__c: 'contoso:acme.example',
  });
  const nameOverlap = insert(store, 'Partner_Overlap__c', {
    Account__c: account, Partner__c: partners.fabrikam, Match_Key__c: 'acme corp', Match_Method__c: 'Name', Our_Population__c: 'Prospect',
    Partner_Population__c: 'Customer', Active__c: true, First_Seen__c: '2026-02-10', Last_Seen__c: '2026-02-20', External_Id__c: 'fabrikam:acme corp',
  });
  // a pair the partner no longer reports: behind the "Show inactive overlaps" toggle
  insert(store, 'Partner_Overlap__c', {
    Account__c: account, Partner__c: partners.northwind, Match_Key__c: 'acme.example', Match_Method__c: 'Domain', Our_Population__c: 'Customer',
    Partner_Population__c: 'Prospect', Partner_Owner_Name__c: 'Lee Park', Active__c: false, First_Seen__c: '2025-10-03', Last_Seen__c: '2025-12-15',
    External_Id__c: 'northwind:acme.example',
  });
  insert(store, 'Partner_Influence__c', { Opportunity__c: opportunity, Partner__c: partners.contoso, Role__c: 'Influenced', Attribution_Percent__c: 10, Origin__c: 'Rule', Overlap__c: overlap });
  const lead = insert(store, 'Lead', { FirstName: 'Jo', LastName: 'Park', Company: 'Globex', Status: 'Open - Not Contacted', Partner_Sourced__c: true, Source_Partner__c: partners.fabrikam });
  insert(store, 'Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default', Attribution_Model__c: 'Recorded' });
  return { account, opportunity, renewal, lead, overlap, nameOverlap, partners };
}
