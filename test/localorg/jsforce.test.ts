import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';

// jsforce 3, unchanged, against the local org over real HTTP.
let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startLocalOrg();
  conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION });
});
afterAll(async () => {
  await org.stop();
});

describe('jsforce against the local org', () => {
  it('does sObject CRUD with 18-character ids and system fields', async () => {
    const created = await conn.sobject('Account').create({ Name: 'Acme', Website: 'https://acme.example', NumberOfEmployees: 50 });
    expect(created.success).toBe(true);
    const id = created.success ? created.id : '';
    expect(id).toMatch(/^001[A-Za-z0-9]{15}$/);
    const rec = (await conn.sobject('Account').retrieve(id)) as Record<string, unknown>;
    expect(rec).toMatchObject({ Id: id, Name: 'Acme', NumberOfEmployees: 50, IsDeleted: false });
    expect(rec.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const updated = await conn.sobject('Account').update({ Id: id, Industry: 'Technology' });
    expect(updated).toMatchObject({ id, success: true });
    const after = (await conn.sobject('Account').retrieve(id)) as Record<string, unknown>;
    expect(after.Industry).toBe('Technology');
    expect(String(after.SystemModstamp) >= String(rec.SystemModstamp)).toBe(true);
    await conn.sobject('Account').destroy(id);
    await expect(conn.sobject('Account').retrieve(id)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    const all = await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${id}'`, { scanAll: true });
    expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });

  it('creates 500 records through composite collections (allowRecursive) and pages a query over 2,000+ rows with autoFetch', async () => {
    const five = Array.from({ length: 500 }, (_, i) => ({ Name: `Bulk ${i}`, Company: `Co ${i}`, LastName: `L${i}` }));
    const results = await conn.sobject('Lead').create(five.map(({ Company, LastName }) => ({ Company, LastName })), { allowRecursive: true });
    expect(results).toHaveLength(500);
    expect(results.every((r) => r.success)).toBe(true);
    // without allowRecursive jsforce sends all 500 in one call, which a real org refuses
    await expect(conn.sobject('Lead').create(five.map(({ Company, LastName }) => ({ Company, LastName })))).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });

    const rows = Array.from({ length: 2600 }, (_, i) => ({ Name: `Paged ${String(i).padStart(4, '0')}` }));
    for (let i = 0; i < rows.length; i += 200) {
      const res = await conn.sobject('Account').create(rows.slice(i, i + 200));
      expect(res.every((r) => r.success)).toBe(true);
    }
    const first = await conn.query("SELECT Id, Name FROM Account WHERE Name LIKE 'Paged%'");
    expect(first).toMatchObject({ totalSize: 2600, done: false });
    expect(first.records).toHaveLength(2000);
    expect(first.nextRecordsUrl).toMatch(/\/query\/01g\w+-2000$/);
    const fetched: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      conn.query("SELECT Id, Name FROM Account WHERE Name LIKE 'Paged%' ORDER BY Name")
        .on('record', (r: unknown) => fetched.push(r))
        .on('end', () => resolve())
        .on('error', reject)
        .run({ autoFetch: true, maxFetch: 10_000 });
    });
    expect(fetched).toHaveLength(2600);
    expect(fetched[2599]).toMatchObject({ Name: 'Paged 2599' });
  });

  it('upserts by External_Id__c: the first run creates, the second only updates', async () => {
    const partners = Array.from({ length: 3 }, (_, i) => ({ Name: `Partner ${i}`, External_Id__c: `ext-${i}`, Domain__c: `p${i}.example` }));
    const first = await conn.sobject('Partner__c').upsert(partners, 'External_Id__c');
    expect(first.map((r) => [r.success, r.created])).toEqual([[true, true], [true, true], [true, true]]);
    const second = await conn.sobject('Partner__c').upsert(partners.map((p) => ({ ...p, Tier__c: 'Gold' })), 'External_Id__c');
    expect(second.map((r) => [r.success, r.created])).toEqual([[true, false], [true, false], [true, false]]);
    expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
    const single = await conn.sobject('Partner__c').upsert({ Name: 'Partner 9', External_Id__c: 'ext-9' }, 'External_Id__c');
    expect(single).toMatchObject({ success: true, created: true });
    // external ids are case-sensitive: EXT-0 is a different partner
    const other = await conn.sobject('Partner__c').upsert({ Name: 'Upper', External_Id__c: 'EXT-0' }, 'External_Id__c');
    expect(other).toMatchObject({ created: true });
  });

  it('describes objects from force-app metadata and the standard objects', async () => {
    const global = await conn.describeGlobal();
    const names = global.sobjects.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Account', 'Lead', 'Opportunity', 'User', 'Organization', 'Partner__c', 'Partner_Influence__c']));
    const prefixes = global.sobjects.filter((s) => s.custom).map((s) => s.keyPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(prefixes.every((p) => /^a[0-9A-Za-z]{2}$/.test(p ?? ''))).toBe(true);
    const pi = await conn.sobject('Partner_Influence__c').describe();
    const opp = pi.fields.find((f) => f.name === 'Opportunity__c');
    expect(opp).toMatchObject({ type: 'reference', referenceTo: ['Opportunity'], relationshipName: 'Opportunity__r', updateable: false, createable: true, nillable: false });
    const role = pi.fields.find((f) => f.name === 'Role__c');
    expect(role?.picklistValues?.map((v) => v.value)).toEqual(expect.arrayContaining(['Sourced', 'Influenced']));
    const oppDescribe = await conn.sobject('Opportunity').describe();
    expect(oppDescribe.childRelationships).toContainEqual(expect.objectContaining({ childSObject: 'Partner_Influence__c', relationshipName: 'Partner_Influences__r', cascadeDelete: true }));
    expect(oppDescribe.fields.find((f) => f.name === 'Partner_Sourced__c')).toMatchObject({ calculated: true, type: 'boolean', createable: false });
    expect(oppDescribe.fields.some((f) => f.name === 'CurrencyIsoCode')).toBe(false);
  });

  it('reports limits and counts every request in Sforce-Limit-Info', async () => {
    const before = org.apiUsage().used;
    const limits = (await conn.limits()) as unknown as Record<string, { Max: number; Remaining: number }>;
    expect(limits.DailyApiRequests?.Max).toBe(100_000);
    expect(limits.DailyApiRequests?.Remaining).toBe(100_000 - before - 1);
    const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/limits`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(res.headers.get('sforce-limit-info')).toBe(`api-usage=${before + 2}/100000`);
    expect(org.apiUsage().used).toBe(before + 2);
  });
});
