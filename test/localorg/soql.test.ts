import { startLocalOrg, type LocalOrg, type OrgStore } from '../../src/localorg/index';
import { dateLiteralRange } from '../../src/localorg/soql';

// SOQL semantics through the in-process store (the same engine the REST query route uses), on a fixed clock.
let org: LocalOrg;
let store: OrgStore;
const NOW = new Date('2026-05-20T12:00:00Z'); // a Wednesday in Q2

function id(r: { id?: string; success: boolean; errors: unknown[] }): string {
  if (!r.success || !r.id) throw new Error(JSON.stringify(r.errors));
  return r.id;
}

beforeAll(async () => {
  org = await startLocalOrg({ clock: () => NOW });
  store = org.store;
  const acme = id(store.insert('Account', { Name: 'Acme', Type: 'Customer', Industry: 'Technology', AnnualRevenue: 500, Website: 'acme.example' }));
  const globex = id(store.insert('Account', { Name: 'Globex', Type: 'Prospect', AnnualRevenue: 100, ParentId: acme }));
  id(store.insert('Account', { Name: "O'Neil & Sons", Type: 'Customer', AnnualRevenue: 50 }));
  id(store.insert('Account', { Name: 'Nulls Inc' }));
  const p = id(store.insert('Partner__c', { Name: 'Northwind', External_Id__c: 'nw', Tier__c: 'Gold' }));
  const o1 = id(store.insert('Opportunity', { Name: 'Acme big', AccountId: acme, StageName: 'Negotiation/Review', Amount: 1000, CloseDate: '2026-05-01' }));
  id(store.insert('Opportunity', { Name: 'Acme small', AccountId: acme, StageName: 'Closed Won', Amount: 10, CloseDate: '2026-01-15' }));
  id(store.insert('Opportunity', { Name: 'Globex', AccountId: globex, StageName: 'Prospecting', Amount: 300, CloseDate: '2026-08-01' }));
  id(store.insert('Partner_Influence__c', { Opportunity__c: o1, Partner__c: p, Role__c: 'Sourced' }));
  id(store.insert('Lead', { LastName: 'Old', Company: 'Old Co', CreatedDate: '2026-01-02T00:00:00.000Z' }, { allowReadOnly: true }));
  id(store.insert('Lead', { LastName: 'Recent', Company: 'New Co', CreatedDate: '2026-05-18T08:00:00.000Z' }, { allowReadOnly: true }));
});
afterAll(async () => {
  await org.stop();
});

const names = (soql: string): unknown[] => store.query(soql).records.map((r) => r.Name);

