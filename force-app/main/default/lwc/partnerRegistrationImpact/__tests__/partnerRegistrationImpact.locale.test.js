// A de-DE user: the "only the first N were counted" note writes N as that user's locale does.
import PartnerRegistrationImpact from 'c/partnerRegistrationImpact';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import UNDECIDED from './data/graphqlRegistrationsUndecided.json';

jest.mock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_Reg_Impact_Truncated', () => ({ __esModule: true, default: 'Only the first {0} counted.' }), {
  virtual: true,
});

describe('c-partner-registration-impact in de-DE', () => {
  afterEach(cleanup);

  it('writes the page size as 2.000 (the user locale), not the browser locale', async () => {
    const element = mount('c-partner-registration-impact', PartnerRegistrationImpact, { recordId: 'a00000000000001AAA' });
    graphql.emit(UNDECIDED);
    await flushPromises();
    expect(element.shadowRoot.querySelector('.truncated').textContent).toBe('Only the first 2.000 counted.');
  });
});
