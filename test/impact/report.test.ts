import type { RestConnection } from '../../src/org/client.js';
import { OrgClient } from '../../src/org/client.js';
import { runImpactReport } from '../../src/impact/report.js';
import { ReportError, UnknownPartnerError } from '../../src/impact/errors.js';

// An org that answers the REST calls OrgClient makes (describe, composite, query) from in-memory
// tables, recording every SOQL statement. The local-org integration test covers real HTTP; this one
// covers what the local org has no equivalent for: multi-currency orgs and their CurrencyType rates.
type Row = Record<string, unknown>;

function fakeOrg(tables: Record<string, Row[]>, opportunityFields: string[]): RestConnection & { soql: string[] } {
  const soql: string[] = [];
  const answer = (q: string) => {
    soql.push(q);
    const from = /FROM (\w+)/.exec(q)?.[1] ?? '';
    const records = tables[from] ?? [];
    return { done: true, totalSize: records.length, records: records.map((r) => ({ attributes: { type: from }, ...r })) };
  };
  return {
    soql,
    instanceUrl: 'https://example.my.salesforce.com',
    async request(req) {
      const url = new URL(req.url, 'https://example.my.salesforce.com');
      if (url.pathname.endsWith('/sobjects/Opportunity/describe')) return { fields: opportunityFields.map((name) => ({ name })) };
      if (url.pathname.endsWith('/query')) return answer(url.searchParams.get('q') ?? '');
      if (url.pathname.endsWith('/composite')) {
        const body = JSON.parse(req.body ?? '{}') as { compositeRequest: { referenceId: string; url: string }[] };
        return {
          compositeResponse: body.compositeRequest.map((sub) => ({
            referenceId: sub.referenceId,
            httpStatusCode: 200,
            body: answer(new URL(sub.url, 'https://x').searchParams.get('q') ?? ''),
          })),
        };
      }
      throw new Error(`unexpected ${req.method} ${req.url}`);
    },
  };
}

const P1 = 'a015g00000PartAAA1';
const P2 = 'a015g00000PartAAA2';
const tables: Record<string, Row[]> = {
  Partner__c: [
    { Id: P1, Name: 'Northwind' },
    { Id: P2, Name: 'Contoso' },
  ],
  Opportunity: [
    {
      Id: '0065g00000OppAAAA1',
      AccountId: '0015g00000AccAAAA1',
      Amount: 10000,
      CurrencyIsoCode: 'USD',
      IsClosed: true,
      IsWon: true,
      CreatedDate: '2026-01-01T10:00:00.000+0000',
      CloseDate: '2026-01-21',
      Source_Partner__c: P1,
    },
    {
      Id: '0065g00000OppAAAA2',
      AccountId: '0015g00000AccAAAA2',
      Amount: 9000,
      CurrencyIsoCode: 'EUR',
      IsClosed: true,
      IsWon: true,
      CreatedDate: '2026-01-01T10:00:00.000+0000',
      CloseDate: '2026-01-31',
      Source_Partner__c: null,
    },
  ],
  Partner_Influence__c: [
    {
      Id: 'a025g00000InfAAAA1',
      Opportunity__c: '0065g00000OppAAAA2',
      Partner__c: P2,
      Role__c: 'Influenced',
      Attribution_Percent__c: 50,
      Touch_Date__c: '2026-01-05',
      CreatedDate: '2026-01-05T10:00:00.000+0000',
    },
    {
      Id: 'a025g00000InfAAAA2',
      Opportunity__c: '0065g00000OppAAAA2',
      Partner__c: null,
      Role__c: 'Influenced',
      Attribution_Percent__c: 50,
      Touch_Date__c: null,
      CreatedDate: '2026-01-06T10:00:00.000+0000',
    },
  ],
  Partner_Overlap__c: [],
  Lead: [
    {
      Id: '00Q5g00000LeaAAAA1',
      Partner_Sourced__c: true,
      Source_Partner__c: P1,
      IsConverted: true,
      CreatedDate: '2026-01-02T10:00:00.000+0000',
    },
  ],
  Partner_Sync_Setting__c: [{ Attribution_Model__c: 'Even split' }],
  CurrencyType: [
    { IsoCode: 'USD', ConversionRate: 1, IsCorporate: true },
    { IsoCode: 'EUR', ConversionRate: 0.9, IsCorporate: false },
  ],
};
const MULTI = ['Id', 'Amount', 'CurrencyIsoCode'];

