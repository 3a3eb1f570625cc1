// Deal registrations end to end through the compiled CLI (run `npm run build` first) against a local org this
// test serves: `registrations import` with real files, `approve` / `reject`, and `registrations serve`
// receiving signed requests over HTTP. The end state is read back from the org by SOQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { signIntakeRequest } from '../../src/registrations/signature';
import { BIN, runPartnerlens, type Outcome } from './runCli';

const SECRETS = { PL_INTAKE_ORBIT: 'orbit-secret-0123456789abcdef', PL_INTAKE_NIMBUS: 'nimbus-secret-0123456789abcdef' };


const partnerlens = (cwd: string, ...args: string[]): Promise<Outcome> => runPartnerlens(cwd, args);

describe('partnerlens registrations (e2e)', () => {
  jest.setTimeout(90_000);
  let org: LocalOrg;
  let dir: string;
  const q = (soql: string): Record<string, unknown>[] => org.store.query(soql).records as Record<string, unknown>[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    org = await startLocalOrg();
    dir = mkdtempSync(path.join(tmpdir(), 'plreg-'));
    mkdirSync(path.join(dir, '.partnerlens'));
    writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
    writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'registrationIntake:\n  - partner: orbit\n    secretEnv: PL_INTAKE_ORBIT\n  - partner: nimbus\n    secretEnv: PL_INTAKE_NIMBUS\n');
    const insert = (object: string, fields: Record<string, unknown>): string => String(org.store.insert(object, fields).id);
    ids.orbit = insert('Partner__c', { Name: 'Orbit Cloud', External_Id__c: 'orbit', Domain__c: 'orbitcloud.io', Status__c: 'Active', Type__c: 'Technology' });
    ids.nimbus = insert('Partner__c', { Name: 'Nimbus', External_Id__c: 'nimbus', Domain__c: 'nimbus.io', Status__c: 'Active' });
    ids.initech = insert('Account', { Name: 'Initech', Website: 'initech.com' });
  });
  afterAll(async () => org.stop());

  it('a bad registration file exits non-zero naming file, line and field; good rows are imported once', async () => {
    writeFileSync(path.join(dir, 'orbit.csv'), 'registration_id,company,domain,contact_email,estimated_amount,expected_close_date\nR-1,Initech Inc,initech.com,bill@initech.com,"$50,000",2027-02-15\nR-2,Vandelay,vandelay.com,art@vandelay,12000,2027-03-01\nR-3,Umbrella,umbrella.com,,lots,\n');
    const first = await partnerlens(dir, 'registrations', 'import', '--partner', 'orbit', '--file', 'orbit.csv');
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(/orbit\.csv line 3, field contact_email: 'art@vandelay' is not an e-mail address/);
    expect(first.stderr).toMatch(/orbit\.csv line 4, field estimated_amount: 'lots' is not an amount/);
    const errorsFile = /Errors file: (\S+)/.exec(first.stderr)?.[1] as string;
    expect(readFileSync(errorsFile, 'utf8')).toMatch(/orbit\.csv:3/);
    expect(statSync(errorsFile).mode & 0o777).toBe(0o600);
    expect(q('SELECT External_Id__c, Status__c, Account__c, Estimated_Amount__c, Expected_Close_Date__c FROM Partner_Registration__c')).toEqual([
      expect.objectContaining({ External_Id__c: 'orbit|R-1', Status__c: 'Submitted', Account__c: ids.initech, Estimated_Amount__c: 50000, Expected_Close_Date__c: '2027-02-15' }),
    ]);
    const again = await partnerlens(dir, 'registrations', 'import', '--partner', 'orbit', '--file', 'orbit.csv', '--json');
    const out = JSON.parse(again.stdout) as { data: { outcomes: { outcome: string }[] } };
    expect(out.data.outcomes.map((o) => o.outcome)).toEqual(['unchanged']);
    expect(q('SELECT Id FROM Partner_Registration__c')).toHaveLength(1);
    writeFileSync(path.join(dir, 'empty.csv'), 'name,website\n');
    const noColumn = await partnerlens(dir, 'registrations', 'import', '--partner', 'orbit', '--file', 'empty.csv');
    expect(noColumn.code).toBe(1);
    expect(noColumn.stderr).toMatch(/empty\.csv.*company/);
  });

  it('approve creates the opportunity and Sourced influence; reject without a reason is refused', async () => {
    const [reg] = q("SELECT Name FROM Partner_Registration__c WHERE External_Id__c = 'orbit|R-1'");
    const approved = await partnerlens(dir, 'registrations', 'approve', '--registration', String(reg?.Name), '--json');
    expect(approved.code).toBe(0);
    const [row] = q("SELECT Status__c, Opportunity__c, Protection_Until__c FROM Partner_Registration__c WHERE External_Id__c = 'orbit|R-1'");
    expect(row?.Status__c).toBe('Approved');
    expect(q(`SELECT Role__c, Partner__c FROM Partner_Influence__c WHERE Opportunity__c = '${String(row?.Opportunity__c)}'`)).toEqual([expect.objectContaining({ Role__c: 'Sourced', Partner__c: ids.orbit })]);
    expect(q(`SELECT Amount, CloseDate FROM Opportunity WHERE Id = '${String(row?.Opportunity__c)}'`)[0]).toMatchObject({ Amount: 50000, CloseDate: '2027-02-15' });
    const noReason = await partnerlens(dir, 'registrations', 'reject', '--registration', 'orbit|R-1');
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/Missing required flag[\s\S]*reason/);
  });

  describe('registrations serve', () => {
    let child: ChildProcess;
    let url: string;
    let log = '';
    beforeAll(async () => {
      child = spawn(process.execPath, [BIN, 'registrations', 'serve', '--port', '0', '--rate', '10'], { cwd: dir, env: { ...process.env, CI: 'true', ...SECRETS } });
      url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          log += d.toString();
          const m = /at (http:\/\/\S+\/registrations)/.exec(log);
          if (m) resolve(m[1] as string);
        });
        child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
        child.once('exit', () => reject(new Error(`serve exited: ${log}`)));
      });
    });
    afterAll(async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    });

    const post = (partner: keyof typeof SECRETS | string, secret: string, key: string | undefined, body: string, opts: { timestamp?: number; contentType?: string } = {}): Promise<Response> => {
      const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = { 'Content-Type': opts.contentType ?? 'application/json', 'X-PartnerLens-Partner': partner, 'X-PartnerLens-Timestamp': String(timestamp), 'X-PartnerLens-Signature': signIntakeRequest(secret, timestamp, body) };
      if (key !== undefined) headers['Idempotency-Key'] = key;
      return fetch(url, { method: 'POST', headers, body });
    };
    const count = (): number => q('SELECT Id FROM Partner_Registration__c').length;

    it('accepts a signed registration (201), answers a replay with the same registration (200) and writes it once', async () => {
      const body = JSON.stringify({ company: 'Hooli', domain: 'hooli.com', contactName: 'Gavin Belson', estimatedAmount: 90000 });
      const first = await post('orbit', SECRETS.PL_INTAKE_ORBIT, 'H-1', body);
      expect(first.status).toBe(201);
      const a = (await first.json()) as { status: string; id: string };
      expect(a.status).toBe('Submitted');
      const replay = await post('orbit', SECRETS.PL_INTAKE_ORBIT, 'H-1', body);
      expect(replay.status).toBe(200);
      expect(((await replay.json()) as { id: string; replay: boolean })).toMatchObject({ id: a.id, replay: true });
      expect(q("SELECT External_Id__c, Estimated_Amount__c FROM Partner_Registration__c WHERE External_Id__c = 'orbit|H-1'")).toEqual([expect.objectContaining({ Estimated_Amount__c: 90000 })]);
    });

    it('refuses bad signatures, stale timestamps, unknown partners, oversized and malformed bodies, writing nothing', async () => {
      const before = count();
      const body = JSON.stringify({ company: 'Massive Dynamic', domain: 'massivedynamic.com' });
      expect((await post('orbit', 'wrong-secret-0123456789', 'M-1', body)).status).toBe(401);
      expect((await post('orbit', SECRETS.PL_INTAKE_NIMBUS, 'M-1', body)).status).toBe(401);
      expect((await post('orbit', SECRETS.PL_INTAKE_ORBIT, 'M-1', body, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
      expect((await post('stranger', SECRETS.PL_INTAKE_ORBIT, 'M-1', body)).status).toBe(401);
      const tampered = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-PartnerLens-Partner': 'orbit', 'X-PartnerLens-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-PartnerLens-Signature': signIntakeRequest(SECRETS.PL_INTAKE_ORBIT, Math.floor(Date.now() / 1000), body), 'Idempotency-Key': 'M-1' }, body: body.replace('Massive', 'Tiny') });
      expect(tampered.status).toBe(401);
      expect((await post('orbit', SECRETS.PL_INTAKE_ORBIT, 'M-1', JSON.stringify({ company: 'x'.repeat(70_000) }))).status).toBe(413);
      const malformed = await post('orbit', SECRETS.PL_INTAKE_ORBIT, 'M-1', '{"company": ');
      expect(malformed.status).toBe(400);
      const noCompany = await post('orbit', SECRETS.PL_INTAKE_ORBIT, 'M-2', JSON.stringify({ domain: 'massivedynamic.com' }));
      expect(noCompany.status).toBe(400);
      expect(await noCompany.json()).toMatchObject({ field: 'company' });
      const noKey = await post('orbit', SECRETS.PL_INTAKE_ORBIT, undefined, body);
      expect(noKey.status).toBe(400);
      expect(await noKey.json()).toMatchObject({ field: 'Idempotency-Key' });
      expect((await fetch(url)).status).toBe(405);
      expect(count()).toBe(before);
      // the server survived all of it
      expect((await post('orbit', SECRETS.PL_INTAKE_ORBIT, 'M-3', body)).status).toBe(201);
    });

    it('two partners posting the same company at once: exactly one is Submitted, the other Rejected and linked to it', async () => {
      const ts = Math.floor(Date.now() / 1000);
      const [a, b] = await Promise.all([
        post('orbit', SECRETS.PL_INTAKE_ORBIT, 'S-1', JSON.stringify({ company: 'Soylent Corp', domain: 'soylent.com' }), { timestamp: ts }),
        post('nimbus', SECRETS.PL_INTAKE_NIMBUS, 'S-1', JSON.stringify({ company: 'Soylent', contactEmail: 'buyer@soylent.com' }), { timestamp: ts }),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      const rows = q("SELECT Id, Status__c, Conflicting_Registration__c FROM Partner_Registration__c WHERE External_Id__c IN ('orbit|S-1', 'nimbus|S-1')");
      expect(rows.map((r) => r.Status__c).sort()).toEqual(['Rejected', 'Submitted']);
      const winner = rows.find((r) => r.Status__c === 'Submitted');
      expect(rows.find((r) => r.Status__c === 'Rejected')?.Conflicting_Registration__c).toBe(winner?.Id);
    });

    it('rate-limits each partner (429 with Retry-After)', async () => {
      let last: Response | undefined;
      for (let i = 0; i < 12 && last?.status !== 429; i++) last = await post('nimbus', SECRETS.PL_INTAKE_NIMBUS, `L-${i}`, JSON.stringify({ company: `Limit ${i}` }));
      expect(last?.status).toBe(429);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  it('serve refuses to start without the partners\' secrets, naming the variable', async () => {
    const out = await partnerlens(dir, 'registrations', 'serve', '--port', '0');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/PL_INTAKE_ORBIT \(orbit\)/);
  });
});
