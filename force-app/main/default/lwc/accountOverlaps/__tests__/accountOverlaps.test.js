import AccountOverlaps from 'c/accountOverlaps';
import { graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import { mount, cleanup, flushPromises } from 'jest-utils';
import OVERLAPS from './data/graphqlOverlaps.json';
import EMPTY from './data/graphqlOverlapsEmpty.json';
import UPDATE_ERROR from './data/updateRecordError.json';
import LEAD_OVERLAPS from './data/graphqlLeadOverlaps.json';

// the labels that name the partner, with their placeholders, so the tests see the name land in them
jest.mock('@salesforce/label/c.PL_Overlaps_Actions_For', () => ({ __esModule: true, default: 'Actions for {0}' }), {
  virtual: true,
});
jest.mock('@salesforce/label/c.PL_Overlaps_Dispute_Title', () => ({ __esModule: true, default: 'Mark {0} as not a match' }), {
  virtual: true,
});

jest.mock('@salesforce/label/c.PL_Overlaps_Disputed_Status', () => ({ __esModule: true, default: 'Not a match: {0}' }), {
  virtual: true,
});

const ACCOUNT_ID = '0015g00000AccAAAAA';
const NORTHWIND = 'a025g00000OvlAAAAA';
const CONTOSO = 'a025g00000OvlBBAAA';
const FABRIKAM = 'a025g00000OvlCCAAA';

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const tile = (element, id) => $(element, `li.overlap[data-id="${id}"]`);
const text = (node) => node?.textContent.replace(/\s+/g, ' ').trim();

/** One tile as a rep reads it: each detail label with its value. */
function detailsOf(item) {
  const terms = [...item.querySelectorAll('dt')];
  return Object.fromEntries(terms.map((dt) => [text(dt), dt.nextElementSibling]));
}

async function mountWith(data, refresh) {
  const element = mount('c-account-overlaps', AccountOverlaps, { recordId: ACCOUNT_ID });
  graphql.emit(data, undefined, refresh);
  await flushPromises();
  return element;
}

async function showInactive(element) {
  const toggle = $(element, 'lightning-input.toggle');
  toggle.checked = true;
  toggle.dispatchEvent(new CustomEvent('change'));
  await flushPromises();
}

/** Chooses "Not a match" in the overlap's actions menu. */
async function startDispute(element, id) {
  tile(element, id)
    .querySelector('lightning-button-menu.actions')
    .dispatchEvent(new CustomEvent('select', { detail: { value: 'dispute' } }));
  await flushPromises();
}

async function enterReason(element, value) {
  $(element, '.dispute lightning-textarea').dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

describe('c-account-overlaps', () => {
  afterEach(cleanup);

  it('shows a spinner while loading, and no list', async () => {
    const element = mount('c-account-overlaps', AccountOverlaps, { recordId: ACCOUNT_ID });
    await flushPromises();
    expect($(element, 'lightning-spinner').alternativeText).toBe('c.PL_Loading');
    expect($(element, 'ul.overlaps')).toBeNull();
    expect($(element, '.empty')).toBeNull();
  });

  it('asks for all of this account’s overlaps, disputed ones included', async () => {
    await mountWith(OVERLAPS);
    const config = graphql.getLastConfig();
    expect(config.variables).toEqual({ recordId: ACCOUNT_ID });
    expect(config.query).toContain('where: { or: [{ Account__c: { eq: $recordId } }, { Lead__c: { eq: $recordId } }] }');
    expect(config.query).toContain('Dispute_Reason__c');
  });

  it('keeps a disputed pair under "Show inactive" with its reason, and undoes "Not a match"', async () => {
    const data = JSON.parse(JSON.stringify(OVERLAPS));
    const contoso = data.uiapi.query.Partner_Overlap__c.edges.find((e) => e.node.Id === CONTOSO).node;
    contoso.Disputed__c = { value: true };
    contoso.Dispute_Reason__c = { value: 'Contoso of Ohio' };
    const refresh = jest.fn().mockResolvedValue();
    const element = await mountWith(data, refresh);
    // out of the active list, as the sync leaves it out
    expect(tile(element, CONTOSO)).toBeNull();
    expect(text($(element, '.summary'))).toBe('c.PL_Overlaps_Summary');
    await showInactive(element);
    const status = tile(element, CONTOSO).querySelector('.status-value');
    expect(text(status)).toBe('Not a match: Contoso of Ohio');
    // its menu offers the undo, not a second dispute
    expect(tile(element, CONTOSO).querySelector('lightning-menu-item.not-a-match')).toBeNull();
    expect(tile(element, CONTOSO).querySelector('lightning-menu-item.undo').label).toBe('c.PL_Overlaps_Undo_Not_A_Match');
    const toast = jest.fn();
    element.addEventListener(ShowToastEventName, toast);
    tile(element, CONTOSO)
      .querySelector('lightning-button-menu.actions')
      .dispatchEvent(new CustomEvent('select', { detail: { value: 'undo' } }));
    await flushPromises();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: CONTOSO, Disputed__c: false, Dispute_Reason__c: null } });
    expect(toast.mock.calls[0][0].detail).toEqual({ title: 'c.PL_Overlaps_Undone', variant: 'success' });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('lists each active overlap as a tile headed by the partner, in the order of the query', async () => {
    const element = await mountWith(OVERLAPS);
    expect($$(element, 'ul.overlaps > li.overlap h3.partner').map(text)).toEqual(['Northwind Traders', 'Contoso Cloud']);
    expect($(element, 'lightning-datatable')).toBeNull();
    expect(text($(element, '.summary'))).toBe('c.PL_Overlaps_Summary');
    expect($(element, 'lightning-spinner')).toBeNull();
  });

  it('shows populations, match method, the partner owner with a mail link and the dates', async () => {
    const element = await mountWith(OVERLAPS);
    const details = detailsOf(tile(element, NORTHWIND));
    expect(Object.keys(details)).toEqual([
      'c.PL_Overlaps_Populations',
      'c.PL_Field_Match_Method',
      'c.PL_Field_Partner_Contact',
      'c.PL_Field_First_Seen',
      'c.PL_Field_Last_Seen',
    ]);
    expect(text(details['c.PL_Overlaps_Populations'])).toBe('Customer × Open Opportunity');
    expect(text(details['c.PL_Field_Match_Method'].querySelector('.method'))).toBe('Domain');
    expect(details['c.PL_Field_Match_Method'].querySelector('.low-confidence')).toBeNull();
    // Match_Reason__c says why, under the method
    expect(text(details['c.PL_Field_Match_Method'].querySelector('.match-reason'))).toBe(
      'website northwind.example = northwind.example',
    );
    expect(text(details['c.PL_Field_Partner_Contact'].querySelector('.owner-name'))).toBe('Dana Reyes');
    const mail = details['c.PL_Field_Partner_Contact'].querySelector('a.owner-email');
    expect([text(mail), mail.getAttribute('href')]).toEqual([
      'dana.reyes@northwind.example',
      'mailto:dana.reyes@northwind.example',
    ]);
    // date-only values, shown as the dates they are in every time zone
    const dates = ['c.PL_Field_First_Seen', 'c.PL_Field_Last_Seen'].map((term) =>
      details[term].querySelector('lightning-formatted-date-time'),
    );
    expect(dates.map((d) => [d.value, d.timeZone])).toEqual([
      ['2026-01-12', 'UTC'],
      ['2026-03-30', 'UTC'],
    ]);
  });

  it('says when the partner does not share its owner', async () => {
    const element = await mountWith(OVERLAPS);
    const owner = detailsOf(tile(element, CONTOSO))['c.PL_Field_Partner_Contact'];
    expect(text(owner)).toBe('c.PL_Contact_Not_Shared');
    expect(owner.querySelector('a')).toBeNull();
    expect(text(detailsOf(tile(element, CONTOSO))['c.PL_Field_Match_Method'])).toBe('Private');
    // an overlap written before Match_Reason__c existed shows its method alone
    expect(detailsOf(tile(element, CONTOSO))['c.PL_Field_Match_Method'].querySelector('.match-reason')).toBeNull();
  });

  it('reveals inactive overlaps behind the toggle, with their status and a low-confidence hint for name matches', async () => {
    const element = await mountWith(OVERLAPS);
    expect(tile(element, FABRIKAM)).toBeNull();
    await showInactive(element);
    expect($$(element, 'h3.partner').map(text)).toEqual(['Northwind Traders', 'Contoso Cloud', 'Fabrikam']);
    const details = detailsOf(tile(element, FABRIKAM));
    expect(text(details['c.PL_Field_Status'])).toBe('c.PL_Overlaps_Inactive');
    expect(details['c.PL_Field_Match_Method'].querySelector('lightning-badge.low-confidence').label).toBe(
      'c.PL_Overlaps_Low_Confidence',
    );
    expect(text(details['c.PL_Field_Match_Method'].querySelector('.match-reason'))).toBe(
      "name 'Fabrikam GmbH' ~ 'Fabrikam Inc' on fabrikam.de / fabrikam.com",
    );
    expect(text(details['c.PL_Field_Partner_Contact'])).toBe('Lee Park');
    expect(details['c.PL_Field_Partner_Contact'].querySelector('a')).toBeNull();
    expect(details['c.PL_Field_First_Seen'].querySelector('lightning-formatted-date-time').value).toBe('2025-10-03');
    // active overlaps carry no status line
    expect(detailsOf(tile(element, NORTHWIND))['c.PL_Field_Status']).toBeUndefined();
  });

  it('offers "Not a match" on every overlap, behind a menu named after its partner', async () => {
    const element = await mountWith(OVERLAPS);
    const menus = $$(element, 'li.overlap lightning-button-menu.actions');
    expect(menus.map((m) => m.alternativeText)).toEqual(['Actions for Northwind Traders', 'Actions for Contoso Cloud']);
    expect(menus.map((m) => [...m.querySelectorAll('lightning-menu-item')].map((i) => [i.value, i.label]))).toEqual([
      [['dispute', 'c.PL_Overlaps_Not_A_Match']],
      [['dispute', 'c.PL_Overlaps_Not_A_Match']],
    ]);
  });

  it('shows the empty state', async () => {
    const element = await mountWith(EMPTY);
    expect(text($(element, '.empty'))).toBe('c.PL_Overlaps_Empty');
    expect($(element, 'ul.overlaps')).toBeNull();
  });

  it('shows the error panel when the query fails', async () => {
    const element = mount('c-account-overlaps', AccountOverlaps, { recordId: ACCOUNT_ID });
    const errors = [{ message: 'boom', locations: [], paths: [] }];
    graphql.emitErrors(errors);
    await flushPromises();
    const panel = $(element, 'c-error-panel');
    expect([panel.friendlyMessage, panel.errors]).toEqual(['c.PL_Error_Load_Failed', errors]);
    expect($(element, 'ul.overlaps')).toBeNull();
    expect($(element, 'lightning-spinner')).toBeNull();
  });

  it('opens the dispute form inside the chosen overlap and moves focus to the reason', async () => {
    const element = await mountWith(OVERLAPS);
    const focus = jest.spyOn(HTMLElement.prototype, 'focus');
    await startDispute(element, CONTOSO);
    const form = tile(element, CONTOSO).querySelector('section.dispute');
    expect(text(form.querySelector('h4'))).toBe('Mark Contoso Cloud as not a match');
    expect(form.getAttribute('aria-labelledby')).toBe(form.querySelector('h4').id);
    const reason = form.querySelector('lightning-textarea');
    expect([reason.label, reason.required, reason.value]).toEqual(['c.PL_Overlaps_Dispute_Reason', true, '']);
    expect(focus.mock.contexts).toEqual([reason]);
    focus.mockRestore();
    expect($$(element, 'section.dispute')).toHaveLength(1);
  });

  it('requires a reason before marking a pair as not a match', async () => {
    const element = await mountWith(OVERLAPS);
    await startDispute(element, CONTOSO);
    await enterReason(element, '   ');
    const reason = $(element, '.dispute lightning-textarea');
    const setCustomValidity = jest.spyOn(reason, 'setCustomValidity');
    const reportValidity = jest.spyOn(reason, 'reportValidity');
    $(element, 'lightning-button.confirm').click();
    await flushPromises();
    expect(setCustomValidity).toHaveBeenCalledWith('c.PL_Validation_Required');
    expect(reportValidity).toHaveBeenCalled();
    expect(updateRecord).not.toHaveBeenCalled();
    expect(tile(element, CONTOSO).querySelector('.dispute')).not.toBeNull();
  });

  it('clears the required message as soon as a reason is typed', async () => {
    const element = await mountWith(OVERLAPS);
    await startDispute(element, CONTOSO);
    const reason = $(element, '.dispute lightning-textarea');
    const setCustomValidity = jest.spyOn(reason, 'setCustomValidity');
    const reportValidity = jest.spyOn(reason, 'reportValidity');
    await enterReason(element, '  ');
    expect(setCustomValidity).not.toHaveBeenCalled();
    await enterReason(element, 'Wrong');
    expect(setCustomValidity).toHaveBeenCalledWith('');
    expect(reportValidity).toHaveBeenCalledTimes(1);
  });

  it('keeps focus in the reason while a button is pressed, so its message cannot move the buttons away', async () => {
    const element = await mountWith(OVERLAPS);
    await startDispute(element, CONTOSO);
    for (const button of ['lightning-button.confirm', 'lightning-button.cancel']) {
      const mousedown = new MouseEvent('mousedown', { bubbles: true, cancelable: true, composed: true });
      $(element, `.dispute ${button}`).dispatchEvent(mousedown);
      expect(mousedown.defaultPrevented).toBe(true);
    }
  });

  it('marks a pair as disputed with its reason, toasts, drops it from the list and refreshes', async () => {
    const refresh = jest.fn().mockResolvedValue();
    const element = await mountWith(OVERLAPS, refresh);
    const toast = jest.fn();
    element.addEventListener(ShowToastEventName, toast);
    await startDispute(element, CONTOSO);
    await enterReason(element, ' Different company, same domain registrar ');
    const focus = jest.spyOn(HTMLElement.prototype, 'focus');
    $(element, 'lightning-button.confirm').click();
    await flushPromises();
    // the tile and its form are gone: focus returns to the card's first control, not to the document body
    expect(focus.mock.contexts).toEqual([$(element, 'lightning-input.toggle')]);
    focus.mockRestore();
    expect(updateRecord).toHaveBeenCalledTimes(1);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: CONTOSO, Disputed__c: true, Dispute_Reason__c: 'Different company, same domain registrar' },
    });
    expect(toast).toHaveBeenCalledTimes(1);
    expect(toast.mock.calls[0][0].detail).toEqual(
      expect.objectContaining({ title: 'c.PL_Overlaps_Disputed', variant: 'success' }),
    );
    expect(refresh).toHaveBeenCalledTimes(1);
    expect($(element, '.dispute')).toBeNull();
    expect($$(element, 'h3.partner').map(text)).toEqual(['Northwind Traders']);
    expect(text($(element, '.status'))).toBe('c.PL_Overlaps_Disputed');
  });

  it('keeps the form open with the server error when the update fails', async () => {
    updateRecord.mockRejectedValueOnce(UPDATE_ERROR);
    const toast = jest.fn();
    const element = await mountWith(OVERLAPS);
    element.addEventListener(ShowToastEventName, toast);
    await startDispute(element, NORTHWIND);
    await enterReason(element, 'Wrong match');
    $(element, 'lightning-button.confirm').click();
    await flushPromises();
    const panel = tile(element, NORTHWIND).querySelector('.dispute c-error-panel');
    expect(panel.errors).toEqual(UPDATE_ERROR);
    expect(panel.friendlyMessage).toBe('c.PL_Error_Save_Failed');
    expect(toast).not.toHaveBeenCalled();
    expect($(element, 'lightning-button.confirm').disabled).toBe(false);
    expect($$(element, 'h3.partner').map(text)).toEqual(['Northwind Traders', 'Contoso Cloud']);
  });

  it('cancels a dispute and returns focus to the overlap’s menu', async () => {
    const element = await mountWith(OVERLAPS);
    await startDispute(element, NORTHWIND);
    const focus = jest.spyOn(HTMLElement.prototype, 'focus');
    $(element, 'lightning-button.cancel').click();
    await flushPromises();
    expect($(element, '.dispute')).toBeNull();
    expect(focus.mock.contexts).toEqual([tile(element, NORTHWIND).querySelector('lightning-button-menu.actions')]);
    focus.mockRestore();
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('closes the form of an inactive overlap when the toggle hides it again', async () => {
    const element = await mountWith(OVERLAPS);
    await showInactive(element);
    await startDispute(element, FABRIKAM);
    expect(text($(element, '.dispute h4'))).toBe('Mark Fabrikam as not a match');
    const toggle = $(element, 'lightning-input.toggle');
    toggle.checked = false;
    toggle.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect($(element, '.dispute')).toBeNull();
    await showInactive(element);
    expect($(element, '.dispute')).toBeNull();
  });

  it('is accessible: the list, inactive overlaps and the dispute form', async () => {
    const element = await mountWith(OVERLAPS);
    await expect(element).toBeAccessible();
    await showInactive(element);
    await startDispute(element, FABRIKAM);
    await expect(element).toBeAccessible();
  });

  it('is accessible when empty', async () => {
    const element = await mountWith(EMPTY);
    await expect(element).toBeAccessible();
  });

  describe('on a Lead record page', () => {
    const LEAD_ID = '00Q5g00000LeadAAAA';
    const LEAD_OVERLAP = 'a025g00000OvlLLAAA';

    async function mountOnLead(data, refresh) {
      const element = mount('c-account-overlaps', AccountOverlaps, { recordId: LEAD_ID, objectApiName: 'Lead' });
      graphql.emit(data, undefined, refresh);
      await flushPromises();
      return element;
    }

    it("asks for the lead's overlaps and names the partner, populations, method and reason", async () => {
      const element = await mountOnLead(LEAD_OVERLAPS);
      expect(graphql.getLastConfig().variables).toEqual({ recordId: LEAD_ID });
      expect(text(tile(element, LEAD_OVERLAP).querySelector('h3.partner'))).toBe('Contoso Cloud');
      const details = detailsOf(tile(element, LEAD_OVERLAP));
      expect(text(details['c.PL_Overlaps_Populations'])).toBe('Lead × Customer');
      expect(text(details['c.PL_Field_Match_Method'].querySelector('.method'))).toBe('Email domain');
      expect(text(details['c.PL_Field_Match_Method'].querySelector('.match-reason'))).toBe(
        'e-mail jo@globex.example = globex.example',
      );
    });

    it('marks a lead overlap as not a match and restores it', async () => {
      const refresh = jest.fn().mockResolvedValue();
      const element = await mountOnLead(LEAD_OVERLAPS, refresh);
      await startDispute(element, LEAD_OVERLAP);
      await enterReason(element, 'Another Globex');
      tile(element, LEAD_OVERLAP).querySelector('lightning-button.confirm').click();
      await flushPromises();
      expect(updateRecord).toHaveBeenCalledWith({
        fields: { Id: LEAD_OVERLAP, Disputed__c: true, Dispute_Reason__c: 'Another Globex' },
      });
      await showInactive(element);
      expect(text(tile(element, LEAD_OVERLAP).querySelector('.status-value'))).toBe('Not a match: Another Globex');
      tile(element, LEAD_OVERLAP)
        .querySelector('lightning-button-menu.actions')
        .dispatchEvent(new CustomEvent('select', { detail: { value: 'undo' } }));
      await flushPromises();
      expect(updateRecord).toHaveBeenLastCalledWith({
        fields: { Id: LEAD_OVERLAP, Disputed__c: false, Dispute_Reason__c: null },
      });
    });

    it('says no partner knows the lead yet', async () => {
      const element = await mountOnLead(EMPTY);
      expect(text($(element, '.empty'))).toBe('c.PL_Overlaps_Empty_Lead');
    });
  });
});
