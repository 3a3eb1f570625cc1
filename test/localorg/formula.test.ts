import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { buildSchema } from '../../src/localorg/schema';
import { Engine } from '../../src/localorg/store';
import { API_VERSION } from '../../src/schema/dataModel';

// Cross-object formulas: Partner_Influence__c.Attributed_Amount__c = Opportunity__r.Amount * Attribution_Percent__c
// (a Percent field is a fraction in formulas: 30% = 0.3), materialised on the child's writes and recomputed when the
// parent's Amount changes, in the same transaction.
const forceApp = path.join(__dirname, '../../force-app');
let org: LocalOrg;

beforeAll(async () => {
  org = await startLocalOrg();
});
afterAll(async () => {
  await org.stop();
});

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}${url}`, {
    method,
    headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function create(type: string, fields: Record<string, unknown>): Promise<string> {
  const r = await call('POST', `/sobjects/${type}`, fields);
  expect(r).toMatchObject({ status: 201 });
  return (r.body as { id: string }).id;
}

async function influence(id: string): Promise<Record<string, unknown>> {
  return (await call('GET', `/sobjects/Partner_Influence__c/${id}?fields=Attributed_Amount__c,Attribution_Percent__c,SystemModstamp`)).body as Record<string, unknown>;
}

const attributed = async (id: string): Promise<unknown> => (await influence(id)).Attributed_Amount__c;

describe('Partner_Influence__c.Attributed_Amount__c in the local org', () => {
  let partner: string;
  beforeAll(async () => {
    partner = await create('Partner__c', { Name: 'Formula Partner' });
  });
  const deal = (amount: number | null): Promise<string> =>
    create('Opportunity', { Name: 'Formula deal', StageName: 'Closed Won', CloseDate: '2026-03-31', Amount: amount });
  const row = (opportunity: string, percent: number | null, role = 'Influenced'): Promise<string> =>
    create('Partner_Influence__c', { Opportunity__c: opportunity, Partner__c: partner, Role__c: role, Attribution_Percent__c: percent });

  it('is the amount times the percentage on insert and after the percentage changes', async () => {
    const opp = await deal(1000);
    const pi = await row(opp, 30);
    expect(await attributed(pi)).toBe(300);
    expect((await call('PATCH', `/sobjects/Partner_Influence__c/${pi}`, { Attribution_Percent__c: 12.5 })).status).toBe(204);
    expect(await attributed(pi)).toBe(125);
  });

  it('follows the opportunity Amount for every row of the deal, without touching the rows', async () => {
    const opp = await deal(1000);
    const a = await row(opp, 30, 'Sourced');
    const b = await row(opp, 50);
    const stamp = (await influence(a)).SystemModstamp;
    expect((await call('PATCH', `/sobjects/Opportunity/${opp}`, { Amount: 2469.13 })).status).toBe(204);
    expect([await attributed(a), await attributed(b)]).toEqual([740.74, 1234.57]); // 740.739 and 1234.565, rounded half up
    // Salesforce evaluates cross-object formulas when read: the child's SystemModstamp stays.
    expect((await influence(a)).SystemModstamp).toBe(stamp);
    const soql = `SELECT SUM(Attributed_Amount__c) total FROM Partner_Influence__c WHERE Opportunity__c = '${opp}'`;
    expect(((await call('GET', `/query?q=${encodeURIComponent(soql)}`)).body as { records: { total: number }[] }).records[0]?.total).toBeCloseTo(1975.31, 2);
  });

  it('counts a blank amount or percentage as zero', async () => {
    const opp = await deal(null);
    const pi = await row(opp, 40);
    expect(await attributed(pi)).toBe(0);
    const priced = await deal(500);
    expect(await attributed(await row(priced, null))).toBe(0);
    expect((await call('PATCH', `/sobjects/Opportunity/${opp}`, { Amount: 250 })).status).toBe(204);
    expect(await attributed(pi)).toBe(100);
    expect((await call('PATCH', `/sobjects/Opportunity/${opp}`, { Amount: null })).status).toBe(204);
    expect(await attributed(pi)).toBe(0);
  });

  it('recomputes in the transaction of the parent write: a rolled-back composite leaves the rows as they were', async () => {
    const opp = await deal(1000);
    const pi = await row(opp, 10);
    const base = `/services/data/v${API_VERSION}/sobjects`;
    const r = await call('POST', '/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'PATCH', url: `${base}/Opportunity/${opp}`, referenceId: 'amount', body: { Amount: 9000 } },
        { method: 'POST', url: `${base}/Account`, referenceId: 'broken', body: {} },
      ],
    });
    expect(r.status).toBe(200);
    expect(await attributed(pi)).toBe(100);
    expect((await call('PATCH', `/sobjects/Opportunity/${opp}`, { Amount: 9000 })).status).toBe(204);
    expect(await attributed(pi)).toBe(900);
  });

  it('is the same through org.store and bulk-shaped writes', () => {
    const store = org.store;
    const opp = store.insert('Opportunity', { Name: 'Store deal', StageName: 'Prospecting', CloseDate: '2026-06-30', Amount: 800 });
    const pi = store.insert('Partner_Influence__c', { Opportunity__c: opp.id, Partner__c: partner, Role__c: 'Referral', Attribution_Percent__c: '25' });
    expect(pi.success).toBe(true);
    const read = (): unknown => store.query(`SELECT Attributed_Amount__c FROM Partner_Influence__c WHERE Id = '${pi.id}'`).records[0]?.Attributed_Amount__c;
    expect(read()).toBe(200);
    expect(store.update('Opportunity', opp.id!, { Amount: 1600 }).success).toBe(true);
    expect(read()).toBe(400);
  });

  it('is described as a calculated currency field that no client writes', async () => {
    const describe = (await call('GET', '/sobjects/Partner_Influence__c/describe')).body as { fields: Record<string, unknown>[] };
    expect(describe.fields.find((f) => f.name === 'Attributed_Amount__c')).toMatchObject({
      type: 'currency', calculated: true, createable: false, updateable: false, precision: 18, scale: 2, nillable: true,
      calculatedFormula: 'Opportunity__r.Amount * Attribution_Percent__c', label: 'Attributed Amount', inlineHelpText: expect.stringContaining('Attribution %'),
    });
    const opp = await deal(100);
    const insert = await call('POST', '/sobjects/Partner_Influence__c', { Opportunity__c: opp, Partner__c: partner, Role__c: 'Influenced', Attributed_Amount__c: 5 });
    expect(insert).toEqual({ status: 400, body: [expect.objectContaining({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Attributed_Amount__c'] })] });
    const pi = await row(opp, 20);
    const update = await call('PATCH', `/sobjects/Partner_Influence__c/${pi}`, { Attributed_Amount__c: 5 });
    expect(update).toEqual({ status: 400, body: [expect.objectContaining({ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Attributed_Amount__c'] })] });
    expect(await attributed(pi)).toBe(20);
  });
});

// Formula fields added to a copy of force-app: what else the cross-object path does, and what it refuses.
function formulaXml(name: string, type: string, formula: string, numeric = false): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>${name}</fullName>
    <inlineHelpText>Test field.</inlineHelpText>
    <label>${name.replace(/__c$/, '').replace(/_/g, ' ')}</label>
    <formula>${formula}</formula>
    <formulaTreatBlanksAs>BlankAsZero</formulaTreatBlanksAs>${numeric ? '\n    <precision>18</precision>\n    <scale>0</scale>' : ''}
    <type>${type}</type>
</CustomField>
`;
}

