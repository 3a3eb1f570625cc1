import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { readForceApp } from '../../src/metadata/forceAppModel';
import { PartnerSignal, Picklists, SIGNAL_NOTIFICATION_TYPE } from '../../src/schema/dataModel';
import { STANDARD_OBJECT_NAMES } from '../../src/schema/standardObjects';

const forceApp = path.resolve(__dirname, '../../force-app');
const main = path.join(forceApp, 'main/default');
const model = readForceApp(forceApp, STANDARD_OBJECT_NAMES);
const read = (rel: string): string => readFileSync(path.join(main, rel), 'utf8');

function permissions(ps: string): { fields: Map<string, { read: boolean; edit: boolean }>; object: Record<string, boolean> | undefined } {
  const xml = read(`permissionsets/${ps}.permissionset-meta.xml`);
  const fields = new Map<string, { read: boolean; edit: boolean }>();
  for (const m of xml.matchAll(/<fieldPermissions>\s*<editable>(\w+)<\/editable>\s*<field>([^<]+)<\/field>\s*<readable>(\w+)<\/readable>/g)) {
    fields.set(m[2] as string, { edit: m[1] === 'true', read: m[3] === 'true' });
  }
  const block = /<objectPermissions>((?:(?!<\/objectPermissions>)[\s\S])*<object>Partner_Signal__c<\/object>[\s\S]*?)<\/objectPermissions>/.exec(xml)?.[1];
  const object = block === undefined ? undefined : Object.fromEntries([...block.matchAll(/<(allow\w+|modifyAllRecords|viewAllRecords)>(\w+)</g)].map((m) => [m[1] as string, m[2] === 'true']));
  return { fields, object };
}

describe('Partner_Signal__c metadata', () => {
  const object = model.objects.Partner_Signal__c;
  const signalFields = Object.values(object?.fields ?? {});

  it('is a valid object, SIG-numbered, with the lookups and the idempotency key the sync upserts by', () => {
    expect(model.problems).toEqual([]);
    expect(object?.nameField).toMatchObject({ type: 'AutoNumber', displayFormat: 'SIG-{00000}' });
    expect(object?.fields.External_Id__c).toMatchObject({ externalId: true, unique: true, caseSensitive: true, length: 255 });
    expect(object?.fields.Partner__c).toMatchObject({ required: true, referenceTo: 'Partner__c' });
    const lookups = Object.fromEntries(signalFields.filter((f) => f.referenceTo).map((f) => [f.name, f.referenceTo]));
    expect(lookups).toEqual({
      Account__c: 'Account', Acknowledged_By__c: 'User', Lead__c: 'Lead', Opportunity__c: 'Opportunity', Overlap__c: 'Partner_Overlap__c', Partner__c: 'Partner__c',
    });
    expect(object?.fields.Notification_Attempts__c).toMatchObject({ type: 'Number', precision: 3, scale: 0 });
    expect([object?.fields.From_Population__c?.length, object?.fields.Intro_Task_Id__c?.length, object?.fields.Notification_Error__c?.length]).toEqual([80, 18, 255]);
  });

  it('restricts kind and status to the issue lists, New by default', () => {
    expect(object?.fields.Kind__c?.picklist).toMatchObject({ restricted: true });
    expect(object?.fields.Kind__c?.picklist?.values.map((v) => [v.value, v.label])).toEqual([
      ['Partner_Opened_Deal', 'Partner opened a deal'],
      ['Prospect_Became_Customer', 'Prospect became customer'],
      ['New_Overlap_On_Open_Deal', 'New overlap on an open deal'],
      ['Overlap_Lost_On_Open_Deal', 'Overlap lost on an open deal'],
    ]);
    expect(object?.fields.Status__c?.picklist?.restricted).toBe(true);
    expect(object?.fields.Status__c?.picklist?.values.filter((v) => v.default).map((v) => v.value)).toEqual(['New']);
    expect(object?.fields.Status__c?.picklist?.values.map((v) => v.value)).toEqual([...Picklists['Partner_Signal__c.Status__c']]);
  });

  it('lets reps and managers act on a signal (status, who, when, intro task) but not rewrite what was detected', () => {
    const acting = new Set(['Status__c', 'Acknowledged_By__c', 'Acknowledged_At__c', 'Intro_Task_Id__c'].map((f) => `${PartnerSignal.apiName}.${f}`));
    const permissible = signalFields.filter((f) => !f.required).map((f) => `${PartnerSignal.apiName}.${f.name}`);
    for (const ps of ['PartnerLens_Rep', 'PartnerLens_Manager']) {
      const p = permissions(ps);
      for (const f of permissible) expect([ps, f, p.fields.get(f)]).toEqual([ps, f, { read: true, edit: acting.has(f) }]);
      expect(p.object).toMatchObject({ allowRead: true, allowEdit: true, allowCreate: false, allowDelete: false });
    }
    const admin = permissions('PartnerLens_Admin');
    for (const f of permissible) expect([f, admin.fields.get(f)]).toEqual([f, { read: true, edit: true }]);
    expect(admin.object).toMatchObject({ allowRead: true, allowCreate: true, allowEdit: true, allowDelete: true, modifyAllRecords: true });
  });

  it('has a tab every permission set shows, in the PartnerLens app, and a layout that keeps what was detected read-only', () => {
    for (const ps of ['PartnerLens_Rep', 'PartnerLens_Manager', 'PartnerLens_Admin']) expect([ps, read(`permissionsets/${ps}.permissionset-meta.xml`)]).toEqual([ps, expect.stringContaining('<tab>Partner_Signal__c</tab>')]);
    expect(read('applications/PartnerLens.app-meta.xml')).toContain('<tabs>Partner_Signal__c</tabs>');
    const layout = read('layouts/Partner_Signal__c-Partner Signal Layout.layout-meta.xml');
    const behavior = Object.fromEntries([...layout.matchAll(/<behavior>(\w+)<\/behavior>\s*<field>(\w+)<\/field>/g)].map((m) => [m[2], m[1]]));
    expect(Object.keys(behavior).sort()).toEqual(['Name', ...signalFields.map((f) => f.name)].sort());
    expect(Object.entries(behavior).filter(([, b]) => b === 'Edit').map(([f]) => f).sort()).toEqual(['Acknowledged_At__c', 'Acknowledged_By__c', 'Intro_Task_Id__c', 'Status__c']);
  });

  it('ships the custom notification type signals are delivered with, and it converts for deploy', async () => {
    const xml = read(`notificationtypes/${SIGNAL_NOTIFICATION_TYPE}.notiftype-meta.xml`);
    expect(xml).toMatch(/<customNotifTypeName>PartnerLens Signal<\/customNotifTypeName>/);
    expect(xml).toMatch(/<desktop>true<\/desktop>[\s\S]*<mobile>true<\/mobile>/);
    const out = mkdtempSync(path.join(os.tmpdir(), 'pl-notif-'));
    try {
      const set = ComponentSet.fromSource(forceApp);
      expect(set.toArray().filter((c) => c.type.name === 'CustomNotificationType').map((c) => c.fullName)).toEqual([SIGNAL_NOTIFICATION_TYPE]);
      await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: out, genUniqueDir: false });
      expect(readFileSync(path.join(out, 'package.xml'), 'utf8')).toMatch(/<members>PartnerLens_Signal<\/members>\s*<name>CustomNotificationType<\/name>/);
      expect(readFileSync(path.join(out, 'notificationtypes', `${SIGNAL_NOTIFICATION_TYPE}.notiftype`), 'utf8')).toContain('<masterLabel>PartnerLens Signal</masterLabel>');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
