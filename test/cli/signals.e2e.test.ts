// Partner signals end to end: the compiled CLI (run `npm run build` first) syncs a partner file into a local org,
// the partner's next file moves one row from Prospect to Customer, and the signal, its custom notification and its
// Slack digest (a loopback receiver standing in for Slack) are read back: the signal by SOQL, the notification from
// what the org's customNotificationAction recorded.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { runPartnerlens, type Outcome } from './runCli';

const HOOK_ENV = 'PL_TEST_SLACK_HOOK';

/** Slack's incoming webhook as a test sees it: every body it got; `answer` picks the status of the n-th call. */
class SlackReceiver {
  public received: { blocks: { type: string; text?: { text: string } }[]; text: string }[] = [];
  public answer: (n: number) => number = () => 200;
  private server!: Server;
  public url = '';

  public async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        this.received.push(JSON.parse(body) as SlackReceiver['received'][number]);
        const status = this.answer(this.received.length);
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'ok' : 'service_unavailable');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/T000/B000/secret-part`;
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('partner signals (e2e)', () => {
  jest.setTimeout(180_000);
  let org: LocalOrg;
  let dir: string;
  let initech: string;
  let initechDeal: string;
  const slack = new SlackReceiver();
  const partnerlens = (...args: string[]): Promise<Outcome> => runPartnerlens(dir, args, { [HOOK_ENV]: slack.url });
  const q = (soql: string): Record<string, unknown>[] => org.store.query(soql).records;
  const signals = (): Record<string, unknown>[] =>
    q('SELECT Name, Kind__c, Account__c, Opportunity__c, Overlap__c, From_Population__c, To_Population__c, Status__c, Notification_Status__c, Notification_Attempts__c, Notification_Error__c, Notified_At__c FROM Partner_Signal__c ORDER BY Name');
  const partnerFile = (initechPopulation: string, hooliPopulation = 'Prospect'): void =>
    writeFileSync(path.join(dir, 'orbit.csv'), `id,company,website,population\nO-1,Initech,initech.com,${initechPopulation}\nO-2,Hooli,hooli.com,${hooliPopulation}\nO-3,Vandelay,vandelay.com,Customer\n`);

  beforeAll(async () => {
    org = await startLocalOrg();
    await slack.start();
    dir = mkdtempSync(path.join(tmpdir(), 'plsignals-'));
    mkdirSync(path.join(dir, '.partnerlens'));
    writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
    writeFileSync(path.join(dir, 'partnerlens.config.yaml'), `partnerFiles:\n  - partner: orbit\n    file: orbit.csv\nsignals:\n  notify:\n    slackWebhookEnv: ${HOOK_ENV}\n`);
    org.store.insert('Partner__c', { Name: 'Orbit Cloud', External_Id__c: 'orbit', Domain__c: 'orbitcloud.io', Status__c: 'Active' });
    initech = org.store.insert('Account', { Name: 'Initech', Website: 'initech.com', Type: 'Prospect' }).id as string;
    initechDeal = org.store.insert('Opportunity', { Name: 'Initech renewal', AccountId: initech, StageName: 'Prospecting', CloseDate: '2027-03-31', Amount: 50_000 }).id as string;
    org.store.insert('Account', { Name: 'Hooli', Website: 'hooli.com', Type: 'Prospect' });
    org.store.insert('Account', { Name: 'Vandelay', Website: 'vandelay.com', Type: 'Customer' });
    partnerFile('Prospect');
    // the first sync with a partner is the baseline: its overlaps are not news
    const first = await partnerlens('sync', '--json');
    expect(first.code).toBe(0);
    expect((JSON.parse(first.stdout) as { result: { signals: unknown } }).result.signals).toEqual({ detected: 0, delivered: 0, messages: 0, undelivered: 0 });
    expect(org.store.query('SELECT COUNT() FROM Partner_Overlap__c WHERE Active__c = true').totalSize).toBe(3);
    expect(org.store.query('SELECT COUNT() FROM Partner_Signal__c').totalSize).toBe(0);
  });
  afterAll(async () => {
    await slack.stop();
    await org.stop();
  });

  it('a row moving from Prospect to Customer is one signal on the right account, one notification to its deal owner and one Slack digest', async () => {
    partnerFile('Customer');
    const second = await partnerlens('sync');
    expect(second.code).toBe(0);
    expect(second.stderr + second.stdout).toMatch(/Partner signals: 1 detected, 1 delivered in 2 message\(s\)/);
    const [signal, ...others] = signals();
    expect(others).toEqual([]);
    const overlap = q(`SELECT Id FROM Partner_Overlap__c WHERE Account__c = '${initech}'`)[0];
    expect(signal).toMatchObject({
      Name: expect.stringMatching(/^SIG-\d{5}$/), Kind__c: 'Prospect_Became_Customer', Account__c: initech, Opportunity__c: initechDeal, Overlap__c: overlap?.Id,
      From_Population__c: 'Prospect', To_Population__c: 'Customer', Status__c: 'New', Notification_Status__c: 'Sent', Notification_Attempts__c: 2, Notification_Error__c: null, Notified_At__c: expect.any(String),
    });
    const [type] = q("SELECT Id FROM CustomNotificationType WHERE DeveloperName = 'PartnerLens_Signal'");
    const [owner] = q(`SELECT OwnerId FROM Opportunity WHERE Id = '${initechDeal}'`);
    const id = String(q('SELECT Id FROM Partner_Signal__c')[0]?.Id);
    expect(org.notifications()).toEqual([
      { customNotifTypeId: type?.Id, recipientIds: [owner?.OwnerId], title: 'Partner signal: Orbit Cloud: Initech became its customer (was Prospect)', body: 'Orbit Cloud: Initech became its customer (was Prospect)', targetId: id, sentAt: expect.any(String) },
    ]);
    expect(slack.received).toHaveLength(1);
    const blocks = slack.received[0]?.blocks ?? [];
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Partner signals (1)' } });
    expect(blocks.map((b) => b.text?.text).join('\n')).toContain(`<${org.instanceUrl}/lightning/r/Partner_Signal__c/${id}/view|${String(signal?.Name)}> Orbit Cloud: Initech became its customer (was Prospect)`);
  });

  it('a second identical sync records no signal and sends nothing', async () => {
    const again = await partnerlens('sync', '--json');
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { result: { signals: unknown } }).result.signals).toEqual({ detected: 0, delivered: 0, messages: 0, undelivered: 0 });
    expect(signals()).toHaveLength(1);
    expect(org.notifications()).toHaveLength(1);
    expect(slack.received).toHaveLength(1);
  });

  it('a failing webhook is retried, recorded on the signal, never fails the sync, and the next sync sends Slack only', async () => {
    slack.answer = () => 503;
    const before = slack.received.length;
    partnerFile('Customer', 'Customer');
    const down = await partnerlens('sync');
    expect(down.code).toBe(0);
    expect(slack.received.length - before).toBe(4);
    expect(down.stderr + down.stdout).toMatch(/Partner signal SIG-\d{5} not delivered by slack: the Slack webhook answered 503: service_unavailable/);
    // the webhook URL is a secret: no output names it
    expect(down.stderr + down.stdout).not.toContain('secret-part');
    const hooli = signals().find((s) => s.Kind__c === 'Prospect_Became_Customer' && s.Account__c !== initech);
    expect(hooli).toMatchObject({ Notification_Status__c: 'Failed', Notification_Attempts__c: 5, Notification_Error__c: 'slack: the Slack webhook answered 503: service_unavailable' });
    expect(org.notifications()).toHaveLength(2);

    slack.answer = () => 200;
    const back = await partnerlens('sync');
    expect(back.code).toBe(0);
    expect(slack.received.length - before).toBe(5);
    // the owner heard of it in Salesforce already: no second notification
    expect(org.notifications()).toHaveLength(2);
    expect(signals().find((s) => s.Account__c !== initech)).toMatchObject({ Notification_Status__c: 'Sent', Notification_Attempts__c: 6, Notification_Error__c: null });
  });

  it('signals list shows them newest first; signals ack records who acknowledged; an unknown signal is refused by name', async () => {
    const listed = await partnerlens('signals', 'list', '--status', 'New', '--partner', 'orbit', '--json');
    expect(listed.code).toBe(0);
    const list = (JSON.parse(listed.stdout) as { result: { signals: { name: string; kind: string; company: string; from: string; to: string; status: string }[]; byStatus: unknown } }).result;
    expect(list.signals.map((s) => [s.kind, s.company, s.from, s.to, s.status])).toEqual([
      ['Prospect_Became_Customer', 'Hooli', 'Prospect', 'Customer', 'New'],
      ['Prospect_Became_Customer', 'Initech', 'Prospect', 'Customer', 'New'],
    ]);
    expect(list.byStatus).toEqual({ New: 2 });
    const text = await partnerlens('signals', 'list');
    expect(text.stdout).toMatch(/SIG-\d{5}.*Prospect_Became_Customer.*Orbit Cloud.*Initech.*Prospect → Customer/);

    const initechSignal = list.signals[1]?.name as string;
    const acked = await partnerlens('signals', 'ack', '--signal', initechSignal, '--json');
    expect(acked.code).toBe(0);
    const [user] = q(`SELECT Id, Name FROM User WHERE Username = '${org.username}'`);
    expect(q(`SELECT Status__c, Acknowledged_By__c, Acknowledged_At__c FROM Partner_Signal__c WHERE Name = '${initechSignal}'`)[0]).toMatchObject({ Status__c: 'Acknowledged', Acknowledged_By__c: user?.Id, Acknowledged_At__c: expect.any(String) });
    const dismissed = await partnerlens('signals', 'ack', '--signal', String(list.signals[0]?.name), '--dismiss');
    expect(dismissed.stdout).toMatch(/1 signal\(s\) Dismissed by /);
    expect((await partnerlens('signals', 'list', '--status', 'New', '--json')).stdout).toContain('"signals": []');

    const unknown = await partnerlens('signals', 'ack', '--signal', 'SIG-99999');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No partner signal SIG-99999 in this org/);
  });

  it('report counts the signals acted on and the win rate of their deals', async () => {
    // Initech's signal was acknowledged and its deal is won; Hooli's was dismissed and has no deal
    org.store.update('Opportunity', initechDeal, { StageName: 'Closed Won' });
    const report = await partnerlens('report', '--json');
    expect(report.code).toBe(0);
    const { signals: figures } = (JSON.parse(report.stdout) as { result: { signals: { overall: unknown; partners: { partnerName: string }[] } } }).result;
    expect(figures.overall).toEqual({
      total: 2, acknowledged: 1, introRequested: 0, dismissed: 1, actedOn: 1, actedOnDeals: { closed: 1, won: 1, winRate: 1 }, otherDeals: { closed: 0, won: 0, winRate: null },
    });
    expect(figures.partners.map((p) => p.partnerName)).toEqual(['Orbit Cloud']);
    expect((await partnerlens('report')).stdout).toMatch(/Partner signals \(detected in the period\)[\s\S]*Orbit Cloud\s+2\s+1 \(1 acknowledged, 0 intro\)\s+100(\.0)?% \(1\/1\)\s+-/);
  });
});
