import PartnerRegistrationImpact from 'c/partnerRegistrationImpact';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import REGISTRATIONS from './data/graphqlRegistrations.json';
import UNDECIDED from './data/graphqlRegistrationsUndecided.json';
import EMPTY from './data/graphqlRegistrationsEmpty.json';

const PARTNER_ID = 'a00000000000001AAA';
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const tile = (element, key) => $(element, `li.tile[data-key="${key}"]`);
const number = (element, key) => tile(element, key)?.querySelector('lightning-formatted-number');

async function mountWith(data) {
  const element = mount('c-partner-registration-impact', PartnerRegistrationImpact, { recordId: PARTNER_ID });
  if (data) graphql.emit(data);
  await flushPromises();
  return element;
}

describe('c-partner-registration-impact', () => {
  afterEach(cleanup);

  it("reads this partner's registrations with their deal's outcome", async () => {
    await mountWith();
    const config = graphql.getLastConfig();
    expect(config.variables).toEqual({ partnerId: PARTNER_ID, pageSize: 2000 });
    expect(config.query).toContain('Partner__c: { eq: $partnerId }');
    expect(config.query).toContain('Opportunity__r');
  });

  it('shows received, pending, approval rate, median days to a decision and the registered deals won', async () => {
    const element = await mountWith(REGISTRATIONS);
    expect(number(element, 'received').value).toBe(4);
    expect(number(element, 'pending').value).toBe(1);
    // 2 approved (Converted, Approved) of 3 decided
    expect(number(element, 'approval').value).toBeCloseTo(2 / 3);
    expect(number(element, 'approval').formatStyle).toBe('percent');
    // a manager's decisions only: 2 and 4 days; the rule's rejection took no one's time
    expect(number(element, 'days').value).toBe(3);
    expect(number(element, 'won').value).toBe(0.5);
    expect(tile(element, 'won').querySelector('.detail').textContent).toBe('c.PL_Reg_Impact_Won_Of');
    expect([...element.shadowRoot.querySelectorAll('li.tile .label')].map((p) => p.textContent)).toEqual([
      'c.PL_Reg_Impact_Received',
      'c.PL_Reg_Impact_Pending',
      'c.PL_Reg_Impact_Approval_Rate',
      'c.PL_Reg_Impact_Days',
      'c.PL_Reg_Impact_Win_Rate',
    ]);
    expect($(element, '.truncated')).toBeNull();
  });

  it('says a rate has not enough data rather than 0%, and when only the first page was counted', async () => {
    const element = await mountWith(UNDECIDED);
    expect(number(element, 'approval')).toBeNull();
    expect(tile(element, 'approval').querySelector('.value').textContent).toBe('c.PL_Reg_Impact_No_Value');
    expect(tile(element, 'won').querySelector('.detail')).toBeNull();
    expect($(element, '.truncated').textContent).toBe('c.PL_Reg_Impact_Truncated');
  });

  it('has an empty state for a partner with no registrations', async () => {
    const element = await mountWith(EMPTY);
    expect($(element, '.empty').textContent).toBe('c.PL_Reg_Impact_Empty');
    expect($(element, 'li.tile')).toBeNull();
  });

  it('shows the error panel when the query fails', async () => {
    const element = mount('c-partner-registration-impact', PartnerRegistrationImpact, { recordId: PARTNER_ID });
    graphql.emitErrors([{ message: 'boom' }]);
    await flushPromises();
    expect($(element, 'c-error-panel')).not.toBeNull();
  });
});
