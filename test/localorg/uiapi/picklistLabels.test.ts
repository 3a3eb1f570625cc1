// A force-app picklist's displayValue is its value's label, as on the platform (describe's picklistValues carry
// the labels of the metadata): what the partnerSignals list shows for Kind__c and Status__c.
import path from 'node:path';
import { createStore } from '../../../src/localorg/index';
import { buildSchema } from '../../../src/localorg/schema';
import { describeSObject } from '../../../src/localorg/describe';
import { Engine } from '../../../src/localorg/store';
import { handleUiApi } from '../../../src/localorg/uiapi/index';

const schema = buildSchema(path.join(__dirname, '../../../force-app'));

test('displayValue and describe give the label of a force-app picklist value', async () => {
  const engine = new Engine(schema, ':memory:', () => new Date('2026-12-07T12:00:00Z'), 'admin@example.com');
  try {
    const store = createStore(engine);
    const partner = engine.insertRecord('Partner__c', { Name: 'Globex', Domain__c: 'globex.example', Status__c: 'Active' });
    const signal = engine.insertRecord('Partner_Signal__c', { Partner__c: partner, Kind__c: 'Prospect_Became_Customer', Status__c: 'Intro_Requested', External_Id__c: 's1' });
    const res = await handleUiApi(
      { method: 'GET', path: `/ui-api/records/${signal}`, query: new URLSearchParams({ fields: 'Partner_Signal__c.Kind__c,Partner_Signal__c.Status__c' }), body: undefined },
      store,
    );
    const fields = (res.body as { fields: Record<string, { value: unknown; displayValue: unknown }> }).fields;
    expect(fields.Kind__c).toEqual({ value: 'Prospect_Became_Customer', displayValue: 'Prospect became customer' });
    const kind = (describeSObject(schema.get('Partner_Signal__c')!, '66.0').fields as unknown as { name: string; picklistValues: { value: string; label: string }[] }[]).find((f) => f.name === 'Kind__c');
    expect(kind?.picklistValues.find((p) => p.value === 'Partner_Opened_Deal')?.label).toBe('Partner opened a deal');
    // a standard picklist keeps its value as the label
    const stage = (describeSObject(schema.get('Opportunity')!, '66.0').fields as unknown as { name: string; picklistValues: { value: string; label: string }[] }[]).find((f) => f.name === 'StageName');
    expect(stage?.picklistValues[0]).toMatchObject({ value: 'Prospecting', label: 'Prospecting' });
  } finally {
    engine.close();
  }
});
