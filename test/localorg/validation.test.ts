import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';

// Salesforce-shaped errors over raw HTTP: status codes and [{message, errorCode, fields}] bodies.
let org: LocalOrg;

beforeAll(async () => {
  org = await startLocalOrg();
});
afterAll(async () => {
  await org.stop();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}${path}`, {
    method,
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const created = async (type: string, fields: Record<string, unknown>): Promise<string> => {
  const r = await call('POST', `/sobjects/${type}`, fields);
  expect(r.status).toBe(201);
  return (r.body as { id: string }).id;
};

describe('validation errors', () => {
  it.each([
    ['REQUIRED_FIELD_MISSING', 'Opportunity', { Name: 'x' }, ['StageName', 'CloseDate']],
    ['STRING_TOO_LONG', 'Partner__c', { Name: 'x'.repeat(81) }, ['Name']],
    ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'Partner_Overlap__c', { Match_Method__c: 'Telepathy' }, ['Match_Method__c']],
    ['INVALID_EMAIL_ADDRESS', 'Lead', { LastName: 'L', Company: 'C', Email: 'not-an-email' }, ['Email']],
    ['NUMBER_OUTSIDE_VALID_RANGE', 'Opportunity', { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-01-01', Amount: 1e20 }, ['Amount']],
    ['MALFORMED_ID', 'Contact', { LastName: 'L', AccountId: 'nope' }, ['AccountId']],
    ['INVALID_CROSS_REFERENCE_KEY', 'Contact', { LastName: 'L', AccountId: '001000000000000AAA' }, ['AccountId']],
    ['INVALID_FIELD_FOR_INSERT_UPDATE', 'Opportunity', { Name: 'x', StageName: 'Prospecting', CloseDate: '2026-01-01', Partner_Sourced_Count__c: 3, IsWon: true }, ['Partner_Sourced_Count__c', 'IsWon']],
    ['INVALID_FIELD', 'Account', { Name: 'x', Nope__c: 1 }, ['Nope__c']],
    ['JSON_PARSER_ERROR', 'Opportunity', { Name: 'x', StageName: 'Prospecting', CloseDate: 'soon' }, ['CloseDate']],
  ])('answers 400 %s', async (errorCode, type, fields, errorFields) => {
    if (type === 'Partner_Overlap__c') {
      const partner = await created('Partner__c', { Name: 'Restricted' });
      Object.assign(fields, { Partner__c: partner, Match_Key__c: 'k', External_Id__c: `o-${Math.random()}` });
    }
    const r = await call('POST', `/sobjects/${type}`, fields);
    expect(r.status).toBe(400);
    expect(r.body).toEqual([expect.objectContaining({ errorCode, message: expect.any(String) })]);
    const [err] = r.body as { fields?: string[] }[];
    expect(err?.fields ?? []).toEqual(errorFields);
  });

  it('answers DUPLICATE_VALUE for a unique field and names the record it duplicates', async () => {
    const first = await created('Partner__c', { Name: 'A', Domain__c: 'dup.example' });
    const r = await call('POST', '/sobjects/Partner__c', { Name: 'B', Domain__c: 'DUP.example' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual([expect.objectContaining({ errorCode: 'DUPLICATE_VALUE', message: expect.stringContaining(first) })]);
  });

  it('answers NOT_FOUND for unknown objects and records, INVALID_SESSION_ID without a valid token', async () => {
    expect((await call('GET', '/sobjects/Nope__c/describe')).status).toBe(404);
    const missing = await call('PATCH', '/sobjects/Account/001000000000000AAA', { Name: 'x' });
    expect(missing).toEqual({ status: 404, body: [expect.objectContaining({ errorCode: 'NOT_FOUND' })] });
    const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/limits`, { headers: { Authorization: 'Bearer wrong' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const old = await fetch(`${org.instanceUrl}/services/data/v30.0/limits`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(old.status).toBe(404);
  });

  it('answers INVALID_QUERY_LOCATOR for a cursor that an 11th open cursor closed, and for a made-up one', async () => {
    // batchSize is at least 200, as on Salesforce: 250 rows leave each cursor open after its first page
    for (let i = 0; i < 250; i++) org.store.insert('Campaign', { Name: `Cursor ${i}` });
    const open = async (): Promise<string> => {
      const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/query?q=${encodeURIComponent('SELECT Id FROM Campaign')}`, {
        headers: { Authorization: `Bearer ${org.accessToken}`, 'Sforce-Query-Options': 'batchSize=200' },
      });
      const page = (await res.json()) as { done: boolean; nextRecordsUrl: string };
      expect(page.done).toBe(false);
      return page.nextRecordsUrl;
    };
    const oldest = await open();
    const newer = [];
    for (let i = 0; i < 10; i++) newer.push(await open());
    const path = (url: string): string => url.replace(`/services/data/v${API_VERSION}`, '');
    expect(await call('GET', path(oldest))).toEqual({ status: 400, body: [expect.objectContaining({ errorCode: 'INVALID_QUERY_LOCATOR' })] });
    expect((await call('GET', path(newer[9] as string))).status).toBe(200);
    expect((await call('GET', '/query/01gNOPE-2000')).body).toEqual([expect.objectContaining({ errorCode: 'INVALID_QUERY_LOCATOR' })]);
  });

  it('computes stage facts, the formula and roll-ups, cascades master-detail deletes and restricts lookups', async () => {
    const opp = await created('Opportunity', { Name: 'Deal', StageName: 'Closed Won', CloseDate: '2026-03-31', Amount: 1000 });
    const partner = await created('Partner__c', { Name: 'Restrict me' });
    const oppRecord = async (): Promise<Record<string, unknown>> => (await call('GET', `/sobjects/Opportunity/${opp}`)).body as Record<string, unknown>;
    expect(await oppRecord()).toMatchObject({ IsClosed: true, IsWon: true, Probability: 100, Partner_Sourced__c: false, Partner_Influence_Count__c: 0 });
    const pi = await created('Partner_Influence__c', { Opportunity__c: opp, Partner__c: partner, Role__c: 'Sourced' });
    expect(await oppRecord()).toMatchObject({ Partner_Influence_Count__c: 1, Partner_Sourced_Count__c: 1, Partner_Sourced__c: true });
    const piRecord = (await call('GET', `/sobjects/Partner_Influence__c/${pi}`)).body as Record<string, unknown>;
    expect(piRecord.Name).toMatch(/^PI-\d{6}$/);

    const restricted = await call('DELETE', `/sobjects/Partner__c/${partner}`);
    expect(restricted).toEqual({ status: 400, body: [expect.objectContaining({ errorCode: 'DELETE_FAILED' })] });
    expect((await call('PATCH', `/sobjects/Partner_Influence__c/${pi}`, { Role__c: 'Influenced' })).status).toBe(204);
    expect(await oppRecord()).toMatchObject({ Partner_Influence_Count__c: 1, Partner_Sourced_Count__c: 0, Partner_Sourced__c: false });

    expect((await call('DELETE', `/sobjects/Opportunity/${opp}`)).status).toBe(204);
    const q = await call('GET', `/queryAll?q=${encodeURIComponent(`SELECT Id, IsDeleted FROM Partner_Influence__c WHERE Id = '${pi}'`)}`);
    expect((q.body as { records: unknown[] }).records).toEqual([expect.objectContaining({ IsDeleted: true })]);
    expect((await call('DELETE', `/sobjects/Partner__c/${partner}`)).status).toBe(204);
  });

  it('rolls back a whole collection with allOrNone and reports each record', async () => {
    const r = await call('POST', '/composite/sobjects', {
      allOrNone: true,
      records: [{ attributes: { type: 'Account' }, Name: 'Kept?' }, { attributes: { type: 'Account' } }],
    });
    expect(r.body).toEqual([
      { success: false, errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })] },
      { success: false, errors: [expect.objectContaining({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] })] },
    ]);
    const q = await call('GET', `/query?q=${encodeURIComponent("SELECT COUNT() FROM Account WHERE Name = 'Kept?'")}`);
    expect(q.body).toMatchObject({ totalSize: 0 });
  });

  it('runs composite subrequests with references in one transaction', async () => {
    const r = await call('POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `/services/data/v${API_VERSION}/sobjects/Account`, referenceId: 'acct', body: { Name: 'Composite Co' } },
        { method: 'POST', url: `/services/data/v${API_VERSION}/sobjects/Contact`, referenceId: 'ct', body: { LastName: 'Ref', AccountId: '@{acct.id}' } },
        { method: 'GET', url: `/services/data/v${API_VERSION}/sobjects/Contact/@{ct.id}?fields=AccountId`, referenceId: 'read' },
      ],
    });
    const out = (r.body as { compositeResponse: { httpStatusCode: number; body: Record<string, unknown>; referenceId: string }[] }).compositeResponse;
    expect(out.map((x) => x.httpStatusCode)).toEqual([201, 201, 200]);
    expect(out[2]?.body.AccountId).toBe(out[0]?.body.id);
    const failing = await call('POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `/services/data/v${API_VERSION}/sobjects/Account`, referenceId: 'a', body: { Name: 'Rolled back' } },
        { method: 'POST', url: `/services/data/v${API_VERSION}/sobjects/Account`, referenceId: 'b', body: {} },
      ],
    });
    const halted = (failing.body as { compositeResponse: { httpStatusCode: number; body: { errorCode: string }[] }[] }).compositeResponse;
    expect(halted.map((x) => x.body[0]?.errorCode)).toEqual(['PROCESSING_HALTED', 'REQUIRED_FIELD_MISSING']);
    const q = await call('GET', `/query?q=${encodeURIComponent("SELECT COUNT() FROM Account WHERE Name = 'Rolled back'")}`);
    expect(q.body).toMatchObject({ totalSize: 0 });
  });
});
