import AccountOverlaps from 'c/accountOverlaps';
import { graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import { mount, cleanup, flushPromises } from 'jest-utils';
import OVERLAPS from './data/graphqlOverlaps.json';
import EMPTY from './data/graphqlOverlapsEmpty.json';
import UPDATE_ERROR from './data/updateRecordError.json';

const ACCOUNT_ID = '0015g00000AccAAAAA';
const $ = (element, selector) => element.shadowRoot.querySelector(selector);

async function mountWith(data, refresh) {
  const element = mount('c-account-overlaps', AccountOverlaps, { recordId: ACCOUNT_ID });
  graphql.emit(data, undefined, refresh);
  await flushPromises();
  return element;
}

async function startDispute(element, rowIndex) {
  const table = $(element, 'lightning-datatable');
  table.dispatchEvent(new CustomEvent('rowaction', { detail: { action: { name: 'dispute' }, row: table.data[rowIndex] } }));
  await flushPromises();
}

describe('c-account-overlaps', () => {
  afterEach(cleanup);

  it('shows a spinner while loading', async () => {
    const element = mount('c-account-overlaps', AccountOverlaps, { recordId: ACCOUNT_ID });
    await flushPromises();
    expect($(element, 'lightning-spinner')).not.toBeNull();
  });

  it('asks for this account’s undisputed overlaps', async () => {
    await mountWith(OVERLAPS);
    const config = graphql.getLastConfig();
    expect(config.variables).toEqual({ accountId: ACCOUNT_ID });
    expect(config.query).toContain('where: { Account__c: { eq: $accountId }, Disputed__c: { eq: false } }');
  });

  it('lists active overlaps with populations and the owner where shared', async () => {
    const element = await mountWith(OVERLAPS);
    const table = $(element, 'lightning-datatable');
    expect(table.data.map((r) => [r.partnerName, r.populations, r.owner, r.lastSeen])).toEqual([
      ['Northwind Traders', 'Customer × Open Opportunity', 'Dana Reyes · dana.reyes@northwind.example', '2026-03-30'],
      ['Contoso Cloud', 'Prospect × Customer', 'c.PL_Contact_Not_Shared', '2026-03-29'],
    ]);
    expect(table.columns.at(-1).typeAttributes.rowActions).toEqual([{ label: 'c.PL_Overlaps_Not_A_Match', name: 'dispute' }]);
    expect($(element, '.summary').textContent).toBe('c.PL_Overlaps_Summary');
  });

  it('reveals inactive overlaps behind the toggle', async () => {
    const element = await mountWith(OVERLAPS);
    const toggle = $(element, 'lightning-input.toggle');
    toggle.checked = true;
    toggle.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    const rows = $(element, 'lightning-datatable').data;
    expect(rows.map((r) => r.partnerName)).toEqual(['Northwind Traders', 'Contoso Cloud', 'Fabrikam']);
    expect(rows[2]).toEqual(
      expect.objectContaining({ status: 'c.PL_Overlaps_Inactive', owner: 'Lee Park', firstSeen: '2025-10-03' }),
    );
  });

  it('shows the empty state', async () => {
    const element = await mountWith(EMPTY);
    expect($(element, '.empty').textContent).toBe('c.PL_Overlaps_Empty');
    expect($(element, 'lightning-datatable')).toBeNull();
  });

  it('shows the error panel when the query fails', async () => {
    const element = mount('c-account-overlaps', AccountOverlaps, { recordId: ACCOUNT_ID });
    graphql.emitErrors([{ message: 'boom', locations: [], paths: [] }]);
    await flushPromises();
    expect($(element, 'c-error-panel').friendlyMessage).toBe('c.PL_Error_Load_Failed');
  });

  it('requires a reason before marking a pair as not a match', async () => {
    const element = await mountWith(OVERLAPS);
    await startDispute(element, 1);
    expect($(element, '.dispute h3').textContent).toBe('c.PL_Overlaps_Dispute_Title');
    $(element, 'lightning-textarea').dispatchEvent(new CustomEvent('change', { detail: { value: '   ' } }));
    $(element, 'lightning-button.confirm').click();
    await flushPromises();
    expect(updateRecord).not.toHaveBeenCalled();
    expect($(element, '.dispute')).not.toBeNull();
  });

  it('marks a pair as disputed with its reason, toasts and refreshes', async () => {
    const refresh = jest.fn().mockResolvedValue();
    const element = await mountWith(OVERLAPS, refresh);
    const toast = jest.fn();
    element.addEventListener(ShowToastEventName, toast);
    await startDispute(element, 1);
    $(element, 'lightning-textarea').dispatchEvent(
      new CustomEvent('change', { detail: { value: ' Different company, same domain registrar ' } }),
    );
    const focus = jest.spyOn(HTMLElement.prototype, 'focus');
    $(element, 'lightning-button.confirm').click();
    await flushPromises();
    // the dispute form is gone: focus returns to the card's first control, not to the document body
    expect(focus.mock.contexts).toEqual([$(element, 'lightning-input.toggle')]);
    focus.mockRestore();
    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: 'a025g00000OvlBBAAA', Disputed__c: true, Dispute_Reason__c: 'Different company, same domain registrar' },
    });
    expect(toast.mock.calls[0][0].detail.variant).toBe('success');
    expect(refresh).toHaveBeenCalledTimes(1);
    expect($(element, '.dispute')).toBeNull();
    expect($(element, '.status').textContent).toBe('c.PL_Overlaps_Disputed');
  });

  it('keeps the form open with the server error when the update fails', async () => {
    updateRecord.mockRejectedValueOnce(UPDATE_ERROR);
    const element = await mountWith(OVERLAPS);
    await startDispute(element, 0);
    $(element, 'lightning-textarea').dispatchEvent(new CustomEvent('change', { detail: { value: 'Wrong match' } }));
    $(element, 'lightning-button.confirm').click();
    await flushPromises();
    const panel = $(element, '.dispute c-error-panel');
    expect(panel.errors).toEqual(UPDATE_ERROR);
    expect(panel.friendlyMessage).toBe('c.PL_Error_Save_Failed');
  });

  it('cancels a dispute', async () => {
    const element = await mountWith(OVERLAPS);
    await startDispute(element, 0);
    $(element, 'lightning-button.cancel').click();
    await flushPromises();
    expect($(element, '.dispute')).toBeNull();
  });

  it('is accessible, including the dispute form', async () => {
    const element = await mountWith(OVERLAPS);
    await startDispute(element, 0);
    await expect(element).toBeAccessible();
  });
});
