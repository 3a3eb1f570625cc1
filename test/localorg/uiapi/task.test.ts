// Task in the local org (what coSellNow's "Request intro" creates through lightning/uiRecordApi createRecord): a new
// org's statuses and priorities with their defaults, an owner, and the polymorphic WhatId/WhoId lookups.
import path from 'node:path';
import { createStore, type OrgStore } from '../../../src/localorg/index';
import { buildSchema } from '../../../src/localorg/schema';
import { Engine } from '../../../src/localorg/store';
import { describeSObject } from '../../../src/localorg/describe';
import { handleUiApi } from '../../../src/localorg/uiapi/index';

const schema = buildSchema(path.join(__dirname, '../../../force-app'));
let engine: Engine;
let store: OrgStore;

beforeEach(() => {
  engine = new Engine(schema, ':memory:', () => new Date('2026-12-07T12:00:00Z'), 'admin@example.com');
  store = createStore(engine);
});
afterEach(() => engine.close());

const create = (fields: Record<string, unknown>) => handleUiApi({ method: 'POST', path: '/ui-api/records', query: new URLSearchParams(), body: { apiName: 'Task', fields } }, store);

test('a Task relates to an opportunity or a partner (activities enabled), is owned, and defaults as a new org does', async () => {
  const account = engine.insertRecord('Account', { Name: 'Acme' });
  const opp = engine.insertRecord('Opportunity', { Name: 'Acme deal', StageName: 'Prospecting', CloseDate: '2027-01-31', AccountId: account });
  const partner = engine.insertRecord('Partner__c', { Name: 'Globex', Domain__c: 'globex.example', Status__c: 'Active' });
  const manager = engine.insertRecord('User', { Username: 'pm@example.com', LastName: 'Manager', Email: 'pm@example.com' });

  const onDeal = await create({ Subject: 'Intro request', WhatId: opp, OwnerId: manager });
  expect(onDeal.status).toBe(201);
  const onPartner = await create({ Subject: 'Partner follow-up', WhatId: partner });
  expect(onPartner.status).toBe(201);

  const rows = store.query(`SELECT Subject, WhatId, OwnerId, Status, Priority, IsClosed FROM Task ORDER BY Subject`).records;
  expect(rows.map((r) => [r.Subject, r.WhatId, r.OwnerId, r.Status, r.Priority, r.IsClosed])).toEqual([
    ['Intro request', opp, manager, 'Not Started', 'Normal', false],
    ['Partner follow-up', partner, expect.stringMatching(/^005/), 'Not Started', 'Normal', false],
  ]);
});

test('WhatId refuses an object that has no activities, and describe lists every target of the polymorphic lookup', async () => {
  const run = engine.insertRecord('Partner_Sync_Run__c', {});
  const refused = await create({ Subject: 'x', WhatId: run });
  expect(refused.status).toBe(400);
  expect(JSON.stringify(refused.body)).toContain('FIELD_INTEGRITY_EXCEPTION');

  const what = (describeSObject(schema.get('Task')!, '66.0').fields as unknown as { name: string; referenceTo: string[]; polymorphicForeignKey: boolean }[]).find((f) => f.name === 'WhatId');
  expect(what).toMatchObject({ polymorphicForeignKey: true, referenceTo: ['Account', 'Opportunity', 'Campaign', 'Partner__c'] });
});
