// Decision notices end to end: the compiled CLI (run `npm run build` first) against a local org, and the
// partner's system as a real HTTP server that checks every signature the way a partner would. The end state
// (Partner_Notified_Status__c, Partner_Notice_Due__c) is read back from the org by SOQL.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { signatureMatches } from '../../src/registrations/signature';
import { runPartnerlens, type Outcome } from './runCli';

const SECRET = 'orbit-secret-0123456789abcdef';


const partnerlens = (cwd: string, ...args: string[]): Promise<Outcome> => runPartnerlens(cwd, args, { PL_INTAKE_ORBIT: SECRET });

interface Received {
  body: Record<string, unknown>;
  idempotencyKey: string;
  signed: boolean;
}

/** The partner's decision receiver: verifies each signature; `answer` decides the status code it replies. */
class PartnerReceiver {
  public received: Received[] = [];
  public answer: (n: number) => number = () => 204;
  public redirectTo: string | undefined;
  private server!: Server;
  public url = '';

  public async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const signed = signatureMatches(SECRET, String(req.headers['x-partnerlens-timestamp']), body, String(req.headers['x-partnerlens-signature']));
        this.received.push({ body: JSON.parse(body) as Record<string, unknown>, idempotencyKey: String(req.headers['idempotency-key']), signed });
        if (this.redirectTo !== undefined) res.writeHead(307, { Location: this.redirectTo }).end();
        else res.writeHead(this.answer(this.received.length)).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/decisions`;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('decision notices to the partner (e2e)', () => {
  jest.setTimeout(120_000);
  let org: LocalOrg;
  let dir: string;
  const partner = new PartnerReceiver();
  const q = (soql: string): Record<string, unknown>[] => org.store.query(soql).records as Record<string, unknown>[];
  const reg = (key: string): Record<string, unknown> =>
    q(`SELECT Name, Status__c, Partner_Notified_Status__c, Partner_Notified_At__c, Partner_Notice_Due__c FROM Partner_Registration__c WHERE External_Id__c = 'orbit|${key}'`)[0] ?? {};

  beforeAll(async () => {
    org = await startLocalOrg();
    await partner.start();
    dir = mkdtempSync(path.join(tmpdir(), 'plnotice-'));
    mkdirSync(path.join(dir, '.partnerlens'));
    writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
    writeFileSync(path.join(dir, 'partnerlens.config.yaml'), `registrationIntake:\n  - partner: orbit\n    secretEnv: PL_INTAKE_ORBIT\n    decisionUrl: ${partner.url}\n`);
    org.store.insert('Partner__c', { Name: 'Orbit Cloud', External_Id__c: 'orbit', Domain__c: 'orbitcloud.io', Status__c: 'Active' });
    // a partner without a decision URL hears nothing
    org.store.insert('Partner__c', { Name: 'Nimbus', External_Id__c: 'nimbus', Domain__c: 'nimbus.io', Status__c: 'Active' });
    org.store.insert('Account', { Name: 'Initech', Website: 'initech.com' });
    writeFileSync(path.join(dir, 'orbit.csv'), 'registration_id,company,domain\nR-1,Initech Inc,initech.com\nR-2,Vandelay Industries,vandelay.com\nR-3,Hooli,hooli.com\n');
    writeFileSync(path.join(dir, 'nimbus.csv'), 'registration_id,company,domain\nN-1,Globex,globex.com\n');
    expect((await partnerlens(dir, 'registrations', 'import', '--partner', 'orbit', '--file', 'orbit.csv')).code).toBe(0);
    expect((await partnerlens(dir, 'registrations', 'import', '--partner', 'nimbus', '--file', 'nimbus.csv')).code).toBe(0);
  });
  afterAll(async () => {
    await partner.stop();
    await org.stop();
  });

  it('notify sends each new registration once, signed, with the partner’s own id; running it again sends nothing', async () => {
    expect(reg('R-1')).toMatchObject({ Status__c: 'Submitted', Partner_Notice_Due__c: true, Partner_Notified_Status__c: null });
    const first = await partnerlens(dir, 'registrations', 'notify', '--json');
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as { result: { sent: unknown[] } }).result.sent).toHaveLength(3);
    expect(partner.received.map((r) => [r.body.registrationId, r.body.status, r.idempotencyKey, r.signed])).toEqual([
      ['R-1', 'Submitted', 'R-1:Submitted', true],
      ['R-2', 'Submitted', 'R-2:Submitted', true],
      ['R-3', 'Submitted', 'R-3:Submitted', true],
    ]);
    // only the partner's registration and our decision: no org ids, no other partner's data
    expect(Object.keys(partner.received[0]?.body ?? {}).sort()).toEqual(['company', 'conflict', 'decidedAt', 'protectionUntil', 'reason', 'reference', 'registrationId', 'status']);
    expect(reg('R-1')).toMatchObject({ Partner_Notified_Status__c: 'Submitted', Partner_Notice_Due__c: false, Partner_Notified_At__c: expect.any(String) });
    const again = await partnerlens(dir, 'registrations', 'notify');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Decision notices: 0 sent, 0 not delivered/);
    expect(partner.received).toHaveLength(3);
  });

  it('approve tells the partner at once, with the protection date', async () => {
    const approved = await partnerlens(dir, 'registrations', 'approve', '--registration', String(reg('R-1').Name));
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/Told orbit: DR-\d+ is Approved/);
    const last = partner.received.at(-1) as Received;
    expect(last).toMatchObject({ idempotencyKey: 'R-1:Approved', signed: true, body: { registrationId: 'R-1', status: 'Approved', protectionUntil: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) } });
    expect(reg('R-1')).toMatchObject({ Status__c: 'Approved', Partner_Notified_Status__c: 'Approved', Partner_Notice_Due__c: false });
  });

  it('a partner that is down gets the rejection retried, reported, and sent by the next notify', async () => {
    const before = partner.received.length;
    partner.answer = () => 503;
    const rejected = await partnerlens(dir, 'registrations', 'reject', '--registration', String(reg('R-2').Name), '--reason', 'Already a customer');
    // the decision stands; only the notice is late
    expect(rejected.code).toBe(0);
    expect(rejected.stderr).toMatch(/Decision notice for DR-\d+ not delivered: .*answered 503.*registrations notify/s);
    expect(partner.received.length - before).toBe(4); // retried, same key each time
    expect(new Set(partner.received.slice(before).map((r) => r.idempotencyKey))).toEqual(new Set(['R-2:Rejected']));
    expect(reg('R-2')).toMatchObject({ Status__c: 'Rejected', Partner_Notified_Status__c: 'Submitted', Partner_Notice_Due__c: true });
    const stillDown = await partnerlens(dir, 'registrations', 'notify');
    expect(stillDown.code).toBe(3);
    partner.answer = () => 200;
    const back = await partnerlens(dir, 'registrations', 'notify');
    expect(back.code).toBe(0);
    expect(partner.received.at(-1)?.body).toMatchObject({ registrationId: 'R-2', status: 'Rejected', reason: 'Already a customer' });
    expect(reg('R-2')).toMatchObject({ Partner_Notified_Status__c: 'Rejected', Partner_Notice_Due__c: false });
  });

  it('a redirect is not followed (the signed body goes only where the config says)', async () => {
    org.store.update('Partner_Registration__c', String(q("SELECT Id FROM Partner_Registration__c WHERE External_Id__c = 'orbit|R-3'")[0]?.Id), { Status__c: 'Under review' });
    const before = partner.received.length;
    partner.redirectTo = 'http://127.0.0.1:9/elsewhere';
    const redirected = await partnerlens(dir, 'registrations', 'notify');
    partner.redirectTo = undefined;
    expect(redirected.code).toBe(3);
    expect(redirected.stderr).toMatch(/answered 307 \(redirects are not followed/);
    expect(partner.received.length - before).toBe(1);
    expect(reg('R-3')).toMatchObject({ Partner_Notice_Due__c: true });
  });

  it('the sync sends what a manager decided in the component, and none for a partner without a decision URL', async () => {
    // a component decision is a plain record update
    org.store.update('Partner_Registration__c', String(q("SELECT Id FROM Partner_Registration__c WHERE External_Id__c = 'orbit|R-3'")[0]?.Id), { Status__c: 'Rejected', Decision_Reason__c: 'Not a fit' });
    org.store.update('Partner_Registration__c', String(q("SELECT Id FROM Partner_Registration__c WHERE External_Id__c = 'nimbus|N-1'")[0]?.Id), { Status__c: 'Rejected', Decision_Reason__c: 'Duplicate' });
    const before = partner.received.length;
    const synced = await partnerlens(dir, 'sync');
    expect(synced.stderr + synced.stdout).toMatch(/1 decision notice\(s\) sent/);
    expect(partner.received.slice(before).map((r) => [r.body.registrationId, r.body.status, r.body.reason])).toEqual([['R-3', 'Rejected', 'Not a fit']]);
    expect(reg('R-3')).toMatchObject({ Partner_Notified_Status__c: 'Rejected', Partner_Notice_Due__c: false });
    // Nimbus has no decisionUrl: its registration is never sent anywhere
    expect(partner.received.some((r) => r.body.registrationId === 'N-1')).toBe(false);
    const idle = await partnerlens(dir, 'sync');
    expect(idle.stderr + idle.stdout).not.toMatch(/decision notice/);
    expect(partner.received.length - before).toBe(1);
  });

  it('refuses a decision URL that would send decisions in the clear off this machine', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'plnotice-bad-'));
    mkdirSync(path.join(other, '.partnerlens'));
    writeFileSync(path.join(other, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
    writeFileSync(path.join(other, 'partnerlens.config.yaml'), 'registrationIntake:\n  - partner: orbit\n    secretEnv: PL_INTAKE_ORBIT\n    decisionUrl: http://prm.orbit.example/decisions\n');
    const refused = await partnerlens(other, 'registrations', 'notify');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/partnerlens\.config\.yaml line 4, key "registrationIntake\.0\.decisionUrl": use https:\/\//);
  });
});
