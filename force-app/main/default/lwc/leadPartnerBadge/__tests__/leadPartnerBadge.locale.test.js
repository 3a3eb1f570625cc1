// A de-DE user: the referral date in that user's medium date format, whatever the server's displayValue says.
import LeadPartnerBadge from 'c/leadPartnerBadge';
import { getRecord } from 'lightning/uiRecordApi';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import GET_RECORD from './data/getRecord.json';
import PARTNERS from './data/graphqlLeadOverlaps.json';

jest.mock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });
jest.mock('@salesforce/i18n/timeZone', () => ({ default: 'Pacific/Honolulu' }), { virtual: true });
jest.mock('@salesforce/i18n/dateTime.mediumDateFormat', () => ({ default: 'dd.MM.yyyy' }), { virtual: true });

describe('c-lead-partner-badge in de-DE', () => {
  afterEach(cleanup);

  it('writes the referral date as 14.03.2026, the same day west of UTC', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: '00Q5g00000LeadAAAA' });
    getRecord.emit(GET_RECORD);
    graphql.emit(PARTNERS);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.referral-date').textContent).toBe('14.03.2026');
  });
});
