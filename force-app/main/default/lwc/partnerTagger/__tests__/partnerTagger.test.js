import PartnerTagger from 'c/partnerTagger';
import { graphql } from 'lightning/graphql';
import { createRecord, deleteRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEventName } from 'lightning/actions';
import { mount, cleanup, flushPromises } from 'jest-utils';
import TAGGER_DATA from './data/graphqlTaggerData.json';
import NO_PARTNERS from './data/graphqlTaggerNoPartners.json';
import CREATE_RECORD from './data/createRecord.json';
import CREATE_RECORD_ERROR from './data/createRecordError.json';

// the summary line's pattern, so the test sees which field each message names
jest.mock('@salesforce/label/c.PL_Validation_Field_Message', () => ({ __esModule: true, default: '{0}: {1}' }), {
  virtual: true,
});

const OPPORTUNITY_ID = '0065g00000OppAAAAA';
const NORTHWIND = 'a015g00000PtnAAAAA';
const CONTOSO = 'a015g00000PtnBBAAA';
const FABRIKAM = 'a015g00000PtnCCAAA';

/** TAGGER_DATA with `change` applied to a copy. */
function variant(edit) {
  const data = JSON.parse(JSON.stringify(TAGGER_DATA));
  edit(data.uiapi.query);
  return data;
}

function opportunityUpdates() {
  return updateRecord.mock.calls.map(([input]) => input.fields).filter((fields) => fields.Id === OPPORTUNITY_ID);
}

function field(element, name) {
  return element.shadowRoot.querySelector(`[data-field="${name}"]`);
}

