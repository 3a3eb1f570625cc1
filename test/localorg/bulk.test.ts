import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';

// Bulk API 2.0 through jsforce's bulk2 client, unchanged.
let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startLocalOrg();
  conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION });
  conn.bulk2.pollInterval = 100;
});
afterAll(async () => {
  await org.stop();
});

describe('Bulk API 2.0', () => {
  it('ingests CSV and reports successful, failed and unprocessed records', async () => {
    const res = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: 'Name,Website,NumberOfEmployees\nAlpha,alpha.example,10\n,nameless.example,5\nGamma,gamma.example,abc\nDelta,,\n',
    });
    expect(res.successfulResults.map((r) => (r as Record<string, unknown>).Name)).toEqual(['Alpha', 'Delta']);
    expect(res.successfulResults[0]).toMatchObject({ sf__Created: 'true', sf__Id: expect.stringMatching(/^001\w{15}$/) });
    expect(res.failedResults.map((r) => String(r.sf__Error).split(':')[0])).toEqual(['REQUIRED_FIELD_MISSING', 'INVALID_FIELD']);
    expect(res.unprocessedRecords).toEqual([]);
  });

  it('fails a job whose upload has an unterminated quote, naming the row, and writes nothing', async () => {
    const before = org.store.query("SELECT Id FROM Account WHERE Name = 'Quoted'").totalSize;
    const error = await conn.bulk2
      .loadAndWaitForResults({ object: 'Account', operation: 'insert', input: 'Name,Website\nQuoted,quoted.example\n"Broken,broken.example\n' })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toMatch(/InvalidBatch : Quoted field unterminated \(row 3\)/);
    expect(org.store.query("SELECT Id FROM Account WHERE Name = 'Quoted'").totalSize).toBe(before);
  });

  it('upserts children by their parent\'s external id and keeps roll-ups on the parent current', async () => {
    const opp = await conn.sobject('Opportunity').create({ Name: 'Deal', StageName: 'Prospecting', CloseDate: '2026-12-31' });
    const oppId = opp.success ? opp.id : '';
    await conn.sobject('Partner__c').create([{ Name: 'P1', External_Id__c: 'p-1' }, { Name: 'P2', External_Id__c: 'p-2' }]);
    const csv = ['External_Id__c,Opportunity__c,Partner__r.External_Id__c,Role__c',
      `i-1,${oppId},p-1,Sourced`, `i-2,${oppId},p-2,Influenced`, `i-3,${oppId},p-404,Influenced`].join('\n');
    const first = await conn.bulk2.loadAndWaitForResults({ object: 'Partner_Influence__c', operation: 'upsert', externalIdFieldName: 'External_Id__c', input: csv });
    expect(first.successfulResults.map((r) => r.sf__Created)).toEqual(['true', 'true']);
    expect(String(first.failedResults[0]?.sf__Error)).toContain('Foreign key external ID: p-404 not found');
    const again = await conn.bulk2.loadAndWaitForResults({ object: 'Partner_Influence__c', operation: 'upsert', externalIdFieldName: 'External_Id__c', input: csv });
    expect(again.successfulResults.map((r) => r.sf__Created)).toEqual(['false', 'false']);
    const [o] = (await conn.query(`SELECT Partner_Influence_Count__c, Partner_Sourced_Count__c, Partner_Sourced__c FROM Opportunity WHERE Id = '${oppId}'`)).records;
    expect(o).toMatchObject({ Partner_Influence_Count__c: 2, Partner_Sourced_Count__c: 1, Partner_Sourced__c: true });
  });

  it('loads 50,000 rows and reads them back with a bulk query, paging by Sforce-Locator', async () => {
    const lines = ['Name,External_Id__c,Tier__c'];
    for (let i = 0; i < 50_000; i++) lines.push(`Company ${i},acct-${i},Gold`);
    const load = await conn.bulk2.loadAndWaitForResults({ object: 'Partner__c', operation: 'insert', input: lines.join('\n') });
    expect(load.failedResults).toEqual([]);
    expect(load.successfulResults).toHaveLength(50_000);

    const stream = await conn.bulk2.query("SELECT Id, Name, External_Id__c, Tier__c FROM Partner__c WHERE External_Id__c LIKE 'acct-%'");
    const rows: Record<string, string>[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('record', (r: Record<string, string>) => rows.push(r)).on('end', () => resolve()).on('error', reject);
    });
    expect(rows).toHaveLength(50_000);
    expect(new Set(rows.map((r) => r.Id)).size).toBe(50_000);
    expect(rows.every((r) => r.Tier__c === 'Gold' && r.Name?.startsWith('Company '))).toBe(true);

    // the same job read page by page, as a streaming client does: 20,000 + 20,000 + 10,000, then the literal "null"
    const auth = { Authorization: `Bearer ${org.accessToken}` };
    const base = `${org.instanceUrl}/services/data/v${API_VERSION}/jobs/query`;
    const job = (await (await fetch(base, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ operation: 'query', query: "SELECT Id FROM Partner__c WHERE External_Id__c LIKE 'acct-%'" }) })).json()) as { id: string };
    let state = '';
    while (state !== 'JobComplete') state = ((await (await fetch(`${base}/${job.id}`, { headers: auth })).json()) as { state: string }).state;
    const sizes: number[] = [];
    const locators: string[] = [];
    for (let locator = ''; locator !== 'null'; ) {
      const res = await fetch(`${base}/${job.id}/results?maxRecords=20000${locator ? `&locator=${locator}` : ''}`, { headers: auth });
      const text = await res.text();
      expect(text.split('\n')[0]).toBe('"Id"');
      sizes.push(Number(res.headers.get('sforce-numberofrecords')));
      locator = res.headers.get('sforce-locator') ?? '';
      locators.push(locator);
    }
    expect(sizes).toEqual([20_000, 20_000, 10_000]);
    expect(locators[locators.length - 1]).toBe('null');
  }, 60_000);
});
