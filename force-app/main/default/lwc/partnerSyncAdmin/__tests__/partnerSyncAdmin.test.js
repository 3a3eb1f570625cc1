import PartnerSyncAdmin from 'c/partnerSyncAdmin';
import { graphql } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import { mount, cleanup, flushPromises, dateTimeFormatOf } from 'jest-utils';
import { DATE_TIME_FORMAT } from 'c/localeFormat';
import ADMIN from './data/graphqlAdmin.json';
import NO_SETTINGS from './data/graphqlAdminNoSettings.json';
import RUNS from './data/graphqlRuns.json';
import REJECTED_RUNS from './data/graphqlRunsRejected.json';

// the pattern with its placeholder, so the test sees the count filled in
jest.mock(
  '@salesforce/label/c.PL_Run_Completed_Rejected',
  () => ({ __esModule: true, default: 'Completed with {0} rejected rows' }),
  { virtual: true },
);
jest.mock('@salesforce/label/c.PL_Admin_Edit_Partner_Named', () => ({ __esModule: true, default: 'Edit {0}' }), {
  virtual: true,
});
import UPDATE_ERROR from './data/updateRecordError.json';

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
// the runs query as the component last configured it (its child, c-sync-service-status, wires its own query)
let runsQuery;
const isRunsQuery = (config) => {
  const is = config.query?.includes('query partnerSyncRuns');
  if (is) runsQuery = config.query;
  return is;
};
const isAdminQuery = (config) => config.query?.includes('query partnerSyncAdmin');

async function mountWith(admin = ADMIN, runs = RUNS, refresh = jest.fn().mockResolvedValue()) {
  const element = mount('c-partner-sync-admin', PartnerSyncAdmin);
  await flushPromises();
  if (admin) graphql.emit(admin, isAdminQuery, refresh);
  if (runs) graphql.emit(runs, isRunsQuery);
  await flushPromises();
  return element;
}

function setField(element, name, detail) {
  $(element, `[data-field="${name}"]`).dispatchEvent(new CustomEvent('change', { detail }));
}

async function saveSettings(element) {
  $(element, 'lightning-button.settings-save').click();
  await flushPromises();
}

