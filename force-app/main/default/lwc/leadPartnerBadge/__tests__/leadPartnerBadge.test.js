import LeadPartnerBadge from 'c/leadPartnerBadge';
import { getRecord } from 'lightning/uiRecordApi';
import { mount, cleanup, flushPromises } from 'jest-utils';
import GET_RECORD from './data/getRecord.json';
import NOT_SOURCED from './data/getRecordNotSourced.json';

const LEAD_ID = '00Q5g00000LeadAAAA';
const $ = (element, selector) => element.shadowRoot.querySelector(selector);

describe('c-lead-partner-badge', () => {
  afterEach(cleanup);

  it('shows a spinner while loading and asks for the partner fields', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    await flushPromises();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    const config = getRecord.getLastConfig();
    expect(config.recordId).toBe(LEAD_ID);
    expect(config.optionalFields.map((f) => f.fieldApiName)).toEqual([
      'Partner_Sourced__c',
      'Source_Partner__r.Name',
      'Partner_Referral_Date__c',
      'Partner_Overlap_Count__c',
    ]);
  });

  it('shows the sourced badge, partner, referral date and overlap count', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.emit(GET_RECORD);
    await flushPromises();
    expect($(element, 'lightning-badge.sourced').label).toBe('c.PL_Badge_Partner_Sourced');
    expect($(element, '.source-partner').textContent).toBe('Northwind Traders');
    expect($(element, '.referral-date').textContent).toBe('3/14/2026');
    expect($(element, '.overlap-count').textContent).toBe('3');
  });

  it('says the lead is not partner-sourced and shows empty values', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.emit(NOT_SOURCED);
    await flushPromises();
    expect($(element, 'lightning-badge')).toBeNull();
    expect($(element, '.not-sourced').textContent).toBe('c.PL_Lead_Not_Sourced');
    expect($(element, '.source-partner').textContent).toBe('—');
    expect($(element, '.referral-date').textContent).toBe('—');
    expect($(element, '.overlap-count').textContent).toBe('0');
  });

  it('shows the error panel when the record cannot be read', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.error();
    await flushPromises();
    const panel = $(element, 'c-error-panel');
    expect(panel.errors.status).toBe(404);
    expect(panel.friendlyMessage).toBe('c.PL_Error_Load_Failed');
  });

  it('is accessible', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.emit(GET_RECORD);
    await flushPromises();
    await expect(element).toBeAccessible();
  });
});