describe('SOQL in the local org', () => {
  it('filters with AND/OR/NOT, LIKE, IN, null and escaped quotes', () => {
    expect(names("SELECT Name FROM Account WHERE Type = 'customer' AND (AnnualRevenue > 100 OR Name LIKE 'o\\'%') ORDER BY Name")).toEqual(['Acme', "O'Neil & Sons"]);
    expect(names("SELECT Name FROM Account WHERE NOT (Type IN ('Customer', 'Prospect')) ORDER BY Name")).toEqual(['Nulls Inc']);
    expect(names("SELECT Name FROM Account WHERE Type != 'Customer' ORDER BY Name")).toEqual(['Globex', 'Nulls Inc']);
    expect(names('SELECT Name FROM Account WHERE AnnualRevenue = null')).toEqual(['Nulls Inc']);
    expect(names("SELECT Name FROM Account WHERE Name NOT IN ('Acme', 'Globex') ORDER BY Name DESC")).toEqual(["O'Neil & Sons", 'Nulls Inc']);
  });

  it('selects parent relationships and child subqueries shaped like REST records', () => {
    const [opp] = store.query("SELECT Name, Account.Name, Account.Parent.Name, (SELECT Role__c, Partner__r.Name FROM Partner_Influences__r) FROM Opportunity WHERE Name = 'Acme big'").records;
    expect(opp).toMatchObject({
      attributes: { type: 'Opportunity', url: expect.stringMatching(/\/sobjects\/Opportunity\/006\w{15}$/) },
      Name: 'Acme big',
      Account: { attributes: { type: 'Account' }, Name: 'Acme', Parent: null },
      Partner_Influences__r: { totalSize: 1, done: true, records: [{ attributes: { type: 'Partner_Influence__c' }, Role__c: 'Sourced', Partner__r: { Name: 'Northwind' } }] },
    });
    const [globex] = store.query("SELECT Account.Parent.Name, (SELECT Id FROM Partner_Influences__r) FROM Opportunity WHERE Name = 'Globex'").records;
    expect(globex).toMatchObject({ Account: { Parent: { Name: 'Acme' } }, Partner_Influences__r: null });
  });

  it('supports semi-joins, ORDER BY with NULLS, LIMIT and OFFSET', () => {
    expect(names("SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Opportunity WHERE IsClosed = false) ORDER BY Name")).toEqual(['Acme', 'Globex']);
    expect(names('SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Opportunity) ORDER BY Name')).toEqual(['Nulls Inc', "O'Neil & Sons"]);
    expect(names('SELECT Name FROM Account ORDER BY AnnualRevenue DESC NULLS FIRST LIMIT 2')).toEqual(['Nulls Inc', 'Acme']);
    expect(names('SELECT Name FROM Account ORDER BY AnnualRevenue ASC LIMIT 2 OFFSET 1')).toEqual(["O'Neil & Sons", 'Globex']);
  });

  it('evaluates date and datetime literals against the org clock', () => {
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate = THIS_QUARTER ORDER BY Name')).toEqual(['Acme big']);
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate < THIS_QUARTER')).toEqual(['Acme small']);
    expect(names('SELECT Name FROM Opportunity WHERE CloseDate > 2026-06-30')).toEqual(['Globex']);
    expect(store.query('SELECT LastName FROM Lead WHERE CreatedDate = LAST_N_DAYS:7').records.map((r) => r.LastName)).toEqual(['Recent']);
    expect(store.query('SELECT LastName FROM Lead WHERE CreatedDate < 2026-02-01T00:00:00Z').records.map((r) => r.LastName)).toEqual(['Old']);
    const range = (lit: string): string[] => dateLiteralRange(lit, NOW).map((d) => d.toISOString().slice(0, 10));
    expect(range('TODAY')).toEqual(['2026-05-20', '2026-05-21']);
    expect(range('THIS_WEEK')).toEqual(['2026-05-17', '2026-05-24']);
    expect(range('LAST_MONTH')).toEqual(['2026-04-01', '2026-05-01']);
    expect(range('NEXT_N_DAYS:3')).toEqual(['2026-05-21', '2026-05-24']);
    expect(range('N_QUARTERS_AGO:1')).toEqual(['2026-01-01', '2026-04-01']);
    expect(range('LAST_N_YEARS:2')).toEqual(['2024-01-01', '2026-01-01']);
  });

  it('aggregates with COUNT(), COUNT(field), SUM/MIN/MAX/AVG and GROUP BY', () => {
    expect(store.query('SELECT COUNT() FROM Account')).toEqual({ totalSize: 4, done: true, records: [] });
    const rows = store.query('SELECT Type, COUNT(Id) n, SUM(AnnualRevenue), MAX(AnnualRevenue), AVG(AnnualRevenue) FROM Account GROUP BY Type ORDER BY Type NULLS LAST').records;
    expect(rows).toEqual([
      { attributes: { type: 'AggregateResult' }, Type: 'Customer', n: 2, expr0: 550, expr1: 500, expr2: 275 },
      { attributes: { type: 'AggregateResult' }, Type: 'Prospect', n: 1, expr0: 100, expr1: 100, expr2: 100 },
      { attributes: { type: 'AggregateResult' }, Type: null, n: 1, expr0: null, expr1: null, expr2: null },
    ]);
    expect(store.query('SELECT COUNT(AnnualRevenue) c, MIN(Name) m FROM Account').records).toEqual([{ attributes: { type: 'AggregateResult' }, c: 3, m: 'Acme' }]);
  });

  it.each([
    ['SELECT Nope__c FROM Account', 'INVALID_FIELD'],
    ['SELECT Id FROM Nope__c', 'INVALID_TYPE'],
    ['SELECT Id FROM Account WHERE Nope__r.Name = null', 'INVALID_FIELD'],
    ["SELECT Id FROM Account WHERE AnnualRevenue = '5'", 'INVALID_FIELD'],
    ['SELECT Id FROM Account WHERE Name = 5', 'INVALID_FIELD'],
    ["SELECT Id FROM Account WHERE Id = 'xyz'", 'INVALID_QUERY_FILTER_OPERATOR'],
    ['SELECT Id, (SELECT Id FROM Nopes__r) FROM Account', 'INVALID_TYPE'],
    ['SELECT Name, COUNT(Id) FROM Account', 'MALFORMED_QUERY'],
    ['SELECT Type, COUNT(Id) FROM Account GROUP BY Type HAVING COUNT(Id) > 1', 'MALFORMED_QUERY'],
    ['SELECT toLabel(Type) FROM Account', 'MALFORMED_QUERY'],
    ['SELECT Id FROM Account WHERE CALENDAR_YEAR(CreatedDate) = 2026', 'MALFORMED_QUERY'],
    ['SELECT Id FROM Account LIMIT 1 OFFSET 2001', 'NUMBER_OUTSIDE_VALID_RANGE'],
    ['SELEC Id FROM Account', 'MALFORMED_QUERY'],
  ])('rejects %s with %s rather than guessing', (soql, code) => {
    expect(() => store.query(soql)).toThrow(expect.objectContaining({ errorCode: code }));
  });
});
