// Salesforce behaviours real clients rely on, each listed with its source in docs/localorg.md ("Fidelity").
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { LATEST_API_VERSION } from '../../src/localorg/rest';
import { API_VERSION } from '../../src/schema/dataModel';
import { rawRequest } from '../rawHttp';

let org: LocalOrg;
const auth = (): Record<string, string> => ({ Authorization: `Bearer ${org.accessToken}` });

beforeAll(async () => {
  org = await startLocalOrg();
});
afterAll(() => org.stop());

describe('request paths are paths', () => {
  it('serves //services/data/... (the sf CLI after its own login stores the instance URL with a trailing slash)', async () => {
    const r = await rawRequest(org.instanceUrl, `//services/data/v${API_VERSION}//query?q=${encodeURIComponent('SELECT Id FROM Account')}`, { headers: auth() });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ totalSize: 0, done: true });
  });

  it('answers a path that does not percent-decode with 400, not 404 or a crash', async () => {
    const r = await rawRequest(org.instanceUrl, '/services/data/v62.0/sobjects/%E0%A4%A', { headers: auth() });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual([expect.objectContaining({ errorCode: 'MALFORMED_URL' })]);
  });
});

describe('request limits', () => {
  it('answers 431 when URI and headers pass 16,384 bytes', async () => {
    const r = await rawRequest(org.instanceUrl, `/services/data/v${API_VERSION}/limits`, { headers: { ...auth(), 'X-Padding': 'x'.repeat(17_000) } });
    expect(r.status).toBe(431);
    expect((await rawRequest(org.instanceUrl, `/services/data/v${API_VERSION}/limits`, { headers: auth() })).status).toBe(200);
  });
});

describe('versions and identity', () => {
  it(`lists every version from 31.0 to ${LATEST_API_VERSION}.0 and serves the newest`, async () => {
    const versions = JSON.parse((await rawRequest(org.instanceUrl, '/services/data')).body) as { version: string; label: string }[];
    expect(versions[0]).toEqual(expect.objectContaining({ version: '31.0', label: "Summer '14" }));
    expect(versions.at(-1)).toEqual(expect.objectContaining({ version: `${LATEST_API_VERSION}.0`, label: "Winter '27" }));
    const r = await rawRequest(org.instanceUrl, `/services/data/v${LATEST_API_VERSION}.0/limits`, { headers: auth() });
    expect(r.status).toBe(200);
    expect((await rawRequest(org.instanceUrl, `/services/data/v${LATEST_API_VERSION + 1}.0/limits`, { headers: auth() })).status).toBe(404);
  });

  it('lists identity in the version resource, and jsforce identity() reads it', async () => {
    const resource = JSON.parse((await rawRequest(org.instanceUrl, `/services/data/v${API_VERSION}`, { headers: auth() })).body) as { identity: string };
    const who = await new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION }).identity();
    expect(who).toMatchObject({ organization_id: org.orgId, username: org.username });
    expect(resource.identity).toBe(`${org.instanceUrl}/id/${org.orgId}/${who.user_id}`);
  });

  it('accepts ?oauth_token= on the identity URL, and refuses it elsewhere', async () => {
    const resource = JSON.parse((await rawRequest(org.instanceUrl, `/services/data/v${API_VERSION}`, { headers: auth() })).body) as { identity: string };
    const idPath = new URL(resource.identity).pathname;
    const r = await rawRequest(org.instanceUrl, `${idPath}?oauth_token=${encodeURIComponent(org.accessToken)}`);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ username: org.username, organization_id: org.orgId });
    expect((await rawRequest(org.instanceUrl, `/services/data/v${API_VERSION}/limits?oauth_token=${encodeURIComponent(org.accessToken)}`)).status).toBe(401);
  });
});

