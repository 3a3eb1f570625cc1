import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readForceApp } from '../../src/metadata/forceAppModel';
import { PartnerRegistration, Picklists } from '../../src/schema/dataModel';
import { STANDARD_OBJECT_NAMES } from '../../src/schema/standardObjects';

const forceApp = path.resolve(__dirname, '../../force-app');
const main = path.join(forceApp, 'main/default');
const model = readForceApp(forceApp, STANDARD_OBJECT_NAMES);
const read = (rel: string): string => readFileSync(path.join(main, rel), 'utf8');

function permissions(ps: string): { fields: Map<string, { read: boolean; edit: boolean }>; object: Record<string, boolean> | undefined; tab: boolean } {
  const xml = read(`permissionsets/${ps}.permissionset-meta.xml`);
  const fields = new Map<string, { read: boolean; edit: boolean }>();
  for (const m of xml.matchAll(/<fieldPermissions>\s*<editable>(\w+)<\/editable>\s*<field>([^<]+)<\/field>\s*<readable>(\w+)<\/readable>/g)) {
    fields.set(m[2] as string, { edit: m[1] === 'true', read: m[3] === 'true' });
  }
  const block = /<objectPermissions>((?:(?!<\/objectPermissions>)[\s\S])*<object>Partner_Registration__c<\/object>[\s\S]*?)<\/objectPermissions>/.exec(xml)?.[1];
  const object = block === undefined ? undefined : Object.fromEntries([...block.matchAll(/<(allow\w+|modifyAllRecords|viewAllRecords)>(\w+)</g)].map((m) => [m[1] as string, m[2] === 'true']));
  return { fields, object, tab: xml.includes('<tab>Partner_Registration__c</tab>') };
}

describe('Partner_Registration__c metadata', () => {
  const object = model.objects.Partner_Registration__c;
  const registrationFields = Object.values(object?.fields ?? {});

  it('is a valid object with a unique, case-sensitive External_Id__c for upserts', () => {
    expect(model.problems).toEqual([]);
    expect(object?.nameField).toMatchObject({ type: 'AutoNumber', displayFormat: 'DR-{000000}' });
    expect(object?.fields.External_Id__c).toMatchObject({ externalId: true, unique: true, caseSensitive: true });
    expect(object?.fields.Partner__c).toMatchObject({ required: true, referenceTo: 'Partner__c', deleteConstraint: 'Restrict' });
    expect(object?.fields.Conflicting_Registration__c?.referenceTo).toBe('Partner_Registration__c');
    expect(object?.fields.Decided_By__c?.referenceTo).toBe('User');
  });

  it('keeps the status picklist the issue lists, Submitted by default, with field history on status', () => {
    expect(object?.fields.Status__c?.picklist).toEqual({
      restricted: true,
      values: Picklists['Partner_Registration__c.Status__c'].map((v) => ({ value: v, label: v, default: v === 'Submitted' })),
    });
    expect(read('objects/Partner_Registration__c/Partner_Registration__c.object-meta.xml')).toContain('<enableHistory>true</enableHistory>');
    const tracked = registrationFields.filter((f) => /<trackHistory>true<\/trackHistory>/.test(readFileSync(f.file, 'utf8'))).map((f) => f.name);
    expect(tracked).toEqual(['Status__c']);
  });

  it('defaults the protection period to 90 days in the settings record', () => {
    expect(model.objects.Partner_Sync_Setting__c?.fields.Registration_Protection_Days__c).toMatchObject({ type: 'Number', scale: 0, defaultValue: '90' });
  });

  it('lets reps read, managers create and decide (no delete), admins do everything', () => {
    const permissible = registrationFields.filter((f) => !f.required).map((f) => `${PartnerRegistration.apiName}.${f.name}`);
    const rep = permissions('PartnerLens_Rep');
    const manager = permissions('PartnerLens_Manager');
    const admin = permissions('PartnerLens_Admin');
    // a formula field is never editable (Salesforce refuses to deploy a permission set that says it is)
    const formulas = new Set(registrationFields.filter((f) => /<formula>/.test(readFileSync(f.file, 'utf8'))).map((f) => `${PartnerRegistration.apiName}.${f.name}`));
    expect([...formulas]).toEqual(['Partner_Registration__c.Partner_Notice_Due__c']);
    for (const f of permissible) {
      expect([f, rep.fields.get(f)]).toEqual([f, { read: true, edit: false }]);
      expect([f, manager.fields.get(f)]).toEqual([f, { read: true, edit: f !== 'Partner_Registration__c.External_Id__c' && !formulas.has(f) }]);
      expect([f, admin.fields.get(f)]).toEqual([f, { read: true, edit: !formulas.has(f) }]);
    }
    expect(rep.object).toMatchObject({ allowRead: true, allowCreate: false, allowEdit: false, allowDelete: false });
    expect(manager.object).toMatchObject({ allowRead: true, allowCreate: true, allowEdit: true, allowDelete: false, viewAllRecords: true });
    expect(admin.object).toMatchObject({ allowRead: true, allowCreate: true, allowEdit: true, allowDelete: true, modifyAllRecords: true });
    expect([rep.tab, manager.tab, admin.tab]).toEqual([true, true, true]);
    expect(read('applications/PartnerLens.app-meta.xml')).toContain('<tabs>Partner_Registration__c</tabs>');
  });

  it('has a queue list view of registrations awaiting a decision', () => {
    const xml = read('objects/Partner_Registration__c/listViews/Awaiting_Decision.listView-meta.xml');
    expect(xml).toMatch(/<field>Status__c<\/field>\s*<operation>equals<\/operation>\s*<value>Submitted,Under review<\/value>/);
  });
});
