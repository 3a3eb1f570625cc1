import OverlapLookup, { normalizeTerm } from 'c/overlapLookup';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import LOOKUP from './data/graphqlLookup.json';
import EMPTY from './data/graphqlLookupEmpty.json';

const $ = (element, selector) => element.shadowRoot.querySelector(selector);

async function search(element, text, how = 'button') {
  const input = $(element, 'lightning-input');
  input.dispatchEvent(new CustomEvent('change', { detail: { value: text } }));
  if (how === 'enter') input.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
  else $(element, 'lightning-button.search').click();
  await flushPromises();
}

describe('normalizeTerm', () => {
  it.each([
    ['  Acme Corp ', 'Acme Corp'],
    ['https://www.acme.example/pricing?x=1', 'acme.example'],
    ['www.acme.co.uk', 'acme.co.uk'],
    [undefined, ''],
  ])('reduces %p to %p', (input, expected) => {
    expect(normalizeTerm(input)).toBe(expected);
  });
});

describe('c-overlap-lookup', () => {
  afterEach(cleanup);

  it('shows nothing before a search', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    graphql.emit(LOOKUP);
    await flushPromises();
    expect($(element, 'lightning-datatable')).toBeNull();
    expect($(element, 'lightning-spinner')).toBeNull();
    expect($(element, '.status').textContent).toBe('');
  });

  it('refuses a one-letter search', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, ' a ');
    expect(graphql.getLastConfig().variables).toBeUndefined();
  });

  it('searches a domain with escaped LIKE wildcards and shows a spinner until results arrive', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'https://www.acme_labs.example/', 'enter');
    const config = graphql.getLastConfig();
    expect(config.variables).toEqual({ term: '%acme\\_labs.example%' });
    const query = config.query.replace(/\s+/g, ' ');
    expect(query).toContain('Account( where: { or: [{ Name: { like: $term } }, { Website: { like: $term } }] }');
    expect(query).toContain('Lead( where: { or: [{ Company: { like: $term } }, { Email: { like: $term } }] }');
    expect($(element, 'lightning-spinner')).not.toBeNull();
  });

  it('lists matching accounts and leads with their active, undisputed partner overlaps', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'acme');
    graphql.emit(LOOKUP);
    await flushPromises();
    expect($(element, 'lightning-spinner')).toBeNull();
    expect($(element, 'lightning-datatable.accounts').data).toEqual([
      {
        id: '0015g00000AccAAAAA',
        name: 'Acme Corporation',
        url: '/lightning/r/Account/0015g00000AccAAAAA/view',
        website: 'https://www.acme.example',
        partners: 'Northwind Traders (Customer × Open Opportunity)',
      },
      {
        id: '0015g00000AccBBAAA',
        name: 'Acme Labs',
        url: '/lightning/r/Account/0015g00000AccBBAAA/view',
        website: null,
        partners: 'c.PL_Lookup_No_Overlaps',
      },
    ]);
    expect($(element, 'lightning-datatable.leads').data[0]).toEqual(
      expect.objectContaining({
        name: 'Jordan Miles',
        company: 'Acme Corporation',
        email: 'jordan@acme.example',
        partners: 'Northwind Traders (Lead × Customer)',
      }),
    );
    expect($(element, '.status').textContent).toBe('c.PL_Lookup_Results_Summary');
  });

  it('says when nothing matches', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'zzz-none');
    graphql.emit(EMPTY);
    await flushPromises();
    expect($(element, '.no-results').textContent).toBe('c.PL_Lookup_No_Results');
    expect($(element, 'lightning-datatable')).toBeNull();
  });

  it('shows the error panel when the search fails', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'acme');
    graphql.emitErrors([{ message: 'Too many subqueries', locations: [], paths: [] }]);
    await flushPromises();
    expect($(element, 'c-error-panel').errors[0].message).toBe('Too many subqueries');
    expect($(element, 'lightning-spinner')).toBeNull();
  });

  it('is accessible with results', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'acme');
    graphql.emit(LOOKUP);
    await flushPromises();
    await expect(element).toBeAccessible();
  });
});
