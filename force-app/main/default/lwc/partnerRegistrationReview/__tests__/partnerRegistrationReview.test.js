import PartnerRegistrationReview from 'c/partnerRegistrationReview';
import { graphql } from 'lightning/graphql';
import { notifyRecordUpdateAvailable, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import { mount, cleanup, flushPromises, dateTimeFormatOf } from 'jest-utils';
import { DATE_TIME_FORMAT } from 'c/localeFormat';
import PENDING from './data/graphqlPending.json';
import PENDING_NO_SETTING from './data/graphqlPendingNoSetting.json';
import PENDING_BLANK_DAYS from './data/graphqlPendingBlankDays.json';
import EXISTING_DEAL from './data/graphqlExistingDeal.json';
import OTHER_PARTNER from './data/graphqlOtherPartner.json';
import NAME_ONLY from './data/graphqlNameOnly.json';
import RULE_REJECTED from './data/graphqlRuleRejected.json';
import APPROVED_AWAITING from './data/graphqlApprovedAwaiting.json';
import APPROVED_APPLIED from './data/graphqlApprovedApplied.json';
import APPROVED_LEAD from './data/graphqlApprovedLead.json';
import REJECTED from './data/graphqlRejected.json';
import NOT_FOUND from './data/graphqlNotFound.json';
import { decisionFields, decisionState, missingInputs, protectionDaysOf, protectionUntil } from '../decision';

const USER = '0055g00000MgrAAAAA';
jest.mock('@salesforce/user/Id', () => ({ __esModule: true, default: '0055g00000MgrAAAAA' }), { virtual: true });
// labels with placeholders, so the tests see the values land in them
jest.mock(
  '@salesforce/label/c.PL_Reg_Protection_Preview',
  () => ({ __esModule: true, default: 'protects for {0} days, until {1}' }),
  { virtual: true },
);
jest.mock('@salesforce/label/c.PL_Reg_Override', () => ({ __esModule: true, default: 'Override the conflict ({0})' }), {
  virtual: true,
});
jest.mock(
  '@salesforce/label/c.PL_Reg_Override_Required',
  () => ({ __esModule: true, default: 'Override: tick this to approve over the {0} conflict.' }),
  { virtual: true },
);
jest.mock('@salesforce/label/c.PL_Reg_Approved_Toast', () => ({ __esModule: true, default: '{0} approved' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_Reg_Rejected_Toast', () => ({ __esModule: true, default: '{0} rejected' }), { virtual: true });
jest.mock(
  '@salesforce/label/c.PL_Reg_Conflict_Existing_Deal',
  () => ({ __esModule: true, default: '{0} already has an open opportunity.' }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.PL_Reg_Conflict_Other_Partner',
  () => ({ __esModule: true, default: '{0} registered this company first.' }),
  { virtual: true },
);
jest.mock(
  '@salesforce/label/c.PL_Reg_Rule_Rejected',
  () => ({ __esModule: true, default: 'Rejected by the conflict rule ({0}).' }),
  { virtual: true },
);

const RECORD_ID = 'a075g00000RegAAAAA';
const NOW = new Date('2026-12-07T10:00:00.000Z');

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const text = (node) => node?.textContent.replace(/\s+/g, ' ').trim();

async function mountWith(data, refresh) {
  const element = mount('c-partner-registration-review', PartnerRegistrationReview, { recordId: RECORD_ID });
  graphql.emit(data, undefined, refresh);
  await flushPromises();
  return element;
}

async function enterReason(element, value) {
  $(element, 'lightning-textarea.reason').dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

async function tickOverride(element) {
  const box = $(element, 'lightning-input.override');
  box.checked = true;
  box.dispatchEvent(new CustomEvent('change'));
  await flushPromises();
}

async function press(element, button) {
  $(element, `lightning-button.${button}`).click();
  await flushPromises();
}

/** Spies on the field-level messages an input is given. */
function validityOf(element, selector) {
  const input = $(element, selector);
  return { setCustomValidity: jest.spyOn(input, 'setCustomValidity'), reportValidity: jest.spyOn(input, 'reportValidity') };
}

describe('decision rules', () => {
  it.each([
    [30, 30],
    [90.0, 90],
    [null, 90],
    [undefined, 90],
    [0, 90],
    [-5, 90],
    ['30', 90],
  ])('protection days %p -> %p', (value, days) => {
    expect(protectionDaysOf(value)).toBe(days);
  });

  it.each([
    ['2026-12-07T10:00:00.000Z', 90, '2027-03-07'],
    ['2026-12-07T23:59:59.000Z', 30, '2027-01-06'],
    ['2024-02-01T00:00:00.000Z', 29, '2024-03-01'],
  ])('approved at %s with %d days is protected until %s (UTC, as the backend)', (now, days, until) => {
    expect(protectionUntil(new Date(now), days)).toBe(until);
  });

  it.each([
    ['Submitted', null, null, { canApprove: true, canReject: true, needsOverride: false, decided: false }],
    ['Under review', 'Name only', null, { canApprove: true, canReject: true, needsOverride: false, decided: false }],
    ['Under review', 'Existing deal', null, { canApprove: true, canReject: true, needsOverride: true, decided: false }],
    ['Submitted', 'Other partner', null, { canApprove: true, canReject: true, needsOverride: true, decided: false }],
    ['Rejected', 'Other partner', null, { canApprove: true, canReject: false, needsOverride: true, decided: false }],
    ['Rejected', 'Other partner', USER, { canApprove: false, canReject: false, needsOverride: false, decided: true }],
    ['Rejected', null, USER, { canApprove: false, canReject: false, needsOverride: false, decided: true }],
    ['Approved', null, USER, { canApprove: false, canReject: false, needsOverride: false, decided: true }],
    ['Expired', null, USER, { canApprove: false, canReject: false, needsOverride: false, decided: true }],
    ['Converted', null, USER, { canApprove: false, canReject: false, needsOverride: false, decided: true }],
  ])('%s with conflict %p (decided by %p)', (status, conflict, decidedBy, expected) => {
    expect(decisionState({ status, conflict, decidedBy })).toEqual(expect.objectContaining(expected));
  });

  it.each([
    ['reject', false, false, '', { reason: true, override: false }],
    ['reject', false, false, '   ', { reason: true, override: false }],
    ['reject', false, false, 'Duplicate', { reason: false, override: false }],
    ['approve', false, false, '', { reason: false, override: false }],
    ['approve', true, false, '', { reason: true, override: true }],
    ['approve', true, true, '', { reason: true, override: false }],
    ['approve', true, false, 'Partner brought it', { reason: false, override: true }],
    ['approve', true, true, 'Partner brought it', { reason: false, override: false }],
  ])('%s (override needed %p, ticked %p, reason %p) misses %p', (decision, needsOverride, override, reason, missing) => {
    expect(missingInputs(decision, { needsOverride, override, reason })).toEqual(missing);
  });

  it('writes a rejection without a protection date', () => {
    expect(decisionFields('reject', { id: RECORD_ID, userId: USER, now: NOW, protectionDays: 30, reason: ' Dup ' })).toEqual({
      Id: RECORD_ID,
      Status__c: 'Rejected',
      Decided_By__c: USER,
      Decided_At__c: '2026-12-07T10:00:00.000Z',
      Decision_Reason__c: 'Dup',
    });
  });
});

describe('c-partner-registration-review', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
    jest.setSystemTime(NOW);
  });

  afterEach(() => {
    cleanup();
    jest.useRealTimers();
  });

  it('shows a spinner while loading', async () => {
    const element = mount('c-partner-registration-review', PartnerRegistrationReview, { recordId: RECORD_ID });
    await flushPromises();
    expect($(element, 'lightning-spinner').alternativeText).toBe('c.PL_Loading');
  });

  it('asks for this registration and the settings record', async () => {
    await mountWith(PENDING);
    const { query, variables } = graphql.getLastConfig();
    expect(variables).toEqual({ recordId: RECORD_ID });
    expect(query).toContain('Partner_Registration__c(where: { Id: { eq: $recordId } }, first: 1)');
    expect(query).toContain('Partner_Sync_Setting__c(where: { External_Id__c: { eq: "default" } }, first: 1)');
    expect(query).toContain('Registration_Protection_Days__c');
  });

  it('shows the registration', async () => {
    const element = await mountWith(PENDING);
    expect(text($(element, 'h2.name'))).toBe('DR-000007');
    expect($(element, 'lightning-badge.status').label).toBe('Submitted');
    expect(text($(element, 'dd.partner'))).toBe('Northwind');
    expect(text($(element, 'dd.company'))).toBe('Acme Corp');
    expect(text($(element, 'dd.domain'))).toBe('acme.example');
    const amount = $(element, 'dd.amount lightning-formatted-number');
    expect(amount.value).toBe(50000);
    expect(amount.maximumFractionDigits).toBe('0');
    expect($(element, 'a.contact-email').getAttribute('href')).toBe('mailto:jo@acme.example');
    expect(text($(element, 'dd.match .match-reason'))).toBe('website acme.example = acme.example');
    expect(text($(element, '.conflict-text'))).toBe('c.PL_Reg_Conflict_None');
    expect($(element, '.name-only')).toBeNull();
  });

  it('offers Approve and Reject on a pending registration, with no override when there is no conflict', async () => {
    const element = await mountWith(PENDING);
    expect($$(element, '.buttons lightning-button').map((b) => [b.label, b.disabled])).toEqual([
      ['c.PL_Reg_Reject', false],
      ['c.PL_Reg_Approve', false],
    ]);
    expect($(element, 'lightning-input.override')).toBeNull();
  });

  it('blocks a rejection without a reason with a message on the reason field, and writes nothing', async () => {
    const element = await mountWith(PENDING);
    const reason = validityOf(element, 'lightning-textarea.reason');
    await enterReason(element, '   ');
    await press(element, 'reject');
    expect(reason.setCustomValidity).toHaveBeenLastCalledWith('c.PL_Reg_Reason_Required_Reject');
    expect(reason.reportValidity).toHaveBeenCalled();
    expect(updateRecord).not.toHaveBeenCalled();
  });

  it('rejects with a reason: status, decided by/at and the reason, then a toast and a refresh', async () => {
    const refresh = jest.fn().mockResolvedValue(undefined);
    const element = await mountWith(PENDING, refresh);
    const toasts = jest.fn();
    element.addEventListener(ShowToastEventName, toasts);
    await enterReason(element, 'Acme is already working with us directly');
    await press(element, 'reject');
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: RECORD_ID,
        Status__c: 'Rejected',
        Decided_By__c: USER,
        Decided_At__c: '2026-12-07T10:00:00.000Z',
        Decision_Reason__c: 'Acme is already working with us directly',
      },
    });
    expect(toasts.mock.calls[0][0].detail).toEqual({ title: 'DR-000007 rejected', variant: 'success' });
    expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(text($(element, '.status-message'))).toBe('DR-000007 rejected');
  });

  it("approves with protection from the settings' Registration_Protection_Days__c (30 here), no reason needed", async () => {
    const element = await mountWith(PENDING, jest.fn().mockResolvedValue(undefined));
    // the date as the protection-until field shows it (the user's medium date format), not the ISO 2027-01-06
    expect(text($(element, '.protection-preview'))).toBe('protects for 30 days, until Jan 6, 2027');
    await press(element, 'approve');
    expect(updateRecord).toHaveBeenCalledWith({
      fields: {
        Id: RECORD_ID,
        Status__c: 'Approved',
        Decided_By__c: USER,
        Decided_At__c: '2026-12-07T10:00:00.000Z',
        Protection_Until__c: '2027-01-06',
      },
    });
  });

  it.each([
    ['no settings record', PENDING_NO_SETTING],
    ['a blank Registration_Protection_Days__c', PENDING_BLANK_DAYS],
  ])('protects for 90 days with %s', async (_, data) => {
    const element = await mountWith(data);
    await press(element, 'approve');
    expect(updateRecord.mock.calls[0][0].fields.Protection_Until__c).toBe('2027-03-07');
  });

  it('keeps an optional reason on an approval', async () => {
    const element = await mountWith(PENDING);
    await enterReason(element, ' Strong partner ');
    await press(element, 'approve');
    expect(updateRecord.mock.calls[0][0].fields.Decision_Reason__c).toBe('Strong partner');
  });

  describe('over an Existing deal conflict', () => {
    it('explains the conflict and links the account and its open opportunity', async () => {
      const element = await mountWith(EXISTING_DEAL);
      expect(text($(element, '.conflict-text'))).toBe('Acme Corp already has an open opportunity.');
      expect($(element, 'a.account-link').getAttribute('href')).toBe('/lightning/r/Account/0015g00000AccAAAAA/view');
      const opp = $(element, 'a.opportunity-link');
      expect([text(opp), opp.getAttribute('href')]).toEqual([
        'Acme - 500 licences',
        '/lightning/r/Opportunity/0065g00000OppAAAAA/view',
      ]);
      expect(text($(element, '.opportunity-stage'))).toBe('· Prospecting');
      expect($(element, 'lightning-input.override').label).toBe('Override the conflict (Existing deal)');
    });

    it('needs both the override and a reason to approve', async () => {
      const element = await mountWith(EXISTING_DEAL);
      const override = validityOf(element, 'lightning-input.override');
      const reason = validityOf(element, 'lightning-textarea.reason');

      await press(element, 'approve');
      expect(override.setCustomValidity).toHaveBeenLastCalledWith(
        'Override: tick this to approve over the Existing deal conflict.',
      );
      expect(reason.setCustomValidity).toHaveBeenLastCalledWith('c.PL_Reg_Reason_Required_Override');

      await tickOverride(element);
      await press(element, 'approve');
      expect(override.setCustomValidity).toHaveBeenLastCalledWith('');
      expect(reason.setCustomValidity).toHaveBeenLastCalledWith('c.PL_Reg_Reason_Required_Override');

      await enterReason(element, 'The existing deal is lost; the partner brought a new buyer');
      await tickOverride(element);
      expect(updateRecord).not.toHaveBeenCalled();
      await press(element, 'approve');
      expect(updateRecord).toHaveBeenCalledWith({
        fields: {
          Id: RECORD_ID,
          Status__c: 'Approved',
          Decided_By__c: USER,
          Decided_At__c: '2026-12-07T10:00:00.000Z',
          Protection_Until__c: '2027-01-06',
          Decision_Reason__c: 'The existing deal is lost; the partner brought a new buyer',
        },
      });
    });

    it('does not approve with a reason alone', async () => {
      const element = await mountWith(EXISTING_DEAL);
      await enterReason(element, 'Because');
      await press(element, 'approve');
      expect(updateRecord).not.toHaveBeenCalled();
    });

    it('rejects with a reason and no override', async () => {
      const element = await mountWith(EXISTING_DEAL);
      await enterReason(element, 'Existing deal');
      await press(element, 'reject');
      expect(updateRecord.mock.calls[0][0].fields.Status__c).toBe('Rejected');
    });
  });

  it('links the conflicting registration of another partner, with its status and protection', async () => {
    const element = await mountWith(OTHER_PARTNER);
    expect(text($(element, '.conflict-text'))).toBe('Contoso registered this company first.');
    const link = $(element, 'a.conflicting-link');
    expect([text(link), link.getAttribute('href')]).toEqual([
      'DR-000001',
      '/lightning/r/Partner_Registration__c/a075g00000RegBBAAA/view',
    ]);
    expect(text($(element, '.conflicting-partner'))).toBe('· Contoso');
    expect(text($(element, '.conflicting-status'))).toBe('· Approved');
    expect($(element, '.conflicting-protection lightning-formatted-date-time').value).toBe('2027-02-01');
    await enterReason(element, 'Contoso withdrew');
    await press(element, 'approve');
    expect(updateRecord).not.toHaveBeenCalled();
    await tickOverride(element);
    await press(element, 'approve');
    expect(updateRecord).toHaveBeenCalledTimes(1);
  });

  it('flags a name-only match and approves it without an override', async () => {
    const element = await mountWith(NAME_ONLY);
    expect($(element, 'lightning-badge.name-only').label).toBe('c.PL_Reg_Name_Only');
    expect(text($(element, '.conflict-text'))).toBe('c.PL_Reg_Conflict_Name_Only');
    expect($(element, 'lightning-input.override')).toBeNull();
    await press(element, 'approve');
    expect(updateRecord.mock.calls[0][0].fields.Status__c).toBe('Approved');
  });

  it('lets a manager approve a registration a rule rejected, with override and reason, but not reject it again', async () => {
    const element = await mountWith(RULE_REJECTED);
    expect(text($(element, '.rule-rejected'))).toBe('Rejected by the conflict rule (Other partner).');
    expect($(element, 'lightning-button.reject')).toBeNull();
    await tickOverride(element);
    await enterReason(element, 'Contoso let its protection lapse in practice');
    await press(element, 'approve');
    expect(updateRecord.mock.calls[0][0].fields).toEqual(
      expect.objectContaining({ Status__c: 'Approved', Protection_Until__c: '2027-01-06' }),
    );
  });

  it.each([
    ['approved, awaiting the apply step', APPROVED_AWAITING],
    ['approved and applied', APPROVED_APPLIED],
    ['rejected by a manager', REJECTED],
  ])('shows no buttons and no form when %s', async (_, data) => {
    const element = await mountWith(data);
    expect($$(element, 'lightning-button')).toEqual([]);
    expect($(element, 'lightning-textarea')).toBeNull();
    expect($(element, 'lightning-input.override')).toBeNull();
  });

  it('says the lead/opportunity comes at the next sync while an approval is not applied', async () => {
    const element = await mountWith(APPROVED_AWAITING);
    expect(text($(element, '.awaiting-apply'))).toBe('c.PL_Reg_Approved_Pending');
    expect(text($(element, 'dd.decided-by'))).toBe('Morgan Lee');
    expect($(element, 'dd.decided-at lightning-formatted-date-time').value).toBe('2026-12-07T10:00:00.000Z');
    // the one date-and-time format of every screen, in the user's time zone (not the browser's)
    expect(dateTimeFormatOf($(element, 'dd.decided-at lightning-formatted-date-time'))).toEqual({ ...DATE_TIME_FORMAT, timeZone: 'America/Los_Angeles' });
    expect($(element, 'dd.protection-until lightning-formatted-date-time').value).toBe('2027-01-06');
    expect(text($(element, 'dd.decision-reason'))).toBe('Strong partner');
    expect($(element, '.applied')).toBeNull();
  });

  it('links the opportunity the apply step created', async () => {
    const element = await mountWith(APPROVED_APPLIED);
    expect($(element, '.awaiting-apply')).toBeNull();
    const link = $(element, 'a.applied-opportunity-link');
    expect([text(link), link.getAttribute('href')]).toEqual([
      'Acme Corp (DR-000007)',
      '/lightning/r/Opportunity/0065g00000OppBBAAA/view',
    ]);
  });

  it('links the lead the apply step created', async () => {
    const element = await mountWith(APPROVED_LEAD);
    expect($(element, 'a.lead-link').getAttribute('href')).toBe('/lightning/r/Lead/00Q5g00000LeaAAAAA/view');
    expect($(element, '.awaiting-apply')).toBeNull();
  });

  it("shows the org's message for the reason under the reason field when the save fails", async () => {
    updateRecord.mockRejectedValueOnce({
      status: 400,
      ok: false,
      body: {
        message: 'An error occurred',
        enhancedErrorType: 'RecordError',
        output: {
          errors: [],
          fieldErrors: {
            Decision_Reason__c: [
              { errorCode: 'STRING_TOO_LONG', field: 'Decision_Reason__c', message: 'Decision Reason: too long' },
            ],
          },
        },
      },
    });
    const element = await mountWith(PENDING);
    const reason = validityOf(element, 'lightning-textarea.reason');
    await enterReason(element, 'x');
    await press(element, 'reject');
    expect(reason.setCustomValidity).toHaveBeenLastCalledWith('Decision Reason: too long');
    expect($(element, 'c-error-panel').friendlyMessage).toBe('c.PL_Error_Save_Failed');
    expect($(element, 'lightning-button.reject').disabled).toBe(false);
  });

  it('says when the registration cannot be read', async () => {
    const element = await mountWith(NOT_FOUND);
    expect(text($(element, '.not-found'))).toBe('c.PL_Reg_Review_Not_Found');
  });

  it('shows the error panel when the query fails', async () => {
    const element = mount('c-partner-registration-review', PartnerRegistrationReview, { recordId: RECORD_ID });
    graphql.emitErrors([{ message: 'boom' }]);
    await flushPromises();
    expect($(element, 'c-error-panel').friendlyMessage).toBe('c.PL_Error_Load_Failed');
  });

  it.each([
    ['pending', PENDING],
    ['with an override', EXISTING_DEAL],
    ['decided', APPROVED_APPLIED],
  ])('is accessible %s', async (_, data) => {
    const element = await mountWith(data);
    await expect(element).toBeAccessible();
  });
});
