import PartnerRegistrationQueue from 'c/partnerRegistrationQueue';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises, dateTimeFormatOf } from 'jest-utils';
import { DATE_TIME_FORMAT } from 'c/localeFormat';
import QUEUE from './data/graphqlQueue.json';
import PAGE_2 from './data/graphqlQueuePage2.json';
import EMPTY from './data/graphqlQueueEmpty.json';

// labels with placeholders, so the tests see the values land in them
jest.mock('@salesforce/label/c.PL_Reg_Conflict_With', () => ({ __esModule: true, default: 'with {0} ({1})' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_Reg_Queue_Summary', () => ({ __esModule: true, default: '{0} awaiting a decision' }), {
  virtual: true,
});
jest.mock('@salesforce/label/c.PL_Reg_Queue_Page', () => ({ __esModule: true, default: 'Page {0}' }), { virtual: true });

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const text = (node) => node?.textContent.replace(/\s+/g, ' ').trim();
const row = (element, id) => $(element, `tr.registration[data-id="${id}"]`);

async function mountWith(data, refresh) {
  const element = mount('c-partner-registration-queue', PartnerRegistrationQueue);
  graphql.emit(data, undefined, refresh);
  await flushPromises();
  return element;
}

describe('c-partner-registration-queue', () => {
  afterEach(cleanup);

  it('shows a spinner while loading', async () => {
    const element = mount('c-partner-registration-queue', PartnerRegistrationQueue);
    await flushPromises();
    expect($(element, 'lightning-spinner').alternativeText).toBe('c.PL_Loading');
    expect($(element, 'table')).toBeNull();
  });

  it('asks for Submitted and Under review registrations only, oldest submission first, one page at a time', async () => {
    await mountWith(QUEUE);
    const { query, variables } = graphql.getLastConfig();
    expect(query).toContain('where: { Status__c: { in: ["Submitted", "Under review"] } }');
    expect(query).toContain('orderBy: { Submitted_At__c: { order: ASC, nulls: LAST }, CreatedDate: { order: ASC } }');
    expect(variables).toEqual({ pageSize: 10, after: null });
  });

  it('lists the registrations in the order the org returns them, each linking to its record page', async () => {
    const element = await mountWith(QUEUE);
    const links = $$(element, 'tbody tr.registration th a');
    expect(links.map((a) => [text(a), a.getAttribute('href')])).toEqual([
      ['DR-000003', '/lightning/r/Partner_Registration__c/a075g00000RegAAAAA/view'],
      ['DR-000005', '/lightning/r/Partner_Registration__c/a075g00000RegCCAAA/view'],
      ['DR-000006', '/lightning/r/Partner_Registration__c/a075g00000RegDDAAA/view'],
    ]);
    expect(text($(element, '.summary'))).toBe('4 awaiting a decision');
  });

  it('shows partner, company, domain, amount, submitted at and status in labelled cells', async () => {
    const element = await mountWith(QUEUE);
    const first = row(element, 'a075g00000RegAAAAA');
    const cells = Object.fromEntries([...first.querySelectorAll('td')].map((td) => [td.dataset.label, td]));
    expect(text(cells['c.PL_Field_Partner'])).toBe('Northwind');
    expect(text(cells['c.PL_Field_Company'])).toBe('Acme Corp');
    expect(text(cells['c.PL_Field_Domain'])).toBe('acme.example');
    // whole money like the impact figures: lightning-formatted-number over the value, not the field's displayValue
    const amount = cells['c.PL_Reg_Field_Amount'].querySelector('lightning-formatted-number');
    expect(amount.value).toBe(50000);
    expect(amount.formatStyle).toBe('currency');
    expect(amount.maximumFractionDigits).toBe('0');
    expect(cells['c.PL_Reg_Field_Submitted'].querySelector('lightning-formatted-date-time').value).toBe(
      '2026-11-20T08:00:00.000Z',
    );
    // the one date-and-time format of every screen, in the user's time zone (not the browser's)
    expect(dateTimeFormatOf(cells['c.PL_Reg_Field_Submitted'].querySelector('lightning-formatted-date-time'))).toEqual({ ...DATE_TIME_FORMAT, timeZone: 'America/Los_Angeles' });
    expect(text(cells['c.PL_Field_Status'])).toBe('Submitted');
    expect(text(cells['c.PL_Reg_Field_Conflict'])).toBe('c.PL_Reg_No_Conflict');
    expect(text(cells['c.PL_Field_Match_Method'].querySelector('.method'))).toBe('Domain');
    expect(first.querySelector('.name-only')).toBeNull();
  });

  it('flags a name-only match for review', async () => {
    const element = await mountWith(QUEUE);
    const nameOnly = row(element, 'a075g00000RegCCAAA');
    expect(nameOnly.querySelector('lightning-badge.name-only').label).toBe('c.PL_Reg_Name_Only');
    expect(text(nameOnly.querySelector('.conflict-value'))).toBe('Name only');
    expect(text(nameOnly.querySelector('.match-reason'))).toBe("name 'Globex GmbH' ~ 'Globex Inc' on globex.de / globex.example");
    expect($$(element, 'lightning-badge.name-only')).toHaveLength(1);
  });

  it("names the conflicting registration's partner and links to it", async () => {
    const element = await mountWith(QUEUE);
    const conflict = row(element, 'a075g00000RegDDAAA').querySelector('td.conflict');
    expect(text(conflict.querySelector('.conflict-value'))).toBe('Other partner');
    const link = conflict.querySelector('a.conflict-with');
    expect([text(link), link.getAttribute('href')]).toEqual([
      'with Contoso (DR-000001)',
      '/lightning/r/Partner_Registration__c/a075g00000RegBBAAA/view',
    ]);
  });

  it('pages forward by the end cursor and back to the first page', async () => {
    const element = await mountWith(QUEUE);
    expect(text($(element, '.page'))).toBe('Page 1');
    expect($(element, 'lightning-button.previous').disabled).toBe(true);
    $(element, 'lightning-button.next').click();
    await flushPromises();
    expect(graphql.getLastConfig().variables).toEqual({ pageSize: 10, after: 'djE6Mg==' });
    graphql.emit(PAGE_2);
    await flushPromises();
    expect($$(element, 'tbody th a').map(text)).toEqual(['DR-000009']);
    expect(text($(element, '.page'))).toBe('Page 2');
    expect($(element, 'lightning-button.next').disabled).toBe(true);
    expect($(element, 'lightning-button.previous').disabled).toBe(false);
    $(element, 'lightning-button.previous').click();
    await flushPromises();
    expect(graphql.getLastConfig().variables).toEqual({ pageSize: 10, after: null });
  });

  it('has no pager when everything fits on one page', async () => {
    const element = await mountWith(PAGE_2);
    expect($(element, 'nav.pager')).toBeNull();
  });

  it('goes back to the first page when a later page has emptied', async () => {
    const element = await mountWith(QUEUE);
    $(element, 'lightning-button.next').click();
    await flushPromises();
    graphql.emit(EMPTY);
    await flushPromises();
    expect(graphql.getLastConfig().variables).toEqual({ pageSize: 10, after: null });
  });

  it('shows the empty state', async () => {
    const element = await mountWith(EMPTY);
    expect(text($(element, '.empty'))).toBe('c.PL_Reg_Queue_Empty');
    expect($(element, 'table')).toBeNull();
  });

  it('shows the error panel when the query fails', async () => {
    const element = mount('c-partner-registration-queue', PartnerRegistrationQueue);
    const errors = [{ message: 'boom', locations: [], paths: [] }];
    graphql.emitErrors(errors);
    await flushPromises();
    const panel = $(element, 'c-error-panel');
    expect([panel.friendlyMessage, panel.errors]).toEqual(['c.PL_Error_Load_Failed', errors]);
  });

  it('refreshes on demand', async () => {
    const refresh = jest.fn().mockResolvedValue(undefined);
    const element = await mountWith(QUEUE, refresh);
    $(element, 'lightning-button-icon.refresh').click();
    await flushPromises();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('is accessible, with rows and empty', async () => {
    const element = await mountWith(QUEUE);
    await expect(element).toBeAccessible();
    cleanup();
    const empty = await mountWith(EMPTY);
    await expect(empty).toBeAccessible();
  });
});
