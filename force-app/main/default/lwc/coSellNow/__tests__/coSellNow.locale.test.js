// A de-DE user: the win rates in a pair's reasons and the page size in the truncation note are written as that
// user's locale writes them (60 %, 2.000), not with a hand-built "60%" or the browser's separators.
import CoSellNow from 'c/coSellNow';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import CO_SELL from './data/graphqlCoSell.json';

jest.mock('@salesforce/i18n/locale', () => ({ default: 'de-DE' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_CoSell_Reason_Win_Rate', () => ({ __esModule: true, default: '{0}: {1} gegen {2}' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_CoSell_Truncated', () => ({ __esModule: true, default: 'Nur die ersten {0} gezählt.' }), { virtual: true });

const NOW = Date.parse('2026-12-07T12:00:00.000Z');

describe('c-co-sell-now in de-DE', () => {
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => {
    cleanup();
    jest.restoreAllMocks();
  });

  it('writes the win rates as 60 % and 25 % and the page size as 2.000', async () => {
    const cut = JSON.parse(JSON.stringify(CO_SELL));
    cut.uiapi.query.Opportunity.pageInfo.hasNextPage = true;
    const element = mount('c-co-sell-now', CoSellNow, {});
    graphql.emit(cut);
    await flushPromises();
    const globex = element.shadowRoot.querySelector('li.deal[data-id="006D00000000001AAA"] li.pair[data-partner-id="a0A000000000001AAA"]');
    expect(globex.querySelector('.reasons').textContent).toContain('Globex: 60\u00a0% gegen 25\u00a0%');
    expect(element.shadowRoot.querySelector('.truncated').textContent).toBe('Nur die ersten 2.000 gezählt.');
  });
});
