// What coSellNow and partnerSignals write through lightning/uiRecordApi, the permission sets must let their users
// write: the platform enforces field-level security on LDS writes, so a missing grant is a failed click in the org.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const lwc = path.resolve(__dirname, '../../force-app/main/default/lwc');
const permissionSet = (name: string): string =>
  readFileSync(path.resolve(__dirname, `../../force-app/main/default/permissionsets/${name}.permissionset-meta.xml`), 'utf8');

/** The Partner_Signal__c fields a component imports from @salesforce/schema (all of them are written by its actions). */
function signalFieldsOf(component: string): string[] {
  const js = readFileSync(path.join(lwc, component, `${component}.js`), 'utf8');
  return [...js.matchAll(/@salesforce\/schema\/Partner_Signal__c\.(\w+)/g)].map((m) => m[1] as string).sort();
}

function editable(xml: string, field: string): boolean {
  return new RegExp(`<editable>true</editable>\\s*<field>Partner_Signal__c\\.${field}</field>`).test(xml);
}

function canEditSignals(xml: string): boolean {
  return /<objectPermissions>\s*<allowCreate>\w+<\/allowCreate>\s*<allowDelete>\w+<\/allowDelete>\s*<allowEdit>true<\/allowEdit>\s*<allowRead>true<\/allowRead>\s*<modifyAllRecords>\w+<\/modifyAllRecords>\s*<object>Partner_Signal__c<\/object>/.test(xml);
}

describe('co-sell write access', () => {
  it.each([
    ['coSellNow', 'PartnerLens_Rep', ['Intro_Task_Id__c', 'Status__c']],
    ['partnerSignals', 'PartnerLens_Manager', ['Acknowledged_At__c', 'Acknowledged_By__c', 'Status__c']],
  ])('%s writes only signal fields %s may edit', (component, set, expected) => {
    const fields = signalFieldsOf(component);
    expect(fields).toEqual(expected);
    const xml = permissionSet(set);
    expect(canEditSignals(xml)).toBe(true);
    expect(fields.filter((f) => !editable(xml, f))).toEqual([]);
  });
});
