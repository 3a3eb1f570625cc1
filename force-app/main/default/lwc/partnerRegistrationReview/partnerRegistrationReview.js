import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { notifyRecordUpdateAvailable, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import { displayOf, fieldErrorsOf, formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import { formatDate, formatNumber, USER_TIME_ZONE } from 'c/localeFormat';
import { decisionFields, decisionState, missingInputs, protectionDaysOf, protectionUntil, REASON_FIELD } from './decision';
import TITLE from '@salesforce/label/c.PL_Reg_Review_Title';
import NOT_FOUND from '@salesforce/label/c.PL_Reg_Review_Not_Found';
import PARTNER from '@salesforce/label/c.PL_Field_Partner';
import COMPANY from '@salesforce/label/c.PL_Field_Company';
import DOMAIN from '@salesforce/label/c.PL_Field_Domain';
import STATUS from '@salesforce/label/c.PL_Field_Status';
import MATCH_METHOD from '@salesforce/label/c.PL_Field_Match_Method';
import AMOUNT from '@salesforce/label/c.PL_Reg_Field_Amount';
import SUBMITTED from '@salesforce/label/c.PL_Reg_Field_Submitted';
import CONTACT from '@salesforce/label/c.PL_Reg_Field_Contact';
import EXPECTED_CLOSE from '@salesforce/label/c.PL_Reg_Field_Expected_Close';
import NOTES from '@salesforce/label/c.PL_Reg_Field_Notes';
import DECIDED_BY from '@salesforce/label/c.PL_Reg_Field_Decided_By';
import DECIDED_AT from '@salesforce/label/c.PL_Reg_Field_Decided_At';
import PROTECTION_UNTIL from '@salesforce/label/c.PL_Reg_Field_Protection_Until';
import ACCOUNT from '@salesforce/label/c.PL_Reg_Field_Account';
import LEAD from '@salesforce/label/c.PL_Reg_Field_Lead';
import OPPORTUNITY from '@salesforce/label/c.PL_Reg_Field_Opportunity';
import CONFLICTING from '@salesforce/label/c.PL_Reg_Field_Conflicting';
import NAME_ONLY from '@salesforce/label/c.PL_Reg_Name_Only';
import CONFLICT_HEADING from '@salesforce/label/c.PL_Reg_Conflict_Heading';
import CONFLICT_EXISTING_DEAL from '@salesforce/label/c.PL_Reg_Conflict_Existing_Deal';
import CONFLICT_OTHER_PARTNER from '@salesforce/label/c.PL_Reg_Conflict_Other_Partner';
import CONFLICT_NAME_ONLY from '@salesforce/label/c.PL_Reg_Conflict_Name_Only';
import CONFLICT_NONE from '@salesforce/label/c.PL_Reg_Conflict_None';
import RULE_REJECTED from '@salesforce/label/c.PL_Reg_Rule_Rejected';
import OVERRIDE from '@salesforce/label/c.PL_Reg_Override';
import OVERRIDE_REQUIRED from '@salesforce/label/c.PL_Reg_Override_Required';
import REASON from '@salesforce/label/c.PL_Reg_Reason';
import REASON_HELP from '@salesforce/label/c.PL_Reg_Reason_Help';
import REASON_REQUIRED_REJECT from '@salesforce/label/c.PL_Reg_Reason_Required_Reject';
import REASON_REQUIRED_OVERRIDE from '@salesforce/label/c.PL_Reg_Reason_Required_Override';
import PROTECTION_PREVIEW from '@salesforce/label/c.PL_Reg_Protection_Preview';
import APPROVE from '@salesforce/label/c.PL_Reg_Approve';
import REJECT from '@salesforce/label/c.PL_Reg_Reject';
import APPROVED_TOAST from '@salesforce/label/c.PL_Reg_Approved_Toast';
import REJECTED_TOAST from '@salesforce/label/c.PL_Reg_Rejected_Toast';
import APPROVED_PENDING from '@salesforce/label/c.PL_Reg_Approved_Pending';
import APPROVED_LINKED from '@salesforce/label/c.PL_Reg_Approved_Linked';
import DECISION_HEADING from '@salesforce/label/c.PL_Reg_Decision_Heading';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import SAVE_FAILED from '@salesforce/label/c.PL_Error_Save_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

const OBJECT = 'Partner_Registration__c';
const recordUrl = (objectApiName, id) => (id ? `/lightning/r/${objectApiName}/${id}/view` : null);

/**
 * Partner_Registration__c record page: the registration, the conflict the intake found (the other partner's
 * registration, the account and its open opportunity), and the manager's decision.
 *
 * The component records the decision only (Status__c, Decided_By__c, Decided_At__c, Protection_Until__c from the
 * settings' Registration_Protection_Days__c, Decision_Reason__c) with updateRecord: no Apex. Creating or linking
 * the Lead / Opportunity and the Sourced (or Reseller) Partner_Influence__c row is the backend's idempotent apply
 * step (src/registrations/approval.ts applyApproved), run by the next sync, by `partnerlens serve` within a minute,
 * or at once by `partnerlens registrations approve` in the CLI. Until it has run, an approved registration says
 * so; once Lead__c / Opportunity__c are set it links to them.
 */
export default class PartnerRegistrationReview extends LightningElement {
  @api recordId;
  /** Dates and times show in the user's time zone (@salesforce/i18n/timeZone), not the browser's. */
  timeZone = USER_TIME_ZONE;

  registration;
  protectionDays = protectionDaysOf(undefined);
  errors;
  dataArrived = false;
  refreshData;
  override = false;
  reason = '';
  saving = false;
  saveError;
  statusMessage = '';

  labels = {
    title: TITLE,
    notFound: NOT_FOUND,
    partner: PARTNER,
    company: COMPANY,
    domain: DOMAIN,
    status: STATUS,
    matchMethod: MATCH_METHOD,
    amount: AMOUNT,
    submitted: SUBMITTED,
    contact: CONTACT,
    expectedClose: EXPECTED_CLOSE,
    notes: NOTES,
    decidedBy: DECIDED_BY,
    decidedAt: DECIDED_AT,
    protectionUntil: PROTECTION_UNTIL,
    account: ACCOUNT,
    lead: LEAD,
    opportunity: OPPORTUNITY,
    conflicting: CONFLICTING,
    nameOnly: NAME_ONLY,
    conflictHeading: CONFLICT_HEADING,
    reason: REASON,
    reasonHelp: REASON_HELP,
    approve: APPROVE,
    reject: REJECT,
    approvedPending: APPROVED_PENDING,
    approvedLinked: APPROVED_LINKED,
    decisionHeading: DECISION_HEADING,
    loadFailed: LOAD_FAILED,
    saveFailed: SAVE_FAILED,
    loading: LOADING,
  };

  get variables() {
    return { recordId: this.recordId };
  }

  @wire(graphql, {
    query: gql`
      query registrationReview($recordId: ID) {
        uiapi {
          query {
            Partner_Registration__c(where: { Id: { eq: $recordId } }, first: 1) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Status__c {
                    value
                    displayValue
                  }
                  Conflict__c {
                    value
                    displayValue
                  }
                  Partner__r {
                    Name {
                      value
                    }
                  }
                  Company__c {
                    value
                  }
                  Domain__c {
                    value
                  }
                  Contact_Name__c {
                    value
                  }
                  Contact_Email__c {
                    value
                  }
                  Estimated_Amount__c {
                    value
                    displayValue
                  }
                  Expected_Close_Date__c {
                    value
                  }
                  Notes__c {
                    value
                  }
                  Submitted_At__c {
                    value
                  }
                  Match_Method__c {
                    value
                    displayValue
                  }
                  Match_Reason__c {
                    value
                  }
                  Decision_Reason__c {
                    value
                  }
                  Decided_By__c {
                    value
                  }
                  Decided_By__r {
                    Name {
                      value
                    }
                  }
                  Decided_At__c {
                    value
                  }
                  Protection_Until__c {
                    value
                  }
                  Account__c {
                    value
                  }
                  Account__r {
                    Name {
                      value
                    }
                  }
                  Lead__c {
                    value
                  }
                  Lead__r {
                    Name {
                      value
                    }
                  }
                  Opportunity__c {
                    value
                  }
                  Opportunity__r {
                    Name {
                      value
                    }
                    StageName {
                      value
                      displayValue
                    }
                  }
                  Conflicting_Registration__c {
                    value
                  }
                  Conflicting_Registration__r {
                    Name {
                      value
                    }
                    Partner__r {
                      Name {
                        value
                      }
                    }
                    Status__c {
                      value
                      displayValue
                    }
                    Protection_Until__c {
                      value
                    }
                  }
                }
              }
            }
            Partner_Sync_Setting__c(where: { External_Id__c: { eq: "default" } }, first: 1) {
              edges {
                node {
                  Id
                  Registration_Protection_Days__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$variables',
  })
  wiredRegistration({ data, errors, refresh }) {
    this.refreshData = refresh;
    this.errors = errors;
    if (data) {
      this.dataArrived = true;
      const node = nodesOf(data.uiapi.query.Partner_Registration__c)[0];
      this.registration = node ? this.toView(node) : undefined;
      const setting = nodesOf(data.uiapi.query.Partner_Sync_Setting__c)[0];
      this.protectionDays = protectionDaysOf(valueOf(setting?.Registration_Protection_Days__c));
    }
  }

  toView(node) {
    const status = valueOf(node.Status__c);
    const conflict = valueOf(node.Conflict__c);
    const decidedBy = valueOf(node.Decided_By__c);
    const conflictingId = valueOf(node.Conflicting_Registration__c);
    const conflicting = node.Conflicting_Registration__r;
    const accountName = valueOf(node.Account__r?.Name);
    const leadId = valueOf(node.Lead__c);
    const opportunityId = valueOf(node.Opportunity__c);
    const contactEmail = valueOf(node.Contact_Email__c);
    return {
      id: node.Id,
      name: valueOf(node.Name),
      status,
      statusLabel: displayOf(node.Status__c),
      conflict,
      conflictLabel: displayOf(node.Conflict__c),
      partner: valueOf(node.Partner__r?.Name),
      company: valueOf(node.Company__c),
      domain: valueOf(node.Domain__c),
      contactName: valueOf(node.Contact_Name__c),
      contactEmail,
      contactEmailUrl: contactEmail ? `mailto:${contactEmail}` : null,
      // whole money, as the queue and the impact figures show it
      amount: valueOf(node.Estimated_Amount__c),
      expectedClose: valueOf(node.Expected_Close_Date__c),
      notes: valueOf(node.Notes__c),
      submittedAt: valueOf(node.Submitted_At__c),
      matchMethod: displayOf(node.Match_Method__c),
      matchReason: valueOf(node.Match_Reason__c),
      nameOnly: valueOf(node.Match_Method__c) === 'Name' || conflict === 'Name only',
      decisionReason: valueOf(node.Decision_Reason__c),
      decidedBy,
      decidedByName: valueOf(node.Decided_By__r?.Name),
      decidedAt: valueOf(node.Decided_At__c),
      protectionUntil: valueOf(node.Protection_Until__c),
      accountId: valueOf(node.Account__c),
      accountName,
      accountUrl: recordUrl('Account', valueOf(node.Account__c)),
      leadId,
      leadName: valueOf(node.Lead__r?.Name),
      leadUrl: recordUrl('Lead', leadId),
      opportunityId,
      opportunityName: valueOf(node.Opportunity__r?.Name),
      opportunityStage: displayOf(node.Opportunity__r?.StageName),
      opportunityUrl: recordUrl('Opportunity', opportunityId),
      conflictingId,
      conflictingName: valueOf(conflicting?.Name),
      conflictingPartner: valueOf(conflicting?.Partner__r?.Name),
      conflictingStatus: displayOf(conflicting?.Status__c),
      conflictingProtectionUntil: valueOf(conflicting?.Protection_Until__c),
      conflictingUrl: recordUrl(OBJECT, conflictingId),
      state: decisionState({ status, conflict, decidedBy }),
    };
  }

  // ---- what the template shows ----

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get notFound() {
    return this.dataArrived && !this.errors && !this.registration;
  }

  get state() {
    return this.registration?.state ?? {};
  }

  get conflictText() {
    const r = this.registration;
    switch (r?.conflict) {
      case 'Existing deal':
        return formatLabel(CONFLICT_EXISTING_DEAL, r.accountName ?? r.company ?? '');
      case 'Other partner':
        return formatLabel(CONFLICT_OTHER_PARTNER, r.conflictingPartner ?? '');
      case 'Name only':
        return CONFLICT_NAME_ONLY;
      default:
        return CONFLICT_NONE;
    }
  }

  get conflictClass() {
    const tone = this.registration?.conflict ? 'slds-theme_warning' : 'slds-theme_info';
    return `conflict-notice slds-scoped-notification slds-media slds-media_center ${tone}`;
  }

  get conflictIcon() {
    return this.registration?.conflict ? 'utility:warning' : 'utility:info';
  }

  get ruleRejectedText() {
    return formatLabel(RULE_REJECTED, this.registration?.conflictLabel ?? '');
  }

  get overrideLabel() {
    return formatLabel(OVERRIDE, this.registration?.conflictLabel ?? '');
  }

  get protectionPreview() {
    // the last protected day as every screen writes a date (the user's medium date format), not 2027-01-06
    return formatLabel(PROTECTION_PREVIEW, formatNumber(this.protectionDays), formatDate(protectionUntil(new Date(), this.protectionDays)));
  }

  get approved() {
    return this.registration?.status === 'Approved';
  }

  /** Approved, and the backend's apply step has not created or linked the lead/opportunity yet. */
  get awaitingApply() {
    return this.approved && !this.registration.leadId && !this.registration.opportunityId;
  }

  get applied() {
    return this.approved && !this.awaitingApply;
  }

  get approveDisabled() {
    return this.saving || !this.state.canApprove;
  }

  get rejectDisabled() {
    return this.saving || !this.state.canReject;
  }

  // ---- inputs ----

  handleOverrideChange(event) {
    this.override = event.target.checked;
    if (this.override) this.clearValidity('lightning-input.override');
  }

  handleReasonChange(event) {
    this.reason = event.detail.value;
    // clear a "required" message as soon as there is a reason, not on blur (the buttons would move)
    if (this.reason.trim()) this.clearValidity('lightning-textarea.reason');
  }

  handleButtonsMouseDown(event) {
    // keep focus in the reason while the pointer is down: a blur would show or hide its message and move
    // the buttons from under the pointer (keyboard activation sends no mousedown)
    event.preventDefault();
  }

  clearValidity(selector) {
    const input = this.template.querySelector(selector);
    if (input) {
      input.setCustomValidity('');
      input.reportValidity();
    }
  }

  /** Shows a field-level message on the input (or clears it); true when it has one. */
  flag(selector, message) {
    const input = this.template.querySelector(selector);
    if (!input) return false;
    input.setCustomValidity(message ?? '');
    input.reportValidity();
    return !!message;
  }

  handleApprove() {
    return this.decide('approve');
  }

  handleReject() {
    return this.decide('reject');
  }

  async decide(decision) {
    const r = this.registration;
    if (!r || this.saving) return;
    const { needsOverride } = r.state;
    if (decision === 'reject' ? !r.state.canReject : !r.state.canApprove) return;
    const missing = missingInputs(decision, { needsOverride, override: this.override, reason: this.reason });
    const reasonMessage = missing.reason ? (decision === 'reject' ? REASON_REQUIRED_REJECT : REASON_REQUIRED_OVERRIDE) : '';
    const overrideMessage = missing.override ? formatLabel(OVERRIDE_REQUIRED, r.conflictLabel ?? '') : '';
    const blocked = [
      this.flag('lightning-input.override', overrideMessage),
      this.flag('lightning-textarea.reason', reasonMessage),
    ];
    if (blocked.some(Boolean)) {
      this.template.querySelector(missing.override ? 'lightning-input.override' : 'lightning-textarea.reason')?.focus();
      return;
    }
    this.saving = true;
    this.saveError = undefined;
    try {
      await updateRecord({
        fields: decisionFields(decision, {
          id: r.id,
          userId: USER_ID,
          now: new Date(),
          protectionDays: this.protectionDays,
          reason: this.reason,
        }),
      });
    } catch (error) {
      const reasonError = fieldErrorsOf(error)[REASON_FIELD];
      if (reasonError) this.flag('lightning-textarea.reason', reasonError);
      this.saveError = error;
      return;
    } finally {
      this.saving = false;
    }
    const message = formatLabel(decision === 'approve' ? APPROVED_TOAST : REJECTED_TOAST, r.name ?? '');
    this.dispatchEvent(new ShowToastEvent({ title: message, variant: 'success' }));
    this.statusMessage = message;
    this.reason = '';
    this.override = false;
    // the record page's other components (details, highlights) read the record through LDS; this card re-reads it
    await notifyRecordUpdateAvailable([{ recordId: r.id }]);
    await this.refreshData?.();
  }
}
