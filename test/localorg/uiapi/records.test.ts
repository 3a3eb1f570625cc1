import path from 'node:path';
import { createStore, type OrgStore } from '../../../src/localorg/index';
import { buildSchema } from '../../../src/localorg/schema';
import { Engine } from '../../../src/localorg/store';
import { handleUiApi, type UiApiResponse } from '../../../src/localorg/uiapi/index';

interface UiRecordBody {
  apiName: string;
  id: string;
  fields: Record<string, { value: unknown; displayValue: unknown }>;
}

const schema = buildSchema(path.join(__dirname, '../../../force-app'));
let engine: Engine;
let store: OrgStore;
let opp: string;
let partner: string;

const call = (method: string, resource: string, body?: unknown): Promise<UiApiResponse> => {
  const url = new URL(resource, 'http://org');
  return handleUiApi({ method, path: url.pathname, query: url.searchParams, body }, store);
};

beforeEach(() => {
  engine = new Engine(schema, ':memory:', () => new Date('2026-03-01T12:00:00Z'), 'admin@example.com');
  store = createStore(engine);
  const acme = engine.insertRecord('Account', { Name: 'Acme' });
  opp = engine.insertRecord('Opportunity', { Name: 'Acme deal', StageName: 'Prospecting', CloseDate: '2026-06-30', AccountId: acme });
  partner = engine.insertRecord('Partner__c', { Name: 'Northwind', Domain__c: 'northwind.com', Status__c: 'Active' });
});

afterEach(() => engine.close());

test('getRecord reads the requested fields, a parent through its relationship, and skips unknown optional fields', async () => {
  const res = await call('GET', `/ui-api/records/${opp}?fields=Opportunity.Name,Opportunity.Account.Name,Opportunity.CloseDate&optionalFields=Opportunity.Nope__c`);
  expect(res.status).toBe(200);
  const record = res.body as UiRecordBody;
  expect(record).toMatchObject({ apiName: 'Opportunity', id: opp });
  expect(record.fields.Name).toEqual({ value: 'Acme deal', displayValue: null });
  expect(record.fields.CloseDate).toEqual({ value: '2026-06-30', displayValue: '6/30/2026' });
  expect(record.fields.Account).toMatchObject({ displayValue: 'Acme', value: { apiName: 'Account', fields: { Name: { value: 'Acme' } } } });
  expect(Object.keys(record.fields).sort()).toEqual(['Account', 'CloseDate', 'Name']);

  const bad = await call('GET', `/ui-api/records/${opp}?fields=Opportunity.Nope__c`);
  expect(bad.status).toBe(400);
  expect(bad.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
});

test('createRecord writes through the org and answers the new record; updateRecord and deleteRecord follow', async () => {
  const created = await call('POST', '/ui-api/records', {
    apiName: 'Partner_Influence__c',
    fields: { Opportunity__c: opp, Partner__c: partner, Role__c: 'Sourced', Attribution_Percent__c: 30, Origin__c: 'Manual' },
  });
  expect(created.status).toBe(201);
  const id = (created.body as UiRecordBody).id;
  expect(store.query(`SELECT Attribution_Percent__c, Role__c FROM Partner_Influence__c WHERE Id = '${id}'`).records[0]).toMatchObject({ Attribution_Percent__c: 30, Role__c: 'Sourced' });

  const updated = await call('PATCH', `/ui-api/records/${id}`, { fields: { Attribution_Percent__c: 45 } });
  expect(updated.status).toBe(200);
  expect((updated.body as UiRecordBody).fields.Attribution_Percent__c).toEqual({ value: 45, displayValue: '45.00%' });

  expect((await call('DELETE', `/ui-api/records/${id}`)).status).toBe(204);
  const gone = await call('GET', `/ui-api/records/${id}?fields=Partner_Influence__c.Role__c`);
  expect(gone.status).toBe(404);
  expect(gone.body).toEqual([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
});

test('a validation failure answers output.fieldErrors keyed by field, for the form to show beside the input', async () => {
  engine.deleteRecord('Partner__c', partner);
  const res = await call('POST', '/ui-api/records', {
    apiName: 'Partner_Influence__c',
    fields: { Opportunity__c: opp, Partner__c: partner, Role__c: 'Sourced', Attribution_Percent__c: 30 },
  });
  expect(res.status).toBe(400);
  expect(res.body).toEqual({
    message: 'An error occurred while trying to update the record. Please try again.',
    enhancedErrorType: 'RecordError',
    output: {
      errors: [],
      fieldErrors: {
        Partner__c: [{ constituentField: null, duplicateRecordError: null, errorCode: 'ENTITY_IS_DELETED', field: 'Partner__c', fieldLabel: 'Partner', message: 'entity is deleted' }],
      },
    },
  });

  engine.insertRecord('Partner__c', { Name: 'Contoso', Domain__c: 'contoso.com', Status__c: 'Active' });
  const pageLevel = await call('POST', '/ui-api/records', { apiName: 'Partner__c', fields: { Name: 'Dup', Domain__c: 'contoso.com' } });
  expect(pageLevel.status).toBe(400);
  expect(pageLevel.body).toMatchObject({ output: { fieldErrors: {}, errors: [{ errorCode: 'DUPLICATE_VALUE', field: null }] } });
});

test('object info and picklist values describe the object from its metadata', async () => {
  const info = await call('GET', '/ui-api/object-info/Partner_Influence__c');
  expect(info.status).toBe(200);
  expect(info.body).toMatchObject({
    apiName: 'Partner_Influence__c',
    fields: { Partner__c: { dataType: 'Reference', relationshipName: 'Partner__r', referenceToInfos: [{ apiName: 'Partner__c', nameFields: ['Name'] }] } },
  });
  const roles = await call('GET', '/ui-api/object-info/Partner_Influence__c/picklist-values/012000000000000AAA/Role__c');
  expect((roles.body as { values: { value: string }[] }).values.map((v) => v.value)).toEqual(['Sourced', 'Influenced', 'Co-sell', 'Reseller', 'Referral']);
  expect((await call('GET', '/ui-api/object-info/Nope__c')).status).toBe(404);
});

test("Opportunity's object info has no CurrencyIsoCode: the local org is single-currency, so partnerImpact shows money there", async () => {
  // partnerImpact (and the browser preview's getObjectInfo adapter, which reads this resource) takes CurrencyIsoCode
  // on Opportunity as the sign of a multi-currency org; the local org's describe agrees (test/localorg/jsforce.test.ts).
  const info = await call('GET', '/ui-api/object-info/Opportunity');
  expect(info.status).toBe(200);
  const body = info.body as { apiName: string; fields: Record<string, { dataType: string }> };
  expect(body.apiName).toBe('Opportunity');
  expect(body.fields.Amount).toMatchObject({ dataType: 'Currency' });
  expect(body.fields).not.toHaveProperty('CurrencyIsoCode');
});
