import { existsSync, readFileSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { defaultRetryPolicy } from '../../src/org/retry';
import { intakeRegistrations } from '../../src/registrations/intake';
import { createIntakeServer } from '../../src/registrations/intakeServer';
import { signIntakeRequest } from '../../src/registrations/signature';

// What the intake keeps when the CRM cannot take a registration, and two intakes racing without a shared queue.
describe('registration intake on the local org', () => {
  jest.setTimeout(60_000);
  let org: LocalOrg;
  const q = (soql: string): Record<string, unknown>[] => org.store.query(soql).records as Record<string, unknown>[];
  const clientOf = (): OrgClient => new OrgClient(connectionFor(org.instanceUrl, org.accessToken), { retry: defaultRetryPolicy({ attempts: 2, baseMs: 1, sleep: async () => undefined }) });

  beforeAll(async () => {
    org = await startLocalOrg();
    org.store.insert('Partner__c', { Name: 'Orbit Cloud', External_Id__c: 'orbit', Status__c: 'Active' });
    org.store.insert('Partner__c', { Name: 'Nimbus', External_Id__c: 'nimbus', Status__c: 'Active' });
  });
  afterAll(async () => org.stop());

  it('a registration the org cannot take is answered 503 and kept in the errors file; resent later it is written', async () => {
    const errorsFile = path.join(mkdtempSync(path.join(tmpdir(), 'plintake-')), 'intake-errors.jsonl');
    const server = createIntakeServer({ client: clientOf(), secrets: new Map([['orbit', 'orbit-secret-0123456789']]), ratePerMinute: 100, errorsFile });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/registrations`;
    const send = (): Promise<Response> => {
      const body = JSON.stringify({ company: 'Acme', domain: 'acme.com' });
      const ts = Math.floor(Date.now() / 1000);
      return fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-PartnerLens-Partner': 'orbit', 'X-PartnerLens-Timestamp': String(ts), 'X-PartnerLens-Signature': signIntakeRequest('orbit-secret-0123456789', ts, body), 'Idempotency-Key': 'A-1' } });
    };
    try {
      org.faults.set({ rate: 1, kinds: ['http503'], pathPattern: 'composite/sobjects' });
      const failed = await send();
      expect(failed.status).toBe(503);
      expect(await failed.json()).toMatchObject({ retryable: true });
      expect(q('SELECT Id FROM Partner_Registration__c')).toEqual([]);
      const kept = readFileSync(errorsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(kept).toEqual([expect.objectContaining({ partner: 'orbit', key: 'A-1', registration: expect.objectContaining({ company: 'Acme' }) })]);
      org.faults.clear();
      expect((await send()).status).toBe(201);
      expect(q("SELECT External_Id__c FROM Partner_Registration__c")).toEqual([expect.objectContaining({ External_Id__c: 'orbit|A-1' })]);
    } finally {
      org.faults.clear();
      await new Promise((r) => server.close(r));
    }
    expect(existsSync(errorsFile)).toBe(true);
  });

  it('two intakes in separate processes racing for one company: the re-check leaves exactly one winner, the earlier', async () => {
    const t = new Date();
    const [late, early] = await Promise.all([
      intakeRegistrations(clientOf(), { partner: 'nimbus', now: new Date(t.getTime() + 400), registrations: [{ registrationId: 'B-1', company: 'Initrode', domain: 'initrode.com' }] }),
      intakeRegistrations(clientOf(), { partner: 'orbit', now: t, registrations: [{ registrationId: 'B-1', company: 'Initrode LLC', domain: 'www.initrode.com' }] }),
    ]);
    expect(early.outcomes[0]?.status).toBe('Submitted');
    expect(late.outcomes[0]).toMatchObject({ status: 'Rejected', conflict: 'Other partner' });
    const rows = q("SELECT External_Id__c, Status__c FROM Partner_Registration__c WHERE External_Id__c IN ('orbit|B-1', 'nimbus|B-1') ORDER BY External_Id__c");
    expect(rows.map((r) => [r.External_Id__c, r.Status__c])).toEqual([['nimbus|B-1', 'Rejected'], ['orbit|B-1', 'Submitted']]);
  });
});
