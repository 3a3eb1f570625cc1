// A de-DE user: the queue's count with German separators, its submitted times in the user's zone.
import PartnerRegistrationQueue from 'c/partnerRegistrationQueue';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises, dateTimeFormatOf } from 'jest-utils';
import QUEUE from './data/graphqlQueue.json';

jest.mock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });
jest.mock('@salesforce/i18n/timeZone', () => ({ default: 'Europe/Berlin' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_Reg_Queue_Summary', () => ({ __esModule: true, default: '{0} awaiting a decision' }), {
  virtual: true,
});

describe('c-partner-registration-queue in de-DE', () => {
  afterEach(cleanup);

  it('writes a count of 1234 as 1.234 and shows submitted times in Europe/Berlin', async () => {
    const many = JSON.parse(JSON.stringify(QUEUE));
    many.uiapi.query.Partner_Registration__c.totalCount = 1234;
    const element = mount('c-partner-registration-queue', PartnerRegistrationQueue);
    graphql.emit(many);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.summary').textContent.trim()).toBe('1.234 awaiting a decision');
    const submitted = element.shadowRoot.querySelector('lightning-formatted-date-time');
    expect(dateTimeFormatOf(submitted).timeZone).toBe('Europe/Berlin');
  });
});