describe('c-partner-sync-admin', () => {
  afterEach(cleanup);

  it('shows spinners while loading', async () => {
    const element = await mountWith(null, null);
    expect(element.shadowRoot.querySelectorAll('lightning-spinner')).toHaveLength(2);
  });

  it('lists partners and loads the default settings record into the form', async () => {
    const element = await mountWith();
    const rows = [...element.shadowRoot.querySelectorAll('table.partner-table tbody tr.partner')];
    const cell = (row, selector) => row.querySelector(selector).textContent;
    expect(rows.map((r) => [cell(r, 'th.name'), cell(r, '.partner-status'), cell(r, '.sharing'), cell(r, '.source')])).toEqual([
      ['Contoso Cloud', 'Prospect', 'Counts only', 'Private exchange'],
      ['Northwind Traders', 'Active', 'Overlapping records', 'File'],
    ]);
    expect($(element, '[data-field="Customer_Filter__c"]').value).toBe("Type = 'Customer'");
    expect($(element, '[data-field="API_Budget_Percent__c"]').value).toBe(80);
    expect($(element, '[data-field="Email_Domain_Match__c"]').checked).toBe(true);
    expect($(element, '[data-field="Name_Fallback__c"]').checked).toBe(false);
    expect($(element, '[data-field="Attribution_Model__c"]').value).toBe('Recorded');
    expect($(element, '.settings-missing')).toBeNull();
  });

  it('lists partners in an SLDS table that stacks on a phone, each cell labelled, each edit button named', async () => {
    const element = await mountWith();
    // a datatable squeezed its columns to single letters at 400 px: this table stacks below the medium breakpoint
    expect($(element, 'lightning-datatable')).toBeNull();
    const table = $(element, 'table.partner-table');
    expect(table.classList).toContain('slds-max-medium-table_stacked');
    expect(table.getAttribute('aria-labelledby')).toBe($(element, 'section.partners h2').id);
    const row = table.querySelector('tbody tr.partner');
    expect(row.querySelector('th').getAttribute('scope')).toBe('row');
    // stacked, each value shows under its column's name
    expect([...row.querySelectorAll('th, td')].map((c) => [c.dataset.label, c.textContent])).toEqual([
      ['c.PL_Field_Name', 'Contoso Cloud'],
      ['c.PL_Field_Domain', 'contoso.example'],
      ['c.PL_Field_Status', 'Prospect'],
      ['c.PL_Field_Sharing_Level', 'Counts only'],
      ['c.PL_Field_Data_Source', 'Private exchange'],
      ['c.PL_Admin_Partner_Actions', ''],
    ]);
    const edits = [...table.querySelectorAll('lightning-button-icon.partner-edit')];
    // a screen reader hears which partner each button edits
    expect(edits.map((b) => b.alternativeText)).toEqual(['Edit Contoso Cloud', 'Edit Northwind Traders']);
  });

  it('links each run to its record and shows its errors in full, not cut to a few lines', async () => {
    const element = await mountWith();
    const rows = [...element.shadowRoot.querySelectorAll('table.run-table tbody tr.run')];
    expect(
      rows.map((r) => [r.querySelector('th.name a').textContent, r.querySelector('th.name a').getAttribute('href')]),
    ).toEqual([
      ['RUN-000002', '/lightning/r/Partner_Sync_Run__c/a055g00000RunBBAAA/view'],
      ['RUN-000001', '/lightning/r/Partner_Sync_Run__c/a055g00000RunAAAAA/view'],
    ]);
    const errors = rows[0].querySelector('td.errors');
    expect(errors.classList).toContain('slds-cell-wrap');
    expect(errors.classList).not.toContain('slds-truncate');
    expect(errors.textContent).toBe('1 record failed: UNABLE_TO_LOCK_ROW (retried 3 times)');
  });

  it('says a run whose only failures are rejected file rows completed with N rejected rows, with the outcome as its errors cell', async () => {
    const element = await mountWith(ADMIN, REJECTED_RUNS);
    const run = $(element, 'table.run-table tbody tr.run');
    expect(run.querySelector('td.run-status').textContent).toBe('Completed with 17 rejected rows');
    // the cell shows how the run ended; the rows by file are on the run's record
    expect(run.querySelector('td.errors').textContent).toBe(
      'Completed with 17 rejected rows: partner or referral file rows the sync could not use; everything else was written. Each is named with its file, line and field in /tmp/run/errors.csv.',
    );
    expect(run.querySelector('td.errors').textContent).not.toContain('orbit-cloud.csv');
  });

  it('lists recent runs with counts, API calls and errors, each cell labelled for the stacked layout of narrow screens', async () => {
    const element = await mountWith();
    const table = $(element, 'table.run-table');
    expect(table.classList).toContain('slds-max-medium-table_stacked');
    expect(table.getAttribute('aria-labelledby')).toMatch(/^runs-title/);
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'c.PL_Run_Name',
      'c.PL_Run_Started',
      'c.PL_Run_Mode',
      'c.PL_Run_Status',
      'c.PL_Run_Read',
      'c.PL_Run_Matched',
      'c.PL_Run_Created',
      'c.PL_Run_Updated',
      'c.PL_Run_Deactivated',
      'c.PL_Run_Failed',
      'c.PL_Run_API_Calls',
      'c.PL_Run_Errors',
    ]);
    const run = table.querySelector('tbody tr.run');
    expect(run.querySelector('td.started lightning-formatted-date-time').value).toBe('2026-03-31T02:00:04.000Z');
    // the one date-and-time format of every screen, in the user's time zone (not the browser's)
    expect(dateTimeFormatOf(run.querySelector('td.started lightning-formatted-date-time'))).toEqual({ ...DATE_TIME_FORMAT, timeZone: 'America/Los_Angeles' });
    expect(run.querySelector('td.mode').textContent).toBe('Incremental');
    expect(run.querySelector('td.run-status').textContent).toBe('Partial');
    const counts = Object.fromEntries(
      [...run.querySelectorAll('td[data-count]')].map((td) => [
        td.dataset.count,
        td.querySelector('lightning-formatted-number').value,
      ]),
    );
    expect(counts).toEqual({ read: 1840, matched: 212, created: 14, updated: 9, deactivated: 2, failed: 1, apiCalls: 7 });
    // every cell names its column: what the stacked layout shows beside each value
    expect([...run.querySelectorAll('th, td')].map((c) => c.dataset.label)).toEqual(
      [...table.querySelectorAll('thead th')].map((th) => th.textContent),
    );
    expect(runsQuery).toContain('Partner_Sync_Run__c(first: 10, orderBy: { Started__c: { order: DESC, nulls: LAST } })');
    // the sync service's state sits above the runs
    expect($(element, 'c-sync-service-status + section.runs')).not.toBeNull();
  });

  it('shows empty states and says the settings record does not exist yet', async () => {
    const element = await mountWith(NO_SETTINGS, { uiapi: { query: { Partner_Sync_Run__c: { edges: [] } } } });
    expect($(element, '.no-partners').textContent).toBe('c.PL_Admin_No_Partners');
    expect($(element, '.no-runs').textContent).toBe('c.PL_Admin_No_Runs');
    expect($(element, '.settings-missing').textContent).toBe('c.PL_Admin_Settings_Missing');
  });

  it('shows the error panels when the queries fail', async () => {
    const element = mount('c-partner-sync-admin', PartnerSyncAdmin);
    await flushPromises();
    graphql.emitErrors([{ message: 'No access to Partner__c' }], isAdminQuery);
    graphql.emitErrors([{ message: 'No access to Partner_Sync_Run__c' }], isRunsQuery);
    await flushPromises();
    const panels = element.shadowRoot.querySelectorAll('c-error-panel');
    expect([...panels].map((p) => p.errors[0].message)).toEqual(['No access to Partner__c', 'No access to Partner_Sync_Run__c']);
  });

  it('edits a partner’s status, sharing level and source', async () => {
    const refresh = jest.fn().mockResolvedValue();
    const element = await mountWith(ADMIN, RUNS, refresh);
    $(element, 'tr.partner[data-id="a015g00000PtnBBAAA"] lightning-button-icon.partner-edit').click();
    await flushPromises();
    expect($(element, '.partner-form h3').textContent).toBe('c.PL_Admin_Edit_Partner: Contoso Cloud');
    expect($(element, '.partner-form [data-field="Sharing_Level__c"]').value).toBe('Counts only');
    setField(element, 'Status__c', { value: 'Active' });
    setField(element, 'Sharing_Level__c', { value: 'Overlapping records' });
    await flushPromises();
    $(element, 'lightning-button.partner-save').click();
    await flushPromises();
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: 'a015g00000PtnBBAAA',
        Status__c: 'Active',
        Sharing_Level__c: 'Overlapping records',
        Source__c: 'Private exchange',
      },
    });
    expect(refresh).toHaveBeenCalled();
    expect($(element, '.partner-form')).toBeNull();
    expect($(element, '.status').textContent).toBe('c.PL_Admin_Partner_Saved');
  });

  it('blocks invalid settings with inline messages', async () => {
    const element = await mountWith();
    setField(element, 'Customer_Filter__c', { value: "WHERE Type = 'Customer'" });
    setField(element, 'Bulk_Threshold__c', { value: '0' });
    const validity = jest.spyOn($(element, '[data-field="Customer_Filter__c"]'), 'setCustomValidity');
    const focus = jest.spyOn(HTMLElement.prototype, 'focus');
    await saveSettings(element);
    expect(updateRecord).not.toHaveBeenCalled();
    // keyboard and screen-reader users land on the first field to fix
    expect(focus.mock.contexts.map((el) => el.dataset.field)).toEqual(['Customer_Filter__c']);
    focus.mockRestore();
    // each line names its field
    expect([...element.shadowRoot.querySelectorAll('.settings-error-summary li')].map((li) => li.textContent)).toEqual([
      'c.PL_Setting_Customer_Filter: c.PL_Filter_Unexpected',
      'c.PL_Setting_Bulk_Threshold: c.PL_Validation_Range',
    ]);
    // and the field itself carries the reason
    expect(validity).toHaveBeenCalledWith('c.PL_Filter_Unexpected');
  });

  it('refuses "Type = " (the filter that used to save and break every sync) and re-checks it while it is corrected', async () => {
    const element = await mountWith();
    const field = $(element, '[data-field="Customer_Filter__c"]');
    const validity = jest.spyOn(field, 'setCustomValidity');
    const report = jest.spyOn(field, 'reportValidity');
    setField(element, 'Customer_Filter__c', { value: 'Type = ' });
    await saveSettings(element);
    expect(updateRecord).not.toHaveBeenCalled();
    expect($(element, '.status').textContent).toBe('');
    expect(validity).toHaveBeenLastCalledWith('c.PL_Filter_Ends_Early');
    expect(report).toHaveBeenCalled();
    setField(element, 'Customer_Filter__c', { value: "Type = 'Customer - Direct'" });
    await flushPromises();
    expect(validity).toHaveBeenLastCalledWith('');
    expect($(element, '.settings-error-summary')).toBeNull();
    await saveSettings(element);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: { Id: 'a065g00000SetAAAAA', Customer_Filter__c: "Type = 'Customer - Direct'" },
    });
  });

  it('saves only the changed settings and toasts', async () => {
    const element = await mountWith();
    const toast = jest.fn();
    element.addEventListener(ShowToastEventName, toast);
    setField(element, 'Lead_Filter__c', { value: "IsConverted = false AND Country = 'DE'" });
    setField(element, 'API_Budget_Percent__c', { value: '70' });
    setField(element, 'Prospect_Filter__c', { value: '' });
    $(element, '[data-field="Name_Fallback__c"]').type = 'checkbox';
    setField(element, 'Name_Fallback__c', { checked: true });
    setField(element, 'Attribution_Model__c', { value: 'Even split' });
    await saveSettings(element);
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: 'a065g00000SetAAAAA',
        Lead_Filter__c: "IsConverted = false AND Country = 'DE'",
        API_Budget_Percent__c: 70,
        Prospect_Filter__c: null,
        Name_Fallback__c: true,
        Attribution_Model__c: 'Even split',
      },
    });
    expect(toast.mock.calls[0][0].detail).toEqual({ title: 'c.PL_Admin_Settings_Saved', variant: 'success' });
  });

  it('creates the default settings record when there is none', async () => {
    const element = await mountWith(NO_SETTINGS);
    setField(element, 'Bulk_Threshold__c', { value: '5000' });
    await saveSettings(element);
    expect(createRecord).toHaveBeenCalledWith({
      apiName: 'Partner_Sync_Setting__c',
      fields: { Name: 'default', External_Id__c: 'default', Bulk_Threshold__c: 5000 },
    });
  });

  it('shows server field errors from the save', async () => {
    updateRecord.mockRejectedValueOnce(UPDATE_ERROR);
    const element = await mountWith();
    setField(element, 'API_Budget_Percent__c', { value: '90' });
    await saveSettings(element);
    expect([...element.shadowRoot.querySelectorAll('.settings-error-summary li')].map((li) => li.textContent)).toEqual([
      'API Budget %: value outside of valid range on numeric field: 1000',
    ]);
    expect($(element, '.settings c-error-panel').errors).toEqual(UPDATE_ERROR);
  });

  it('resets unsaved settings', async () => {
    const element = await mountWith();
    setField(element, 'Customer_Filter__c', { value: 'Industry = null' });
    await flushPromises();
    $(element, 'lightning-button.settings-reset').click();
    await flushPromises();
    expect($(element, '[data-field="Customer_Filter__c"]').value).toBe("Type = 'Customer'");
  });

  it('is accessible', async () => {
    const element = await mountWith();
    await expect(element).toBeAccessible();
  });
});
