import path from 'node:path';
import { createStore } from '../../../src/localorg/index';
import { buildSchema } from '../../../src/localorg/schema';
import { Engine } from '../../../src/localorg/store';
import { handleUiApi } from '../../../src/localorg/uiapi/index';
import type { GraphqlResponse } from '../../../src/localorg/uiapi/graphql';

interface Node extends Record<string, unknown> {
  Id: string;
}
interface Connection {
  edges: { node: Node; cursor?: string }[];
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string };
}

/** The connection for `object` in a GraphQL response (typed for the assertions; the shape is what is asserted). */
function connection(res: { data?: unknown }, object: string): Connection {
  const data = res.data as { uiapi: { query: Record<string, Connection> } };
  return data.uiapi.query[object] as Connection;
}

const schema = buildSchema(path.join(__dirname, '../../../force-app'));
let engine: Engine;
let graphql: (body: { query: string; variables?: Record<string, unknown> }) => Promise<GraphqlResponse>;
let opp: string;
let acme: string;

beforeEach(() => {
  engine = new Engine(schema, ':memory:', () => new Date('2026-03-01T12:00:00Z'), 'admin@example.com');
  const store = createStore(engine);
  graphql = async (body) => {
    const res = await handleUiApi({ method: 'POST', path: '/graphql', query: new URLSearchParams(), body }, store);
    expect(res.status).toBe(200);
    return res.body as GraphqlResponse;
  };
  acme = engine.insertRecord('Account', { Name: 'Acme' });
  opp = engine.insertRecord('Opportunity', { Name: 'Acme deal', StageName: 'Prospecting', CloseDate: '2026-06-30', AccountId: acme, Amount: 120000 });
  const partners = ['Northwind', 'Contoso', 'Fabrikam'].map((n) => engine.insertRecord('Partner__c', { Name: n, Domain__c: `${n.toLowerCase()}.com`, Status__c: n === 'Fabrikam' ? 'Paused' : 'Active' }));
  engine.insertRecord('Partner_Influence__c', { Opportunity__c: opp, Partner__c: partners[0], Role__c: 'Sourced', Attribution_Percent__c: 30, Origin__c: 'Manual' });
  engine.insertRecord('Partner_Influence__c', { Opportunity__c: opp, Partner__c: partners[1], Role__c: 'Influenced', Attribution_Percent__c: 70, Origin__c: 'Rule' });
});

afterEach(() => engine.close());

test('answers a filtered, ordered connection with parent relationships and only the requested sub-fields', async () => {
  const res = await graphql(
    {
      query: `query q($opportunityId: ID) { uiapi { query { Partner_Influence__c(where: { Opportunity__c: { eq: $opportunityId } }, orderBy: { Attribution_Percent__c: { order: DESC } }) {
        edges { node { Id Partner__r { Name { value } } Role__c { value } pct: Attribution_Percent__c { value displayValue } } cursor } totalCount } } } }`,
      variables: { opportunityId: opp },
    });
  expect(res.errors).toBeUndefined();
  const conn = connection(res, 'Partner_Influence__c');
  expect(conn.totalCount).toBe(2);
  expect(conn.edges.map((e) => [e.node.Partner__r, e.node.Role__c, e.node.pct])).toEqual([
    [{ Name: { value: 'Contoso' } }, { value: 'Influenced' }, { value: 70, displayValue: '70.00%' }],
    [{ Name: { value: 'Northwind' } }, { value: 'Sourced' }, { value: 30, displayValue: '30.00%' }],
  ]);
  expect(conn.edges[0]?.node.Id).toMatch(/^[a-zA-Z0-9]{18}$/);
});

test('pages with first/after cursors and reports hasNextPage', async () => {
  const page = async (after?: string): Promise<Connection> =>
    connection(await graphql({ query: `query p($after: String) { uiapi { query { Partner__c(first: 2, after: $after, orderBy: { Name: { order: ASC } }) { edges { node { Name { value } } } pageInfo { hasNextPage endCursor } } } } }`, variables: { after } }), 'Partner__c');
  const one = await page();
  expect(one.edges.map((e) => e.node.Name)).toEqual([{ value: 'Contoso' }, { value: 'Fabrikam' }]);
  expect(one.pageInfo.hasNextPage).toBe(true);
  const two = await page(one.pageInfo.endCursor);
  expect(two.edges.map((e) => e.node.Name)).toEqual([{ value: 'Northwind' }]);
  expect(two.pageInfo.hasNextPage).toBe(false);
});

test('reads one level of child relationships with their own where and first', async () => {
  const res = await graphql(
    { query: `{ uiapi { query { Opportunity(where: { Id: { eq: "${opp}" } }) { edges { node { Amount { value displayValue } Partner_Influences__r(first: 1, where: { Role__c: { eq: "Sourced" } }) { edges { node { Origin__c { value } } } pageInfo { hasNextPage } } } } } } } }` });
  const node = connection(res, 'Opportunity').edges[0]?.node;
  expect(node?.Amount).toEqual({ value: 120000, displayValue: '$120,000.00' });
  expect(node?.Partner_Influences__r).toEqual({ edges: [{ node: { Origin__c: { value: 'Manual' } } }], pageInfo: { hasNextPage: false } });
});

