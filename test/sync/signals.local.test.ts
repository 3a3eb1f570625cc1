// Partner signals through the sync engine on the local org: a crash right after the signal batch is written, then
// the resumed run, leave one signal and one notification; the digest groups one owner's signals into one message,
// and without digest each signal is its own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localConfigSchema } from '../../src/config/localConfig';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { runSync, type SyncOptions } from '../../src/sync/engine';
import { loadPartnerFiles } from '../../src/sync/fromConfig';
import { CheckpointStore } from '../../src/sync/state';

jest.setTimeout(60_000);
let org: LocalOrg;
let dir: string;

const ROWS = ['Initech,initech.com', 'Hooli,hooli.com', 'Vandelay,vandelay.com'];
const file = (populations: string[]): void =>
  writeFileSync(path.join(dir, 'orbit.csv'), ['id,company,website,population', ...ROWS.map((r, i) => `O-${i},${r},${populations[i] ?? 'Prospect'}`)].join('\n'));

function sync(extra: Partial<SyncOptions> = {}): ReturnType<typeof runSync> {
  const config = { ...localConfigSchema.parse({ partnerFiles: [{ partner: 'orbit', file: 'orbit.csv' }] }), baseDir: dir };
  return runSync({
    client: new OrgClient(connectionFor(org.instanceUrl, org.accessToken)),
    store: new CheckpointStore(path.join(dir, 'cp'), 'local'),
    runsDir: path.join(dir, 'runs'),
    loadPartners: () => loadPartnerFiles(config),
    overlapSeconds: 0,
    signals: { kinds: ['Prospect_Became_Customer', 'Partner_Opened_Deal', 'New_Overlap_On_Open_Deal', 'Overlap_Lost_On_Open_Deal'], notify: true },
    signalDelivery: { salesforce: true, digest: true },
    ...extra,
  });
}

beforeEach(async () => {
  org = await startLocalOrg();
  dir = mkdtempSync(path.join(os.tmpdir(), 'pl-signals-'));
  org.store.insert('Partner__c', { Name: 'Orbit Cloud', External_Id__c: 'orbit', Domain__c: 'orbitcloud.io', Status__c: 'Active' });
  for (const r of ROWS) org.store.insert('Account', { Name: r.split(',')[0], Website: r.split(',')[1], Type: 'Prospect' });
  file([]);
  await sync();
});
afterEach(async () => {
  await org.stop();
  rmSync(dir, { recursive: true, force: true });
});

const count = (soql: string): number => org.store.query(soql).totalSize;

it('a crash after the signal batch, then the resumed run: one signal, delivered once', async () => {
  file(['Customer']);
  const batches = (await sync({ dryRun: true })).plan;
  expect(batches.signalsCreate).toBe(1);
  // the plan writes the overlap update, then the signal: crash right after the second batch
  await expect(sync({ crashAfterBatch: 2 })).rejects.toThrow(/crash hook/);
  expect(count('SELECT COUNT() FROM Partner_Signal__c')).toBe(1);
  expect(org.notifications()).toHaveLength(0);
  const resumed = await sync();
  expect(resumed.mode).toBe('Resume');
  expect(resumed.signals).toEqual({ detected: 1, delivered: 1, messages: 1, undelivered: 0 });
  expect(count("SELECT COUNT() FROM Partner_Signal__c WHERE Notification_Status__c = 'Sent'")).toBe(1);
  const again = await sync();
  expect(again.signals?.detected).toBe(0);
  expect(count('SELECT COUNT() FROM Partner_Signal__c')).toBe(1);
  expect(org.notifications()).toHaveLength(1);
});

it('digest: one notification for an owner’s three signals; without digest, one each', async () => {
  file(['Customer', 'Customer', 'Customer']);
  const digest = await sync();
  expect(digest.signals).toEqual({ detected: 3, delivered: 3, messages: 1, undelivered: 0 });
  expect(org.notifications().map((n) => [n.title, n.body.split('\n').length])).toEqual([['3 partner signals on your accounts and deals', 3]]);
  file(['Prospect', 'Prospect', 'Prospect']);
  await sync();
  file(['Customer', 'Customer', 'Prospect']);
  // the same move on the same day is the same signal (its key): it is upserted, not created again
  const single = await sync({ signalDelivery: { salesforce: true, digest: false } });
  expect(single.signals).toEqual({ detected: 2, delivered: 2, messages: 2, undelivered: 0 });
  expect(org.notifications().slice(1).map((n) => n.title)).toEqual(['Partner signal: Orbit Cloud: Initech became its customer (was Prospect)', 'Partner signal: Orbit Cloud: Hooli became its customer (was Prospect)']);
  expect(count('SELECT COUNT() FROM Partner_Signal__c')).toBe(3);
});

it('an org without the notification type: the signal is recorded Failed with why, the run succeeds, and deploying it fixes the next run', async () => {
  const [type] = org.store.query("SELECT Id FROM CustomNotificationType WHERE DeveloperName = 'PartnerLens_Signal'").records;
  org.store.delete('CustomNotificationType', String(type?.Id));
  file(['Customer']);
  const run = await sync();
  expect(run.status).toBe('Succeeded');
  expect(run.warnings.join('\n')).toMatch(/Partner signal SIG-\d{5} not delivered by salesforce: The custom notification type PartnerLens_Signal is not in this org/);
  expect(org.store.query('SELECT Notification_Status__c, Notification_Attempts__c, Notification_Error__c FROM Partner_Signal__c').records[0]).toMatchObject({
    Notification_Status__c: 'Failed', Notification_Attempts__c: 1, Notification_Error__c: 'salesforce: The custom notification type PartnerLens_Signal is not in this org',
  });
  org.store.insert('CustomNotificationType', { DeveloperName: 'PartnerLens_Signal', MasterLabel: 'PartnerLens Signal', CustomNotifTypeName: 'PartnerLens Signal' });
  const next = await sync();
  expect(next.signals).toEqual({ detected: 0, delivered: 1, messages: 1, undelivered: 0 });
  expect(org.notifications()).toHaveLength(1);
});