describe('runImpactReport over an org', () => {
  it('converts a multi-currency org with its CurrencyType rates and uses the configured model', async () => {
    const org = fakeOrg(tables, MULTI);
    const report = await runImpactReport(new OrgClient(org), { from: '2026-01-01', to: '2026-03-31' });
    expect(report.currency).toBe('USD');
    expect(report.model).toBe('Even split');
    // 9,000 EUR at 0.9 EUR per USD = 10,000 USD; Contoso is the only partner on it (the blank-partner
    // row is dropped); both partners total 10,000, so they sort by name
    expect(report.partners.map((p) => [p.name, p.sourced.revenue, p.influenced.revenue])).toEqual([
      ['Contoso', 0, 10000],
      ['Northwind', 10000, 0],
    ]);
    expect(org.soql.find((q) => q.includes('FROM Opportunity'))).toBe(
      'SELECT Id, AccountId, Amount, CurrencyIsoCode, IsClosed, IsWon, CreatedDate, CloseDate, Source_Partner__c FROM Opportunity WHERE CloseDate >= 2026-01-01 AND CloseDate <= 2026-03-31',
    );
    expect(org.soql.find((q) => q.includes('FROM Lead'))).toMatch(
      /WHERE CreatedDate >= 2026-01-01T00:00:00Z AND CreatedDate <= 2026-03-31T23:59:59Z$/,
    );
  });

  it('rejects mixed currencies when the org has no rate for one of them', async () => {
    const org = fakeOrg({ ...tables, CurrencyType: [{ IsoCode: 'USD', ConversionRate: 1, IsCorporate: true }] }, MULTI);
    const error = await runImpactReport(new OrgClient(org)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportError);
    expect(error).toMatchObject({ name: 'MixedCurrency', exitCode: 2, data: { code: 'MIXED_CURRENCY' } });
    expect((error as Error).message).toMatch(/several currencies \(EUR, USD\).*EUR\.$/);
    expect((error as ReportError).actions?.[0]).toMatch(/conversion rates/);
  });

  it('reads a single-currency org without CurrencyIsoCode or CurrencyType, and lets --model win', async () => {
    const single = { ...tables, Opportunity: tables.Opportunity!.map(({ CurrencyIsoCode: _c, ...o }) => o) };
    const org = fakeOrg(single, ['Id', 'Amount']);
    const report = await runImpactReport(new OrgClient(org), { model: 'Recorded', partner: 'contoso' });
    expect(org.soql.some((q) => q.includes('CurrencyIsoCode') || q.includes('CurrencyType'))).toBe(false);
    expect(report.model).toBe('Recorded');
    expect(report.currency).toBeNull();
    // Contoso's recorded 50% of 9,000
    expect(report.partners.map((p) => [p.partnerId, p.influenced.revenue])).toEqual([[P2, 4500]]);
  });

  it('names the partners that exist when --partner matches none', async () => {
    const error = await runImpactReport(new OrgClient(fakeOrg(tables, MULTI)), { partner: 'Fabrikam' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownPartnerError);
    expect((error as UnknownPartnerError).known).toEqual(['Contoso', 'Northwind']);
    expect(error).toMatchObject({ name: 'UnknownPartner', exitCode: 2, message: 'No partner has the Id or name "Fabrikam".', actions: ['Use one of: Contoso, Northwind.'] });
  });
});