test('filters with and/or/not, in and parent relationship filters', async () => {
  const res = await graphql(
    { query: `{ uiapi { query { Partner_Influence__c(where: { and: [ { Partner__r: { Status__c: { eq: "Active" } } }, { or: [ { Role__c: { in: ["Sourced"] } }, { not: { Attribution_Percent__c: { lt: 50 } } } ] } ] }) { totalCount } } } }` });
  expect(connection(res, 'Partner_Influence__c').totalCount).toBe(2);
  const none = await graphql({ query: `{ uiapi { query { Partner__c(where: { Status__c: { nin: ["Active", "Paused"] } }) { totalCount } } } }` });
  expect(connection(none, 'Partner__c').totalCount).toBe(0);
});

test('reports unknown fields, bad filters and syntax errors in the documented error shape', async () => {
  const unknown = await graphql({ query: '{ uiapi { query { Partner__c { edges { node { Nope__c { value } } } } } } }' });
  expect(unknown.errors?.[0]).toMatchObject({ message: expect.stringContaining("Field 'Nope__c' in type 'Partner__c' is undefined"), extensions: { ErrorType: 'ValidationError' }, paths: [] });
  expect(unknown.errors?.[0]?.locations[0]).toEqual({ line: 1, column: 47 });
  const filter = await graphql({ query: '{ uiapi { query { Partner__c(where: { broken: { eq: 1 } }) { totalCount } } } }' });
  expect(filter.errors?.[0]?.message).toContain("field name 'broken' that is not defined for input object type 'Partner__c_Filter'");
  const syntax = await graphql({ query: '{ uiapi { query { ' });
  expect(syntax.errors?.[0]?.extensions.ErrorType).toBe('InvalidSyntax');
});

describe('paging a large query', () => {
  const LEADS = 4500;
  const pageOf = (res: GraphqlResponse): Connection => {
    expect(res.errors).toBeUndefined();
    return connection(res, 'Lead');
  };
  const LEAD_PAGE = `query leads($after: String) { uiapi { query { Lead(first: 2000, after: $after, upperBound: 10000, orderBy: { Company: { order: DESC } }) {
    edges { node { Id LastName { value } } cursor } pageInfo { hasNextPage endCursor } } } } }`;

  beforeEach(() => {
    // four companies: the sort field ties in runs of over a thousand, so the page order rests on the Id tie-break
    for (let i = 0; i < LEADS; i++) engine.insertRecord('Lead', { LastName: `L${i}`, Company: `Company ${i % 4}` });
  });

  test('pages past SOQL OFFSET 2,000 with upperBound: every record once, cursors continue, the last page ends', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    let last: Connection;
    do {
      last = pageOf(await graphql({ query: LEAD_PAGE, variables: { after } }));
      sizes.push(last.edges.length);
      seen.push(...last.edges.map((e) => e.node.Id));
      expect(last.pageInfo.endCursor).toBe(last.edges.at(-1)?.cursor);
      // cursors are base64 `v1:<index>` over the whole result, as the GraphQL API's
      expect(Buffer.from(last.pageInfo.endCursor, 'base64').toString()).toBe(`v1:${seen.length - 1}`);
      after = last.pageInfo.endCursor;
    } while (last.pageInfo.hasNextPage);
    expect(sizes).toEqual([2000, 2000, 500]);
    expect(new Set(seen).size).toBe(LEADS);
    // the order of one SOQL read ordered by the sort field, then Id
    expect(seen).toEqual(createStore(engine).query('SELECT Id FROM Lead ORDER BY Company DESC, Id ASC').records.map((r) => r.Id));
    // after the last cursor: an empty page without a next one
    const end = pageOf(await graphql({ query: LEAD_PAGE, variables: { after } }));
    expect(end).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  test('relay paging without upperBound reaches 4,000 records; upperBound stops where it says', async () => {
    const read = async (args: string): Promise<number[]> => {
      const sizes: number[] = [];
      let after: string | null = null;
      for (;;) {
        const page = pageOf(await graphql({ query: `query q($after: String) { uiapi { query { Lead(${args}, after: $after) { edges { node { Id } } pageInfo { hasNextPage endCursor } } } } }`, variables: { after } }));
        sizes.push(page.edges.length);
        if (!page.pageInfo.hasNextPage) return sizes;
        after = page.pageInfo.endCursor;
      }
    };
    expect(await read('first: 1500')).toEqual([1500, 1500, 1000]);
    expect(await read('first: 2000, upperBound: 2500')).toEqual([2000, 500]);
    expect(await read('first: 2000, upperBound: 4500')).toEqual([2000, 2000, 500]);
    const small = await graphql({ query: '{ uiapi { query { Lead(first: 100, upperBound: 5000) { edges { node { Id } } } } } }' });
    expect(small.errors?.[0]?.message).toBe('first must be an integer from 200 to 2000 with upperBound');
    const bad = await graphql({ query: '{ uiapi { query { Lead(first: 200, upperBound: -1) { edges { node { Id } } } } } }' });
    expect(bad.errors?.[0]?.message).toBe('upperBound must be a positive integer');
  });
});
