// A de-DE user in Berlin: the exchange's finish time and set sizes as that user's Lightning writes them.
import PartnerExchangeMatrix from 'c/partnerExchangeMatrix';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import EXCHANGE from './data/graphqlExchange.json';

jest.mock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });
jest.mock('@salesforce/i18n/timeZone', () => ({ default: 'Europe/Berlin' }), { virtual: true });
jest.mock(
  '@salesforce/label/c.PL_Exchange_Summary',
  () => ({ __esModule: true, default: '{0}, {1}, {2}: our set {3}, theirs {4}' }),
  { virtual: true },
);

const text = (node) => node?.textContent.replace(/\s+/g, ' ').trim();

describe('c-partner-exchange-matrix in de-DE', () => {
  afterEach(cleanup);

  it("writes the finish time in the user's zone and locale and the counts with German separators", async () => {
    const element = mount('c-partner-exchange-matrix', PartnerExchangeMatrix, { recordId: 'a015g00000PrtAAAAA' });
    graphql.emit(EXCHANGE);
    await flushPromises();
    // Finished__c is 2026-12-01T10:01Z: 11:01 in Berlin; the fixture's en-US displayValue is not shown
    expect(text(element.shadowRoot.querySelector('.summary'))).toBe('PSI-000003, Counts, 1. Dez. 2026, 11:01: our set 1.200, theirs 950');
  });
});
