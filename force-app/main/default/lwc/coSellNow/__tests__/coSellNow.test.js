import CoSellNow from 'c/coSellNow';
import { graphql } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import { mount, cleanup, flushPromises } from 'jest-utils';
import CO_SELL from './data/graphqlCoSell.json';
import EMPTY from './data/graphqlCoSellEmpty.json';

// Three hours after the Globex signal in the mock data: a signal of today boosts x1.5.
const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const ACME = '006D00000000001AAA';
const HOOLI = '006D00000000002AAA';
const GLOBEX = 'a0A000000000001AAA';
const INITECH = 'a0A000000000002AAA';
const SIGNAL = 'a0S000000000001AAA';
const MANAGER = '005000000000009AAA';

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const pair = (element, dealId, partnerId) => $(element, `li.deal[data-id="${dealId}"] li.pair[data-partner-id="${partnerId}"]`);

async function mountWith(data, props = {}) {
  const element = mount('c-co-sell-now', CoSellNow, props);
  if (data) graphql.emit(data);
  await flushPromises();
  return element;
}

describe('c-co-sell-now', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => {
    cleanup();
    jest.restoreAllMocks();
  });

  it("reads the user's open deals on the Home page and only this deal on an Opportunity page", async () => {
    await mountWith();
    expect(graphql.getLastConfig().variables.dealWhere).toEqual({ and: [{ OwnerId: { eq: USER_ID } }, { IsClosed: { eq: false } }] });
    const query = graphql.getLastConfig().query;
    // the lift is measured on closed deals and overlaps; the signals say what moved; the partner's owner gets the intro
    expect(query).toContain('Opportunity(where: { IsClosed: { eq: true } }, first: $pageSize, orderBy: { CloseDate: { order: DESC } })');
    expect(query).toContain('Partner__c(first: $pageSize)');
    expect(query).toContain('Partner_Signal__c(');
    expect(query).toMatch(/Partner__r \{\s+Name \{\s+value\s+\}\s+OwnerId/);
    expect(query).toContain('Partner_Influences__r');
    expect(query).toContain('{ Active__c: { eq: true } }, { Disputed__c: { eq: false } }');
    // the deals' own overlaps and signals, apart from the org-wide ones the lift is measured on
    expect(query).toMatch(/MyOverlaps: Partner_Overlap__c\([\s\S]*Account__c: \{ inq: \{ Opportunity: \$dealWhere, ApiName: "AccountId" \} \}/);
    expect(query).toContain('{ Opportunity__c: { inq: { Opportunity: $dealWhere, ApiName: "Id" } } }');
    expect(graphql.getLastConfig().variables.pageSize).toBe(2000);
    cleanup();
    await mountWith(undefined, { recordId: ACME, objectApiName: 'Opportunity' });
    expect(graphql.getLastConfig().variables.dealWhere).toEqual({ Id: { eq: ACME } });
  });

  it('ranks the deals by co-sell score, with each partner, its reasons, the partner owner where shared and our partner manager', async () => {
    const element = await mountWith(CO_SELL);
    // Acme: 100,000 x (1 + 60% - 25%) x 1 (same cycle) x 1 (customer) x 1.5 (signal today) = 202,500
    // Hooli: 50,000 x (1 + 60% - 25%, the prior: Initech shares no closed deal) x 0.5 (prospect) = 33,750
    expect($$(element, 'li.deal').map((li) => li.dataset.id)).toEqual([ACME, HOOLI]);
    expect($$(element, 'li.deal .score lightning-formatted-number').map((n) => n.value)).toEqual([202500, 33750]);
    expect($$(element, 'li.deal .amount lightning-formatted-number').map((n) => [n.value, n.formatStyle])).toEqual([
      [100000, 'currency'],
      [50000, 'currency'],
    ]);
    const globex = pair(element, ACME, GLOBEX);
    expect(globex.querySelector('.partner-name').textContent).toBe('Globex');
    expect(globex.querySelector('.reasons').textContent).toBe(
      'c.PL_CoSell_Reason_Customer; c.PL_CoSell_Reason_Win_Rate; c.PL_CoSell_Reason_Signal_Became_Customer',
    );
    expect(globex.querySelector('.partner-owner').textContent).toBe('Pat Lee');
    expect(globex.querySelector('.partner-manager').textContent).toBe('Morgan Manager');
    expect(globex.querySelector('.actions').getAttribute('aria-label')).toBe('c.PL_CoSell_Actions_For');
    expect(globex.querySelector('lightning-button.request-intro').label).toBe('c.PL_CoSell_Request_Intro');
    expect(globex.querySelector('lightning-button.dismiss').label).toBe('c.PL_CoSell_Dismiss');

    const initech = pair(element, HOOLI, INITECH);
    expect(initech.querySelector('.reasons').textContent).toBe('c.PL_CoSell_Reason_Prospect; c.PL_CoSell_Reason_Prior');
    expect(initech.querySelector('.partner-owner').textContent).toBe('c.PL_Contact_Not_Shared');
    // no signal on the pair: nothing to dismiss, an intro can still be asked for
    expect(initech.querySelector('lightning-button.dismiss')).toBeNull();
    expect(initech.querySelector('lightning-button.request-intro')).not.toBeNull();
    expect($(element, '.truncated')).toBeNull();
  });

  it('counts every partner for the prior, as partner impact does: a deal tagged with a partner no overlap names too', async () => {
    const tagged = JSON.parse(JSON.stringify(CO_SELL));
    const q = tagged.uiapi.query;
    q.Partner__c.edges.push({ node: { Id: 'a0A000000000003AAA', Name: { value: 'Umbrella' } } });
    // a won deal on an account no partner lists, tagged with Umbrella: deals with any partner are now 4 of 6 won
    q.Opportunity.edges.push({
      node: {
        ...q.Opportunity.edges[0].node,
        Id: '006C00000000099AAA',
        AccountId: { value: '001N00000000009AAA' },
        Partner_Influences__r: { edges: [{ node: { Id: 'a0I000000000001AAA', Partner__c: { value: 'a0A000000000003AAA' }, Role__c: { value: 'Influenced' } } }] },
      },
    });
    const element = await mountWith(tagged);
    // Hooli (Initech, the prior): 50,000 x (1 + 0.6667 - 0.25) x 0.5; without Umbrella's deal it was 33,750
    expect($$(element, 'li.deal .score lightning-formatted-number').map((n) => n.value)).toEqual([202500, 35418]);
  });

  it("lists a deal's partners from its own overlaps, not the org-wide page the lift is measured on", async () => {
    const cut = JSON.parse(JSON.stringify(CO_SELL));
    // the org-wide page ends before Hooli's overlap: Initech still shows on Hooli
    cut.uiapi.query.Partner_Overlap__c.edges = cut.uiapi.query.Partner_Overlap__c.edges.filter((e) => e.node.Account__c.value !== '001A00000000002AAA');
    const element = await mountWith(cut);
    expect(pair(element, HOOLI, INITECH)).not.toBeNull();
    cleanup();
    const none = JSON.parse(JSON.stringify(CO_SELL));
    none.uiapi.query.MyOverlaps.edges = [];
    expect($(await mountWith(none), '.empty').textContent).toBe('c.PL_CoSell_Empty');
  });

  it('requests an intro: a Task for the partner manager on the deal, and the signal marked with it', async () => {
    createRecord.mockResolvedValue({ id: '00T000000000001AAA' });
    const element = await mountWith(CO_SELL);
    const toasts = [];
    element.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    pair(element, ACME, GLOBEX).querySelector('lightning-button.request-intro').click();
    await flushPromises();

    expect(createRecord).toHaveBeenCalledWith({
      apiName: 'Task',
      fields: {
        Subject: 'c.PL_CoSell_Intro_Subject',
        Description: 'c.PL_CoSell_Reason_Customer; c.PL_CoSell_Reason_Win_Rate; c.PL_CoSell_Reason_Signal_Became_Customer',
        OwnerId: MANAGER,
        WhatId: ACME,
        Status: 'Not Started',
        Priority: 'Normal',
      },
    });
    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: SIGNAL, Status__c: 'Intro_Requested', Intro_Task_Id__c: '00T000000000001AAA' } });
    const globex = pair(element, ACME, GLOBEX);
    expect(globex.querySelector('lightning-badge.intro-requested').label).toBe('c.PL_CoSell_Intro_Requested');
    expect(globex.querySelector('lightning-button')).toBeNull();
    expect(toasts).toEqual([{ title: 'c.PL_CoSell_Intro_Done', variant: 'success' }]);
    expect($(element, '.status').textContent).toBe('c.PL_CoSell_Intro_Done');
  });

  it('asks for an intro without a signal too, updating none', async () => {
    createRecord.mockResolvedValue({ id: '00T000000000002AAA' });
    const element = await mountWith(CO_SELL);
    pair(element, HOOLI, INITECH).querySelector('lightning-button.request-intro').click();
    await flushPromises();
    expect(createRecord.mock.calls[0][0].fields).toMatchObject({ OwnerId: MANAGER, WhatId: HOOLI });
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('dismisses a pair: its signal is Dismissed and the deal leaves the list when no partner is left', async () => {
    const element = await mountWith(CO_SELL);
    pair(element, ACME, GLOBEX).querySelector('lightning-button.dismiss').click();
    await flushPromises();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: SIGNAL, Status__c: 'Dismissed' } });
    expect(createRecord).not.toHaveBeenCalled();
    expect($$(element, 'li.deal').map((li) => li.dataset.id)).toEqual([HOOLI]);
  });

  it('shows why a write failed and keeps the pair as it was', async () => {
    createRecord.mockRejectedValue({ body: { message: 'Owner is inactive' }, ok: false, status: 400 });
    const element = await mountWith(CO_SELL);
    const toasts = [];
    element.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    pair(element, ACME, GLOBEX).querySelector('lightning-button.request-intro').click();
    await flushPromises();
    expect(updateRecord).not.toHaveBeenCalled();
    expect(toasts).toEqual([{ title: 'c.PL_Error_Save_Failed', message: 'Owner is inactive', variant: 'error' }]);
    expect(pair(element, ACME, GLOBEX).querySelector('lightning-button.request-intro')).not.toBeNull();
  });

  it('takes the minimum of shared closed deals from the page: above every count, nothing is measured and it says so', async () => {
    const element = await mountWith(CO_SELL, { minSharedDeals: 6 });
    // 100,000 x 1 x 1 x 1 x 1.5
    expect($(element, 'li.deal .score lightning-formatted-number').value).toBe(150000);
    expect(pair(element, ACME, GLOBEX).querySelector('.reasons').textContent).toBe(
      'c.PL_CoSell_Reason_Customer; c.PL_CoSell_Reason_No_History; c.PL_CoSell_Reason_Signal_Became_Customer',
    );
  });

  it('lists the best deals up to the page\'s maximum and says how many there are', async () => {
    const element = await mountWith(CO_SELL, { maxDeals: 1 });
    expect($$(element, 'li.deal').map((li) => li.dataset.id)).toEqual([ACME]);
    expect($(element, '.top-of').textContent).toBe('c.PL_CoSell_Top_Of');
    cleanup();
    const all = await mountWith(CO_SELL);
    expect(all.maxDeals).toBe(10);
    expect($(all, '.top-of')).toBeNull();
  });

  it('says when only the first page was counted', async () => {
    const cut = JSON.parse(JSON.stringify(CO_SELL));
    cut.uiapi.query.Opportunity.pageInfo.hasNextPage = true;
    const element = await mountWith(cut);
    expect($(element, '.truncated').textContent).toBe('c.PL_CoSell_Truncated');
  });

  it('has an empty state on the Home page and on a deal', async () => {
    let element = await mountWith(EMPTY);
    expect($(element, '.empty').textContent).toBe('c.PL_CoSell_Empty');
    cleanup();
    element = await mountWith(EMPTY, { recordId: ACME, objectApiName: 'Opportunity' });
    expect($(element, '.empty').textContent).toBe('c.PL_CoSell_Empty_Deal');
  });

  it('shows the error panel when the query fails', async () => {
    const element = mount('c-co-sell-now', CoSellNow);
    graphql.emitErrors([{ message: 'boom' }]);
    await flushPromises();
    expect($(element, 'c-error-panel')).not.toBeNull();
  });

  it('is accessible', async () => {
    const element = await mountWith(CO_SELL);
    await expect(element).toBeAccessible();
  });
});
