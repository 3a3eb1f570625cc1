import { Connection } from 'jsforce';
import { FaultController, startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';

// Seeded fault injection: what a sync run must survive, reproducible per seed.
let org: LocalOrg;
let conn: Connection;

beforeAll(async () => {
  org = await startLocalOrg();
  conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION });
  conn.bulk2.pollInterval = 50;
});
afterEach(() => org.faults.clear());
afterAll(async () => {
  await org.stop();
});

const get = (path: string): Promise<Response> =>
  fetch(`${org.instanceUrl}/services/data/v${API_VERSION}${path}`, { headers: { Authorization: `Bearer ${org.accessToken}` } });

describe('fault injection', () => {
  it.each([
    ['http503', 503, 'SERVER_UNAVAILABLE'],
    ['http429', 429, 'REQUEST_LIMIT_EXCEEDED'],
    ['requestLimit', 403, 'REQUEST_LIMIT_EXCEEDED'],
  ] as const)('answers %s once, then recovers', async (kind, status, errorCode) => {
    org.faults.set({ rate: 1, kinds: [kind], maxFaults: 1 });
    const failed = await get('/limits');
    expect(failed.status).toBe(status);
    expect(failed.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
    expect(await failed.json()).toEqual([expect.objectContaining({ errorCode })]);
    expect((await get('/limits')).status).toBe(200);
    expect(org.faults.injected[kind]).toBe(1);
  });

  it('fails single-record writes with UNABLE_TO_LOCK_ROW and jsforce reports it', async () => {
    org.faults.set({ rate: 1, kinds: ['lockRow'], maxFaults: 1 });
    await expect(conn.sobject('Account').create({ Name: 'Locked' })).rejects.toMatchObject({ errorCode: 'UNABLE_TO_LOCK_ROW' });
    expect(await conn.sobject('Account').create({ Name: 'Unlocked' })).toMatchObject({ success: true });
  });

  it('fails single records inside collections and bulk jobs, the same ones for the same seed', async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ Name: `Lock ${i}` }));
    const pattern = async (): Promise<boolean[]> => {
      org.faults.set({ rate: 0.3, seed: 42, kinds: ['lockRow'] });
      const res = await conn.sobject('Account').create(records);
      for (const r of res) if (!r.success) expect(r.errors).toEqual([expect.objectContaining({ statusCode: 'UNABLE_TO_LOCK_ROW' })]);
      return res.map((r) => r.success);
    };
    const first = await pattern();
    expect(first.filter((ok) => !ok).length).toBeGreaterThan(3);
    expect(first.filter((ok) => ok).length).toBeGreaterThan(10);
    expect(await pattern()).toEqual(first);

    org.faults.set({ rate: 0.3, seed: 7, kinds: ['lockRow'] });
    const bulk = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: `Name\n${records.map((r) => r.Name).join('\n')}\n` });
    expect(bulk.failedResults.length).toBeGreaterThan(3);
    expect(bulk.failedResults.every((r) => String(r.sf__Error).startsWith('UNABLE_TO_LOCK_ROW:'))).toBe(true);
    expect(bulk.successfulResults.length + bulk.failedResults.length).toBe(40);
  });

  it('drops connections and delays responses', async () => {
    org.faults.set({ rate: 1, kinds: ['drop'], maxFaults: 1 });
    await expect(get('/limits')).rejects.toThrow();
    org.faults.set({ rate: 1, kinds: ['latency'], latencyMs: 300, maxFaults: 1 });
    const started = Date.now();
    expect((await get('/limits')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('reads a plan from PARTNERLENS_FAULTS and refuses a malformed one', () => {
    expect(FaultController.fromEnv('{"rate":0.1,"seed":3,"kinds":["http503","lockRow"]}')).toEqual({ rate: 0.1, seed: 3, kinds: ['http503', 'lockRow'], latencyMs: 250 });
    expect(FaultController.fromEnv(undefined)).toBeUndefined();
    expect(() => FaultController.fromEnv('{"rate":2,"kinds":[]}')).toThrow();
  });
});

describe('the daily API request limit', () => {
  it('counts every request and refuses past the limit with REQUEST_LIMIT_EXCEEDED', async () => {
    const small = await startLocalOrg({ dailyApiLimit: 3 });
    try {
      const c = new Connection({ instanceUrl: small.instanceUrl, accessToken: small.accessToken, version: API_VERSION });
      for (let i = 0; i < 3; i++) await c.query('SELECT Id FROM Account LIMIT 1');
      expect(small.apiUsage()).toEqual({ used: 3, max: 3 });
      await expect(c.query('SELECT Id FROM Account LIMIT 1')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    } finally {
      await small.stop();
    }
  });
});