function change(element, name, value) {
  field(element, name).dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

async function fill(element, values) {
  for (const [name, value] of Object.entries(values)) change(element, name, value);
  await flushPromises();
}

function summary(element) {
  return [...element.shadowRoot.querySelectorAll('.error-summary li')].map((li) => li.textContent);
}

async function save(element) {
  element.shadowRoot.querySelector('lightning-button.save').click();
  await flushPromises();
}

async function mountWithData(props = {}, data = TAGGER_DATA, refresh = jest.fn().mockResolvedValue()) {
  const element = mount('c-partner-tagger', PartnerTagger, { recordId: OPPORTUNITY_ID, ...props });
  graphql.emit(data, undefined, refresh);
  await flushPromises();
  return element;
}

describe('c-partner-tagger', () => {
  afterEach(cleanup);

  it('shows a spinner until the data arrives', async () => {
    const element = mount('c-partner-tagger', PartnerTagger, { recordId: OPPORTUNITY_ID });
    await flushPromises();
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(field(element, 'Partner__c')).toBeNull();
  });

  it('asks for active partners and this opportunity’s influences', async () => {
    await mountWithData();
    const config = graphql.getLastConfig();
    expect(config.variables).toEqual({ opportunityId: OPPORTUNITY_ID });
    expect(config.query).toContain('Partner__c(where: { Status__c: { eq: "Active" } }');
    expect(config.query).toContain('Partner_Influence__c(where: { Opportunity__c: { eq: $opportunityId } }');
  });

  it('offers the active partners and the five roles', async () => {
    const element = await mountWithData();
    expect(field(element, 'Partner__c').options).toEqual([
      { value: 'a015g00000PtnAAAAA', label: 'Northwind Traders' },
      { value: 'a015g00000PtnBBAAA', label: 'Contoso Cloud' },
    ]);
    expect(field(element, 'Role__c').options.map((o) => o.value)).toEqual([
      'Sourced',
      'Influenced',
      'Co-sell',
      'Reseller',
      'Referral',
    ]);
    expect(element.shadowRoot.querySelector('h2').textContent).toBe('c.PL_Tagger_Title_Add');
  });

  it('says there is no active partner and disables save', async () => {
    const element = await mountWithData({}, NO_PARTNERS);
    expect(element.shadowRoot.querySelector('.no-partners').textContent).toBe('c.PL_Tagger_No_Active_Partners');
    expect(element.shadowRoot.querySelector('lightning-button.save').disabled).toBe(true);
  });

  it('shows the error panel when the query fails', async () => {
    const element = mount('c-partner-tagger', PartnerTagger, { recordId: OPPORTUNITY_ID });
    graphql.emitErrors([
      { message: 'Field is undefined', locations: [], paths: [], extensions: { ErrorType: 'ValidationError' } },
    ]);
    await flushPromises();
    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel.friendlyMessage).toBe('c.PL_Error_Load_Failed');
    expect(panel.errors[0].message).toBe('Field is undefined');
  });

  it('blocks a save that would push total attribution over 100%', async () => {
    const element = await mountWithData();
    await fill(element, { Partner__c: 'a015g00000PtnBBAAA', Role__c: 'Co-sell', Attribution_Percent__c: '20' });
    const focus = jest.spyOn(HTMLElement.prototype, 'focus');
    await save(element);
    expect(createRecord).not.toHaveBeenCalled();
    expect(summary(element)).toEqual(['c.PL_Field_Attribution: c.PL_Validation_Attribution_Total']);
    // focus moves to the field to fix
    expect(focus.mock.contexts.map((el) => el.dataset.field)).toEqual(['Attribution_Percent__c']);
    focus.mockRestore();
  });

  it('blocks a partner already tagged on the deal, in any role', async () => {
    const element = await mountWithData();
    await fill(element, { Partner__c: NORTHWIND, Role__c: 'Co-sell' });
    await save(element);
    expect(summary(element)).toEqual(['c.PL_Field_Partner: c.PL_Validation_Duplicate_Partner']);
    await fill(element, { Role__c: 'Sourced' });
    await save(element);
    expect(summary(element)).toEqual(['c.PL_Field_Partner: c.PL_Validation_Duplicate_Partner']);
    expect(createRecord).not.toHaveBeenCalled();
  });

  it('names every missing field when the form is saved empty', async () => {
    const element = await mountWithData();
    await save(element);
    expect(summary(element)).toEqual([
      'c.PL_Field_Partner: c.PL_Validation_Required',
      'c.PL_Field_Role: c.PL_Validation_Required',
    ]);
    expect(createRecord).not.toHaveBeenCalled();
  });

  it('explains what a blank attribution counts as, until a % is given', async () => {
    const element = await mountWithData();
    expect(element.shadowRoot.querySelector('.attribution-blank').textContent).toBe('c.PL_Tagger_Attribution_Blank');
    await fill(element, { Attribution_Percent__c: '10' });
    expect(element.shadowRoot.querySelector('.attribution-blank')).toBeNull();
  });

  it('says before saving that editing a Rule row makes it Manual, and says nothing for a Manual row', async () => {
    const rule = await mountWithData({ influenceId: 'a035g00000InfBBAAA' });
    expect(rule.shadowRoot.querySelector('.origin-note').textContent).toBe('c.PL_Tagger_Origin_Note');
    cleanup();
    const manual = await mountWithData({ influenceId: 'a035g00000InfAAAAA' });
    expect(manual.shadowRoot.querySelector('.origin-note')).toBeNull();
  });

  it('removes a tag, moves Primary Partner to the next largest role and reports the removal', async () => {
    const refresh = jest.fn().mockResolvedValue();
    const element = await mountWithData({ embedded: true, influenceId: 'a035g00000InfAAAAA' }, TAGGER_DATA, refresh);
    const toast = jest.fn();
    const saved = jest.fn();
    element.addEventListener(ShowToastEventName, toast);
    element.addEventListener('saved', saved);
    element.shadowRoot.querySelector('lightning-button.remove').click();
    await flushPromises();
    expect(deleteRecord).toHaveBeenCalledWith('a035g00000InfAAAAA');
    // Northwind's Sourced tag led the deal; Fabrikam's Influenced 25% is what is left
    expect(opportunityUpdates()).toEqual([{ Id: OPPORTUNITY_ID, Primary_Partner__c: FABRIKAM }]);
    expect(toast.mock.calls[0][0].detail).toEqual({ title: 'c.PL_Tagger_Removed', variant: 'success' });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(saved.mock.calls[0][0].detail).toEqual({ id: 'a035g00000InfAAAAA', removed: true });
  });

  it('offers no remove button when adding', async () => {
    const element = await mountWithData();
    expect(element.shadowRoot.querySelector('lightning-button.remove')).toBeNull();
  });

  it('makes a manual Sourced tag the Primary Partner when it leads the deal', async () => {
    createRecord.mockResolvedValue(CREATE_RECORD);
    const data = variant((q) => {
      q.Partner_Influence__c.edges[0].node.Role__c.value = 'Influenced';
      q.Opportunity.edges[0].node.Primary_Partner__c.value = NORTHWIND;
    });
    const element = await mountWithData({ embedded: true }, data);
    await fill(element, { Partner__c: CONTOSO, Role__c: 'Sourced', Attribution_Percent__c: '' });
    await save(element);
    expect(createRecord).toHaveBeenCalledTimes(1);
    expect(opportunityUpdates()).toEqual([{ Id: OPPORTUNITY_ID, Primary_Partner__c: CONTOSO }]);
  });

  it('leaves Primary Partner alone when the new tag does not lead the deal', async () => {
    createRecord.mockResolvedValue(CREATE_RECORD);
    const element = await mountWithData({ embedded: true });
    // Northwind is Sourced at 60%: a second Sourced tag at 15% does not outrank it
    await fill(element, { Partner__c: CONTOSO, Role__c: 'Sourced', Attribution_Percent__c: '15' });
    await save(element);
    expect(createRecord).toHaveBeenCalledTimes(1);
    expect(opportunityUpdates()).toEqual([]);
  });

  it('creates a manual influence, toasts, refreshes and reports the save', async () => {
    createRecord.mockResolvedValue(CREATE_RECORD);
    const refresh = jest.fn().mockResolvedValue();
    const element = await mountWithData({ embedded: true }, TAGGER_DATA, refresh);
    const toast = jest.fn();
    const saved = jest.fn();
    const closed = jest.fn();
    element.addEventListener(ShowToastEventName, toast);
    element.addEventListener('saved', saved);
    element.addEventListener(CloseActionScreenEventName, closed);
    await fill(element, { Partner__c: 'a015g00000PtnBBAAA', Role__c: 'Co-sell', Attribution_Percent__c: '15' });
    await save(element);
    expect(createRecord).toHaveBeenCalledWith({
      apiName: 'Partner_Influence__c',
      fields: {
        Partner__c: 'a015g00000PtnBBAAA',
        Role__c: 'Co-sell',
        Attribution_Percent__c: 15,
        Origin__c: 'Manual',
        Opportunity__c: OPPORTUNITY_ID,
      },
    });
    expect(toast.mock.calls[0][0].detail).toEqual({ title: 'c.PL_Tagger_Saved', variant: 'success' });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(saved.mock.calls[0][0].detail).toEqual({ id: 'a035g00000InfNEWAA' });
    expect(closed).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('.status').textContent).toBe('c.PL_Tagger_Saved');
    expect(field(element, 'Partner__c').value).toBe('');
  });

  it('edits an influence without counting its old share, and closes the quick action', async () => {
    const element = await mountWithData({ influenceId: 'a035g00000InfBBAAA' });
    expect(element.shadowRoot.querySelector('h2').textContent).toBe('c.PL_Tagger_Title_Edit');
    // the paused partner of the edited row stays selectable
    expect(field(element, 'Partner__c').value).toBe('a015g00000PtnCCAAA');
    expect(field(element, 'Partner__c').options.map((o) => o.label)).toContain('Fabrikam (paused)');
    expect(field(element, 'Attribution_Percent__c').value).toBe(25);
    const closed = jest.fn();
    element.addEventListener(CloseActionScreenEventName, closed);
    await fill(element, { Attribution_Percent__c: '40' });
    await save(element);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: 'a035g00000InfBBAAA',
        Partner__c: 'a015g00000PtnCCAAA',
        Role__c: 'Influenced',
        Attribution_Percent__c: 40,
        Origin__c: 'Manual',
      },
    });
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('shows server field errors inline and in the summary', async () => {
    createRecord.mockRejectedValue(CREATE_RECORD_ERROR);
    const element = await mountWithData({ embedded: true });
    await fill(element, { Partner__c: 'a015g00000PtnBBAAA', Role__c: 'Referral', Attribution_Percent__c: '10' });
    await save(element);
    expect(summary(element)).toEqual(['c.PL_Field_Attribution: Attribution must be between 0 and 100.']);
    expect(element.shadowRoot.querySelector('.save-error c-error-panel').friendlyMessage).toBe('c.PL_Error_Save_Failed');
    expect(element.shadowRoot.querySelector('lightning-button.save').disabled).toBe(false);
  });

  it('cancels with an event', async () => {
    const element = await mountWithData({ embedded: true });
    const cancel = jest.fn();
    element.addEventListener('cancel', cancel);
    element.shadowRoot.querySelector('lightning-button.cancel').click();
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('is accessible', async () => {
    const element = await mountWithData();
    await fill(element, { Partner__c: 'a015g00000PtnAAAAA', Role__c: 'Sourced' });
    await save(element);
    await expect(element).toBeAccessible();
  });
});
