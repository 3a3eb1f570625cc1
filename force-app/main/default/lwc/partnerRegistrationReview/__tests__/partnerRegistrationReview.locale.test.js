// A de-DE user: the approval's protection preview names its last day as that user's Lightning writes a date.
import PartnerRegistrationReview from 'c/partnerRegistrationReview';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import PENDING from './data/graphqlPending.json';

jest.mock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });
jest.mock('@salesforce/i18n/dateTime.mediumDateFormat', () => ({ default: 'dd.MM.yyyy' }), { virtual: true });
jest.mock('@salesforce/user/Id', () => ({ __esModule: true, default: '0055g00000MgrAAAAA' }), { virtual: true });
jest.mock(
  '@salesforce/label/c.PL_Reg_Protection_Preview',
  () => ({ __esModule: true, default: 'protects for {0} days, until {1}' }),
  { virtual: true },
);

describe('c-partner-registration-review in de-DE', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
    jest.setSystemTime(new Date('2026-12-07T10:00:00.000Z'));
  });

  afterEach(() => {
    cleanup();
    jest.useRealTimers();
  });

  it('writes the last protected day as 06.01.2027, not 2027-01-06', async () => {
    const element = mount('c-partner-registration-review', PartnerRegistrationReview, { recordId: 'a075g00000RegAAAAA' });
    graphql.emit(PENDING);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.protection-preview').textContent.trim()).toBe('protects for 30 days, until 06.01.2027');
  });
});
