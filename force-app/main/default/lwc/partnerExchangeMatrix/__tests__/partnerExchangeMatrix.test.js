import PartnerExchangeMatrix from 'c/partnerExchangeMatrix';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import EXCHANGE from './data/graphqlExchange.json';
import EMPTY from './data/graphqlExchangeEmpty.json';

jest.mock(
  '@salesforce/label/c.PL_Exchange_Summary',
  () => ({ __esModule: true, default: '{0}, {1}, {2}: our set {3}, theirs {4}' }),
  { virtual: true },
);

const PARTNER_ID = 'a015g00000PrtAAAAA';
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const text = (node) => node?.textContent.replace(/\s+/g, ' ').trim();

async function mountWith(emit) {
  const element = mount('c-partner-exchange-matrix', PartnerExchangeMatrix, { recordId: PARTNER_ID });
  emit();
  await flushPromises();
  return element;
}

describe('c-partner-exchange-matrix', () => {
  afterEach(cleanup);

  it('asks for the latest exchange of this partner', async () => {
    await mountWith(() => graphql.emit(EXCHANGE));
    expect(graphql.getLastConfig().variables).toEqual({ partnerId: PARTNER_ID });
  });

  it('shows a spinner until the data arrives', () => {
    const element = mount('c-partner-exchange-matrix', PartnerExchangeMatrix, { recordId: PARTNER_ID });
    expect($(element, 'lightning-spinner')).not.toBeNull();
    expect($(element, 'table')).toBeNull();
  });

  it('shows the matrix of the latest exchange: our populations by theirs, 0 where no pair overlaps', async () => {
    const element = await mountWith(() => graphql.emit(EXCHANGE));
    // set sizes as the user's locale writes numbers (en-US here), not a bare 1200; the finish time in the one
    // date-and-time format and the user's zone (America/Los_Angeles here), not the server's displayValue
    expect(text($(element, '.summary'))).toBe('PSI-000003, Counts, Dec 1, 2026, 02:01 AM: our set 1,200, theirs 950');
    // headers wrap instead of being cut ('Open Opp…' at 400 px)
    expect([...element.shadowRoot.querySelectorAll('th')].some((th) => th.querySelector('.slds-truncate'))).toBe(false);
    expect($(element, 'table').classList).not.toContain('slds-table_fixed-layout');
    const headers = [...element.shadowRoot.querySelectorAll('thead th')].map(text);
    expect(headers).toEqual(['c.PL_Exchange_Ours', 'Customer', 'Open Opportunity', 'Prospect', 'Lead']);
    const cell = (pair) => text($(element, `td[data-pair="${pair}"]`));
    expect(cell('Customer/Customer')).toBe('42');
    expect(cell('Customer/Lead')).toBe('7');
    expect(cell('Prospect/Open Opportunity')).toBe('13');
    expect(cell('Lead/Lead')).toBe('0');
    // below the small-cell minimum: no number
    expect(cell('Lead/Prospect')).toBe('< 5');
    expect(element.shadowRoot.querySelectorAll('tbody tr')).toHaveLength(4);
    expect(element.shadowRoot.querySelectorAll('td.cell')).toHaveLength(16);
  });

  it('says there is no exchange yet', async () => {
    const element = await mountWith(() => graphql.emit(EMPTY));
    expect(text($(element, '.empty'))).toBe('c.PL_Exchange_Empty');
    expect($(element, 'table')).toBeNull();
  });

  it('shows the read error in the error panel', async () => {
    const element = await mountWith(() => graphql.emitErrors([{ message: 'No access to Partner_Exchange__c' }]));
    const panel = $(element, 'c-error-panel');
    expect(panel.errors).toEqual([{ message: 'No access to Partner_Exchange__c' }]);
    expect($(element, 'table')).toBeNull();
  });

  it('is accessible with a matrix and when empty', async () => {
    const element = await mountWith(() => graphql.emit(EXCHANGE));
    await expect(element).toBeAccessible();
    cleanup();
    await expect(await mountWith(() => graphql.emit(EMPTY))).toBeAccessible();
  });
});