describe('cross-object formulas on a modified force-app', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pl-formula-'));
    cpSync(forceApp, path.join(dir, 'force-app'), { recursive: true });
    const fields = (object: string): string => path.join(dir, 'force-app/main/default/objects', object, 'fields');
    const add = (object: string, name: string, xml: string): void => writeFileSync(path.join(fields(object), `${name}.field-meta.xml`), xml);
    add('Partner_Influence__c', 'Deal_Partner_Count__c', formulaXml('Deal_Partner_Count__c', 'Number', 'Opportunity__r.Partner_Influence_Count__c', true));
    add('Partner_Influence__c', 'Overlap_Key__c', formulaXml('Overlap_Key__c', 'Text', 'Overlap__r.Match_Key__c'));
    add('Opportunity', 'Owner_Name__c', formulaXml('Owner_Name__c', 'Text', 'Owner.Name'));
    add('Partner_Influence__c', 'Two_Levels__c', formulaXml('Two_Levels__c', 'Text', 'Opportunity__r.Account.Name'));
    add('Partner_Influence__c', 'Not_A_Relationship__c', formulaXml('Not_A_Relationship__c', 'Text', 'Role__r.Name'));
    add('Partner_Influence__c', 'Unknown_Parent_Field__c', formulaXml('Unknown_Parent_Field__c', 'Text', 'Opportunity__r.Nope__c'));
    add('Partner_Influence__c', 'Chained__c', formulaXml('Chained__c', 'Text', 'Opportunity__r.Owner_Name__c'));
    add('Opportunity', 'Attributed_Total__c', `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Attributed_Total__c</fullName>
    <inlineHelpText>Test field.</inlineHelpText>
    <label>Attributed Total</label>
    <summarizedField>Partner_Influence__c.Attributed_Amount__c</summarizedField>
    <summaryForeignKey>Partner_Influence__c.Opportunity__c</summaryForeignKey>
    <summaryOperation>sum</summaryOperation>
    <type>Summary</type>
</CustomField>
`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const engine = (dataFile = ':memory:', root = path.join(dir, 'force-app')): Engine =>
    new Engine(buildSchema(root), dataFile, () => new Date('2026-03-01T12:00:00Z'), 'admin@example.com');

  it('refuses at start, naming the field, what it cannot compute', () => {
    const e = engine();
    try {
      expect([...e.problems].sort()).toEqual([
        'Opportunity.Attributed_Total__c: a roll-up over Partner_Influence__c.Attributed_Amount__c, a formula that reads another object, is not supported',
        'Partner_Influence__c.Chained__c: Opportunity.Owner_Name__c (read as Opportunity__r.Owner_Name__c) is itself computed from another object; only one relationship level is supported',
        'Partner_Influence__c.Not_A_Relationship__c: Role__r.Name: Role__r is not a lookup or master-detail relationship of Partner_Influence__c',
        'Partner_Influence__c.Two_Levels__c: Opportunity__r.Account.Name spans 2 relationships; only one level (Rel__r.Field) is supported',
        'Partner_Influence__c.Unknown_Parent_Field__c: unknown field(s) Opportunity__r.Nope__c',
      ]);
    } finally {
      e.close();
    }
  });

  it('does not start an org over metadata it cannot compute, and names the fields', async () => {
    await expect(startLocalOrg({ forceAppDir: path.join(dir, 'force-app') })).rejects.toThrow(/cannot compute[\s\S]*Partner_Influence__c\.Two_Levels__c: Opportunity__r\.Account\.Name spans 2 relationships/);
  });

  it('recomputes the children when a roll-up changes the parent field they read, and blanks them when a lookup is cleared by a delete', () => {
    const e = engine();
    try {
      const opp = e.insertRecord('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2026-06-30', Amount: 10 });
      expect(e.getRecord('Opportunity', opp, ['Owner_Name__c'])).toMatchObject({ Owner_Name__c: 'Local Admin' });
      const partner = e.insertRecord('Partner__c', { Name: 'P' });
      const overlap = e.insertRecord('Partner_Overlap__c', { Partner__c: partner, Match_Key__c: 'acme.example', External_Id__c: 'o-1' });
      const first = e.insertRecord('Partner_Influence__c', { Opportunity__c: opp, Partner__c: partner, Role__c: 'Sourced', Overlap__c: overlap });
      const count = (id: string): unknown => e.getRecord('Partner_Influence__c', id, ['Deal_Partner_Count__c']).Deal_Partner_Count__c;
      expect(count(first)).toBe(1);
      const second = e.insertRecord('Partner_Influence__c', { Opportunity__c: opp, Partner__c: partner, Role__c: 'Influenced' });
      expect([count(first), count(second)]).toEqual([2, 2]);
      e.deleteRecord('Partner_Influence__c', second);
      expect(count(first)).toBe(1);
      expect(e.getRecord('Partner_Influence__c', first, ['Overlap_Key__c'])).toMatchObject({ Overlap_Key__c: 'acme.example' });
      e.deleteRecord('Partner_Overlap__c', overlap);
      expect(e.getRecord('Partner_Influence__c', first, ['Overlap__c', 'Overlap_Key__c'])).toMatchObject({ Overlap__c: null, Overlap_Key__c: null });
    } finally {
      e.close();
    }
  });

  it('fills a formula column added to an existing data file', () => {
    const old = mkdtempSync(path.join(os.tmpdir(), 'pl-formula-old-'));
    try {
      cpSync(forceApp, path.join(old, 'force-app'), { recursive: true });
      rmSync(path.join(old, 'force-app/main/default/objects/Partner_Influence__c/fields/Attributed_Amount__c.field-meta.xml'));
      const file = path.join(old, 'org.db');
      const before = engine(file, path.join(old, 'force-app'));
      const opp = before.insertRecord('Opportunity', { Name: 'Old', StageName: 'Prospecting', CloseDate: '2026-06-30', Amount: 400 });
      const partner = before.insertRecord('Partner__c', { Name: 'P' });
      const pi = before.insertRecord('Partner_Influence__c', { Opportunity__c: opp, Partner__c: partner, Role__c: 'Influenced', Attribution_Percent__c: 25 });
      const stamp = before.getRecord('Partner_Influence__c', pi, ['SystemModstamp']).SystemModstamp;
      before.close();
      const after = engine(file, forceApp);
      try {
        expect(after.getRecord('Partner_Influence__c', pi, ['Attributed_Amount__c', 'SystemModstamp'])).toEqual(
          expect.objectContaining({ Attributed_Amount__c: 100, SystemModstamp: stamp }),
        );
      } finally {
        after.close();
      }
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });
});