describe('methods', () => {
  it.each([
    ['DELETE', `/query?q=${encodeURIComponent('SELECT Id FROM Account')}`, 'GET'],
    ['POST', '/limits', 'GET'],
    ['PUT', '/sobjects/Account/describe', 'GET'],
    ['GET', '/composite', 'POST'],
    ['PATCH', '/sobjects', 'GET'],
  ])('%s %s is 405 METHOD_NOT_ALLOWED (allowed: %s)', async (method, resource, allowed) => {
    const r = await rawRequest(org.instanceUrl, `/services/data/v${API_VERSION}${resource}`, { method, headers: { ...auth(), 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
    expect(r.status).toBe(405);
    expect(JSON.parse(r.body)).toEqual([{ errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${method}' not allowed. Allowed are ${allowed}` }]);
  });
});

describe('describe and SOQL', () => {
  it('reports cascadeDelete on a master-detail field and not on a lookup', () => {
    const fields = org.store.describeSObject('Partner_Influence__c').fields;
    expect(fields.find((f) => f.name === 'Opportunity__c')).toMatchObject({ type: 'reference', cascadeDelete: true });
    expect(fields.find((f) => f.name === 'Partner__c')).toMatchObject({ type: 'reference', cascadeDelete: false });
  });

  it('refuses AND and OR mixed without parentheses, as Salesforce does, and runs them with parentheses', () => {
    org.store.insert('Account', { Name: 'c' });
    expect(() => org.store.query("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'")).toThrow(expect.objectContaining({ errorCode: 'MALFORMED_QUERY' }));
    expect(() => org.store.query("SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' AND Name = 'c'")).toThrow(expect.objectContaining({ errorCode: 'MALFORMED_QUERY' }));
    expect(org.store.query("SELECT Id FROM Account WHERE (Name = 'a' AND Name = 'b') OR Name = 'c'").totalSize).toBe(1);
    expect(org.store.query("SELECT Id FROM Account WHERE Name = 'a' AND (Name = 'b' OR Name = 'c')").totalSize).toBe(0);
    expect(org.store.query("SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' OR Name = 'c'").totalSize).toBe(1);
  });
});

describe('org identity', () => {
  it('gives each data file its own org id, kept across restarts of the same file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-orgid-'));
    try {
      const a = await startLocalOrg({ dataFile: `${dir}/a.sqlite` });
      const b = await startLocalOrg({ dataFile: `${dir}/b.sqlite` });
      const [idA, idB] = [a.orgId, b.orgId];
      await Promise.all([a.stop(), b.stop()]);
      expect(idA).toMatch(/^00D\w{15}$/);
      expect(idA).not.toBe(idB);
      const again = await startLocalOrg({ dataFile: `${dir}/a.sqlite` });
      expect(again.orgId).toBe(idA);
      await again.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('auto-number names', () => {
  it('numbers in order, never hands a number out twice (not after a delete, not after a restart of the same file)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-autonum-'));
    try {
      const local = await startLocalOrg({ dataFile: `${dir}/org.sqlite` });
      const conn = new Connection({ instanceUrl: local.instanceUrl, accessToken: local.accessToken, version: API_VERSION });
      const names = async (ids: string[]): Promise<string[]> => (await conn.query<{ Id: string; Name: string }>(`SELECT Id, Name FROM Partner_Sync_Run__c WHERE Id IN ('${ids.join("','")}')`)).records.map((r) => r.Name).sort();
      const created = (await conn.sobject('Partner_Sync_Run__c').create([{}, {}, {}])) as { id: string }[];
      expect(await names(created.map((r) => r.id))).toEqual(['RUN-000001', 'RUN-000002', 'RUN-000003']);
      await conn.sobject('Partner_Sync_Run__c').destroy(created[2]!.id);
      const next = (await conn.sobject('Partner_Sync_Run__c').create({})) as { id: string };
      expect(await names([next.id])).toEqual(['RUN-000004']);
      await local.stop();
      const reopened = await startLocalOrg({ dataFile: `${dir}/org.sqlite` });
      const conn2 = new Connection({ instanceUrl: reopened.instanceUrl, accessToken: reopened.accessToken, version: API_VERSION });
      const after = (await conn2.sobject('Partner_Sync_Run__c').create({})) as { id: string };
      expect((await conn2.query<{ Name: string }>(`SELECT Name FROM Partner_Sync_Run__c WHERE Id = '${after.id}'`)).records[0]?.Name).toBe('RUN-000005');
      await reopened.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
