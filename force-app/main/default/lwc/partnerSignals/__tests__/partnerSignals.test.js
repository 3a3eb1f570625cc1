import PartnerSignals from 'c/partnerSignals';
import { graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import { mount, cleanup, flushPromises, dateTimeFormatOf } from 'jest-utils';
import { DATE_TIME_FORMAT } from 'c/localeFormat';
import SIGNALS from './data/graphqlSignals.json';
import EMPTY from './data/graphqlSignalsEmpty.json';

const PARTNER_ID = 'a0A000000000001AAA';
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];

async function mountWith(data) {
  const element = mount('c-partner-signals', PartnerSignals, { recordId: PARTNER_ID });
  if (data) graphql.emit(data);
  await flushPromises();
  return element;
}

async function toggleAcknowledged(element) {
  const toggle = $(element, 'lightning-input.toggle');
  toggle.checked = true;
  toggle.dispatchEvent(new CustomEvent('change'));
  await flushPromises();
}

describe('c-partner-signals', () => {
  afterEach(cleanup);

  it("reads this partner's signals, newest first", async () => {
    await mountWith();
    const config = graphql.getLastConfig();
    expect(config.variables).toEqual({ partnerId: PARTNER_ID, pageSize: 200 });
    expect(config.query).toContain('Partner__c: { eq: $partnerId }');
    expect(config.query).toContain('orderBy: { Detected_At__c: { order: DESC, nulls: LAST } }');
  });

  it('lists the signals nobody acknowledged yet, and the others on demand with who acknowledged them', async () => {
    const element = await mountWith(SIGNALS);
    expect($(element, '.summary').textContent).toBe('c.PL_Signals_Summary');
    expect($$(element, 'li.signal .kind').map((h) => h.textContent)).toEqual(['Prospect became customer']);
    const open = $(element, 'li.signal');
    expect(open.querySelector('.record').textContent).toBe('Acme expansion');
    expect(open.querySelector('lightning-formatted-date-time').value).toBe('2026-12-07T09:00:00.000Z');
    // the one date-and-time format of every screen, in the user's time zone (not the browser's)
    expect(dateTimeFormatOf(open.querySelector('lightning-formatted-date-time'))).toEqual({ ...DATE_TIME_FORMAT, timeZone: 'America/Los_Angeles' });
    expect(open.querySelector('lightning-button.acknowledge').label).toBe('c.PL_Signals_Acknowledge');

    await toggleAcknowledged(element);
    expect($$(element, 'li.signal .kind').map((h) => h.textContent)).toEqual([
      'Prospect became customer',
      'Partner opened a deal',
      'New overlap on an open deal',
    ]);
    const [, acknowledged, acted] = $$(element, 'li.signal');
    // an account-level signal names the account; a rep's intro request counts as acted on
    expect(acknowledged.querySelector('.record').textContent).toBe('Hooli');
    expect(acknowledged.querySelector('.acknowledged-by').textContent).toBe('Morgan Manager');
    expect(acknowledged.querySelector('lightning-button')).toBeNull();
    expect(acted.querySelector('.status-value').textContent).toBe('Intro requested');
    expect(acted.querySelector('lightning-button')).toBeNull();
  });

  it('acknowledges a signal: status, the user and the time on the record', async () => {
    const element = await mountWith(SIGNALS);
    const toasts = [];
    element.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    const before = Date.now();
    $(element, 'lightning-button.acknowledge').click();
    await flushPromises();
    const { fields } = updateRecord.mock.calls[0][0];
    expect(fields).toMatchObject({ Id: 'a0S000000000001AAA', Status__c: 'Acknowledged', Acknowledged_By__c: USER_ID });
    expect(Date.parse(fields.Acknowledged_At__c)).toBeGreaterThanOrEqual(before - 1000);
    expect(toasts).toEqual([{ title: 'c.PL_Signals_Acknowledged', variant: 'success' }]);
    expect($(element, 'li.signal')).toBeNull();
    expect($(element, '.status').textContent).toBe('c.PL_Signals_Acknowledged');
  });

  it('keeps the signal open when the write fails', async () => {
    updateRecord.mockRejectedValueOnce({ body: { message: 'Insufficient access' }, ok: false, status: 403 });
    const element = await mountWith(SIGNALS);
    const toasts = [];
    element.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    $(element, 'lightning-button.acknowledge').click();
    await flushPromises();
    expect(toasts).toEqual([{ title: 'c.PL_Error_Save_Failed', message: 'Insufficient access', variant: 'error' }]);
    expect($(element, 'lightning-button.acknowledge')).not.toBeNull();
  });

  it('has an empty state and an error panel', async () => {
    const element = await mountWith(EMPTY);
    expect($(element, '.empty').textContent).toBe('c.PL_Signals_Empty');
    cleanup();
    const failed = mount('c-partner-signals', PartnerSignals, { recordId: PARTNER_ID });
    graphql.emitErrors([{ message: 'boom' }]);
    await flushPromises();
    expect($(failed, 'c-error-panel')).not.toBeNull();
  });

  it('is accessible', async () => {
    const element = await mountWith(SIGNALS);
    await toggleAcknowledged(element);
    await expect(element).toBeAccessible();
  });
});
