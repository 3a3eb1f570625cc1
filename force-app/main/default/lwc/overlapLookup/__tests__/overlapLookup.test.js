import OverlapLookup, { countOf, normalizeTerm, searchOf } from 'c/overlapLookup';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import ACCOUNTS from './data/graphqlLookupAccounts.json';
import LEADS from './data/graphqlLookupLeads.json';
import ONE_LEAD from './data/graphqlLookupOneLead.json';
import ACCOUNTS_PAGE_1 from './data/graphqlLookupAccountsPage1.json';
import ACCOUNTS_PAGE_2 from './data/graphqlLookupAccountsPage2.json';
import NO_ACCOUNTS from './data/graphqlLookupAccountsEmpty.json';
import NO_LEADS from './data/graphqlLookupLeadsEmpty.json';

// the real words of the labels these tests read (the default mock is the label's name)
jest.mock('@salesforce/label/c.PL_Lookup_Results_Summary', () => ({ __esModule: true, default: '{0} and {1} match {2}.' }), {
  virtual: true,
});
jest.mock(
  '@salesforce/label/c.PL_Lookup_Email_Summary',
  () => ({ __esModule: true, default: '{0} and {1} match the e-mail domain {2}.' }),
  { virtual: true },
);
jest.mock('@salesforce/label/c.PL_Lookup_Count_Account_One', () => ({ __esModule: true, default: '1 account' }), {
  virtual: true,
});
jest.mock('@salesforce/label/c.PL_Lookup_Count_Account_Many', () => ({ __esModule: true, default: '{0} accounts' }), {
  virtual: true,
});
jest.mock('@salesforce/label/c.PL_Lookup_Count_Lead_One', () => ({ __esModule: true, default: '1 lead' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_Lookup_Count_Lead_Many', () => ({ __esModule: true, default: '{0} leads' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_Lookup_Showing', () => ({ __esModule: true, default: '{0}–{1} of {2}' }), { virtual: true });

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const isAccounts = (config) => config.query?.includes('query overlapLookupAccounts');
const isLeads = (config) => config.query?.includes('query overlapLookupLeads');
// every config the two wires were given, newest last
let configs = [];
const lastConfig = (match) => [...configs].reverse().find(match);

async function search(element, text, how = 'button') {
  const input = $(element, 'lightning-input');
  input.dispatchEvent(new CustomEvent('change', { detail: { value: text } }));
  if (how === 'enter') input.dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
  else $(element, 'lightning-button.search').click();
  await flushPromises();
}

async function answer(accounts, leads) {
  if (accounts) graphql.emit(accounts, isAccounts);
  if (leads) graphql.emit(leads, isLeads);
  await flushPromises();
}

// a result table's rows as the user reads them: the record link, then each labelled cell's text (blank: null)
const rowsOf = (element, list) =>
  [...element.shadowRoot.querySelectorAll(`table.${list} tbody tr`)].map((tr) => {
    const link = tr.querySelector('th a');
    const row = { id: tr.dataset.id, name: link.textContent, url: link.getAttribute('href') };
    for (const td of tr.querySelectorAll('td[data-field]')) {
      const email = td.querySelector('lightning-formatted-email');
      row[td.dataset.field] = (email ? email.value : td.textContent) || null;
    }
    return row;
  });

describe('normalizeTerm', () => {
  it.each([
    ['  Acme Corp ', 'Acme Corp'],
    ['https://www.acme.example/pricing?x=1', 'acme.example'],
    ['www.acme.co.uk', 'acme.co.uk'],
    ['mailto:Jo@Acme.example', 'Jo@Acme.example'],
    [undefined, ''],
  ])('reduces %p to %p', (input, expected) => {
    expect(normalizeTerm(input)).toBe(expected);
  });
});

describe('searchOf', () => {
  it.each([
    ['acme_labs.example', { accounts: '%acme\\_labs.example%', leads: '%acme\\_labs.example%', emailDomain: null }],
    ['Jo@Acme.example', { accounts: '%acme.example%', leads: '%@acme.example', emailDomain: 'acme.example' }],
    ['@acme.example', { accounts: '%acme.example%', leads: '%@acme.example', emailDomain: 'acme.example' }],
  ])('searches %p as %p', (term, expected) => {
    expect(searchOf(term)).toEqual(expected);
  });
});

describe('countOf', () => {
  it.each([
    [0, '{0} accounts'.replace('{0}', '0')],
    [1, '1 account'],
    [36, '36 accounts'],
    [1234, '1,234 accounts'],
  ])('says %p as %p', (count, expected) => {
    expect(countOf(count, '1 account', '{0} accounts')).toBe(expected);
  });
});

describe('c-overlap-lookup', () => {
  beforeEach(() => {
    configs = [];
    const original = graphql.prototype.update;
    jest.spyOn(graphql.prototype, 'update').mockImplementation(function update(config, ...rest) {
      configs.push(config);
      return original.call(this, config, ...rest);
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    cleanup();
  });

  it('shows nothing before a search', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await answer(ACCOUNTS, LEADS);
    expect($(element, 'table')).toBeNull();
    expect($(element, 'lightning-spinner')).toBeNull();
    expect($(element, '.status').textContent).toBe('');
  });

  it('refuses a one-letter search', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, ' a ');
    expect(configs.filter((c) => c.variables)).toEqual([]);
  });

  it('searches a domain with escaped LIKE wildcards, 25 a page, and shows a spinner until both lists arrive', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'https://www.acme_labs.example/', 'enter');
    expect(lastConfig(isAccounts).variables).toEqual({ term: '%acme\\_labs.example%', pageSize: 25, after: null });
    expect(lastConfig(isLeads).variables).toEqual({ term: '%acme\\_labs.example%', pageSize: 25, after: null });
    const accountQuery = lastConfig(isAccounts).query.replace(/\s+/g, ' ');
    expect(accountQuery).toContain('Account( where: { or: [{ Name: { like: $term } }, { Website: { like: $term } }] }');
    expect(accountQuery).toContain('pageInfo { hasNextPage endCursor } totalCount');
    expect(lastConfig(isLeads).query.replace(/\s+/g, ' ')).toContain(
      'Lead( where: { or: [{ Company: { like: $term } }, { Email: { like: $term } }] }',
    );
    expect($(element, 'lightning-spinner')).not.toBeNull();
    await answer(ACCOUNTS, null);
    expect($(element, 'lightning-spinner')).not.toBeNull();
    await answer(null, LEADS);
    expect($(element, 'lightning-spinner')).toBeNull();
  });

  it('lists matching accounts and leads with their active, undisputed partner overlaps', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'acme');
    await answer(ACCOUNTS, LEADS);
    expect(rowsOf(element, 'accounts')).toEqual([
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
    expect(rowsOf(element, 'leads')[0]).toEqual(
      expect.objectContaining({
        name: 'Jordan Miles',
        company: 'Acme Corporation',
        email: 'jordan@acme.example',
        partners: 'Northwind Traders (Lead × Customer)',
      }),
    );
    // stacked into labelled cells on narrow screens
    for (const list of ['accounts', 'leads']) {
      const table = $(element, `table.${list}`);
      expect(table.classList).toContain('slds-max-medium-table_stacked');
      expect([...table.querySelectorAll('tbody tr:first-child > *')].map((c) => c.dataset.label)).toEqual([...table.querySelectorAll('thead th')].map((th) => th.textContent));
    }
    // one lead: singular
    expect($(element, '.summary').textContent).toBe('2 accounts and 1 lead match acme.');
    expect($(element, '.status').textContent).toBe('2 accounts and 1 lead match acme.');
    expect($(element, '.account-pager')).toBeNull();
  });

  it('says the true total, not the 25 rows of a page, and pages with cursors', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'initech');
    await answer(ACCOUNTS_PAGE_1, ONE_LEAD);
    expect($(element, '.summary').textContent).toBe('36 accounts and 1 lead match initech.');
    expect($(element, '.accounts-heading').textContent).toBe('c.PL_Lookup_Accounts (36)');
    expect(rowsOf(element, 'accounts')).toHaveLength(25);
    expect($(element, '.account-pager .range').textContent).toBe('1–25 of 36');
    expect($(element, '.account-pager .previous').disabled).toBe(true);
    const leadConfigs = configs.filter(isLeads).length;

    $(element, '.account-pager .next').click();
    await flushPromises();
    expect(lastConfig(isAccounts).variables).toEqual({ term: '%initech%', pageSize: 25, after: 'djE6MjQ=' });
    // the leads list stays as it is
    expect(configs.filter(isLeads)).toHaveLength(leadConfigs);
    await answer(ACCOUNTS_PAGE_2, null);
    expect(rowsOf(element, 'accounts')[0].name).toBe('Initech 26');
    expect($(element, '.account-pager .range').textContent).toBe('26–36 of 36');
    expect($(element, '.account-pager .next').disabled).toBe(true);
    expect($(element, '.summary').textContent).toBe('36 accounts and 1 lead match initech.');

    $(element, '.account-pager .previous').click();
    await flushPromises();
    expect(lastConfig(isAccounts).variables.after).toBeNull();
  });

  it('searches an e-mail address by its domain: accounts by website, leads by e-mail domain', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'Jordan@Acme.example');
    expect(lastConfig(isAccounts).variables.term).toBe('%acme.example%');
    expect(lastConfig(isLeads).variables.term).toBe('%@acme.example');
    await answer(ACCOUNTS, LEADS);
    expect($(element, '.summary').textContent).toBe('2 accounts and 1 lead match the e-mail domain acme.example.');
  });

  it('clears the last result on a blank search and says to type something', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'acme');
    await answer(ACCOUNTS, LEADS);
    expect($(element, 'table.accounts')).not.toBeNull();
    await search(element, '   ');
    expect($(element, 'table')).toBeNull();
    expect($(element, '.summary')).toBeNull();
    expect($(element, '.hint').textContent).toBe('c.PL_Lookup_Type_Something');
    expect($(element, '.status').textContent).toBe('c.PL_Lookup_Type_Something');
    // a new search replaces the hint
    await search(element, 'acme');
    await answer(ACCOUNTS, LEADS);
    expect($(element, '.hint')).toBeNull();
  });

  it('says when nothing matches', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'zzz-none');
    await answer(NO_ACCOUNTS, NO_LEADS);
    expect($(element, '.no-results').textContent).toBe('c.PL_Lookup_No_Results');
    expect($(element, '.summary').textContent).toBe('0 accounts and 0 leads match zzz-none.');
    expect($(element, 'table')).toBeNull();
  });

  it('shows the error panel when the search fails', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'acme');
    graphql.emitErrors([{ message: 'Too many subqueries', locations: [], paths: [] }], isAccounts);
    await flushPromises();
    expect($(element, 'c-error-panel').errors[0].message).toBe('Too many subqueries');
    expect($(element, 'lightning-spinner')).toBeNull();
  });

  it('is accessible with results and a pager', async () => {
    const element = mount('c-overlap-lookup', OverlapLookup);
    await search(element, 'initech');
    await answer(ACCOUNTS_PAGE_1, ONE_LEAD);
    await expect(element).toBeAccessible();
  });
});
