import { SfError } from '@salesforce/core';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index.js';
import { OrgClient } from '../../src/org/client.js';
import { connectionFor } from '../../src/org/connection.js';
import { OrgError } from '../../src/org/orgError.js';
import { defaultRetryPolicy } from '../../src/org/retry.js';

// Every failed call the org client makes ends as one OrgError: the org's errorCode, the request, the
// fix. Driven against the local org over HTTP so the codes are the ones a real client receives.
let org: LocalOrg;
const noWait = { ...defaultRetryPolicy(), sleep: async () => undefined };

beforeAll(async () => {
  org = await startLocalOrg();
});
afterAll(async () => {
  await org.stop();
});

async function failure(call: () => Promise<unknown>): Promise<OrgError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrgError);
  return error as OrgError;
}

describe('OrgError', () => {
  const client = () => new OrgClient(connectionFor(org.instanceUrl, org.accessToken), { retry: noWait });

  it('names an unknown field, the request and the fix; exit code 1', async () => {
    const error = await failure(() => client().query('SELECT Id, No_Such__c FROM Account'));
    expect(error).toBeInstanceOf(SfError);
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.name).toBe('INVALID_FIELD');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/^The org refused GET \/query: INVALID_FIELD: .*No_Such__c/);
    expect(error.actions?.join(' ')).toMatch(/PartnerLens_Admin/);
    expect(error.data?.request).toBe('GET /query');
  });

  it('a malformed query and an unknown object get their own codes and fixes', async () => {
    const malformed = await failure(() => client().query('SELECT Id FROM Account WHERE'));
    expect(malformed.errorCode).toBe('MALFORMED_QUERY');
    expect(malformed.actions?.join(' ')).toMatch(/population filter/);
    const type = await failure(() => client().query('SELECT Id FROM No_Such_Object__c'));
    expect(type.errorCode).toBe('INVALID_TYPE');
  });

  it('a failing query inside a composite batch carries the SOQL and the subrequest status', async () => {
    const error = await failure(() => client().queries({ good: 'SELECT Id FROM Account', bad: 'SELECT Nope__c FROM Account' }));
    expect(error.errorCode).toBe('INVALID_FIELD');
    expect(error.status).toBe(400);
    expect(error.data?.soql).toBe('SELECT Nope__c FROM Account');
  });

  it("a Bulk result page read as text still fails with the org's own errorCode, and a transient one is retried", async () => {
    const records = [{ Name: 'Result Co', External_Id__c: 'result-co', Domain__c: 'result.example' }];
    org.faults.set({ rate: 1, kinds: ['http503'], maxFaults: 1, pathPattern: 'successfulResults' });
    try {
      const [ok] = await client().bulkUpsert('Partner__c', 'External_Id__c', records);
      expect(ok).toMatchObject({ key: 'result-co', success: true, created: true, id: expect.stringMatching(/^\w{18}$/) });
      expect(org.faults.injected.http503).toBe(1);
      org.faults.set({ rate: 1, kinds: ['apiDisabled'], maxFaults: 1, pathPattern: 'failedResults' });
      const error = await failure(() => client().bulkUpsert('Partner__c', 'External_Id__c', records));
      expect(error.errorCode).toBe('API_DISABLED_FOR_ORG');
      expect(error.data?.request).toMatch(/^GET \/jobs\/ingest\/750\w+\/failedResults$/);
    } finally {
      org.faults.clear();
    }
  });

  it('a bad token is INVALID_SESSION_ID with a log-in-again action, and the token is not in the message', async () => {
    const badToken = `${org.accessToken.slice(0, -4)}XXXX`;
    const error = await failure(() => new OrgClient(connectionFor(org.instanceUrl, badToken), { retry: noWait }).query('SELECT Id FROM Account'));
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
    expect(error.actions?.join(' ')).toMatch(/log in again/);
    expect(JSON.stringify({ message: error.message, data: error.data, actions: error.actions })).not.toContain(badToken);
  });

  it('nothing listening is ECONNREFUSED with the start-the-org action, after the retries', async () => {
    const closed = await startLocalOrg();
    const url = closed.instanceUrl;
    await closed.stop();
    const error = await failure(() => new OrgClient(connectionFor(url, 'x'), { retry: noWait }).query('SELECT Id FROM Account'));
    expect(error.errorCode).toBe('ECONNREFUSED');
    expect(error.actions?.join(' ')).toMatch(/partnerlens org start/);
  });

  it('passes an OrgError through unchanged rather than wrapping it twice', () => {
    const inner = new OrgError('x', { errorCode: 'INVALID_FIELD', fields: [], request: 'GET /query' });
    expect(OrgError.from(inner, 'GET /other')).toBe(inner);
  });
});
