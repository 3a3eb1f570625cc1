import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEvent } from 'lightning/actions';
import { fieldErrorsOf, nodesOf, valueOf } from 'c/ldsUtils';
import { validateInfluence } from './validation';
import INFLUENCE_OBJECT from '@salesforce/schema/Partner_Influence__c';
import OPPORTUNITY_FIELD from '@salesforce/schema/Partner_Influence__c.Opportunity__c';
import PARTNER_FIELD from '@salesforce/schema/Partner_Influence__c.Partner__c';
import ROLE_FIELD from '@salesforce/schema/Partner_Influence__c.Role__c';
import ATTRIBUTION_FIELD from '@salesforce/schema/Partner_Influence__c.Attribution_Percent__c';
import ORIGIN_FIELD from '@salesforce/schema/Partner_Influence__c.Origin__c';
import TITLE_ADD from '@salesforce/label/c.PL_Tagger_Title_Add';
import TITLE_EDIT from '@salesforce/label/c.PL_Tagger_Title_Edit';
import PARTNER_LABEL from '@salesforce/label/c.PL_Field_Partner';
import PARTNER_PLACEHOLDER from '@salesforce/label/c.PL_Tagger_Partner_Placeholder';
import ROLE_LABEL from '@salesforce/label/c.PL_Field_Role';
import ATTRIBUTION_LABEL from '@salesforce/label/c.PL_Field_Attribution';
import SAVE from '@salesforce/label/c.PL_Action_Save';
import CANCEL from '@salesforce/label/c.PL_Action_Cancel';
import SAVED from '@salesforce/label/c.PL_Tagger_Saved';
import SAVE_FAILED from '@salesforce/label/c.PL_Error_Save_Failed';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import FIX_ERRORS from '@salesforce/label/c.PL_Validation_Fix_Errors';
import NO_ACTIVE_PARTNERS from '@salesforce/label/c.PL_Tagger_No_Active_Partners';
import LOADING from '@salesforce/label/c.PL_Loading';
import ROLE_SOURCED from '@salesforce/label/c.PL_Role_Sourced';
import ROLE_INFLUENCED from '@salesforce/label/c.PL_Role_Influenced';
import ROLE_CO_SELL from '@salesforce/label/c.PL_Role_Co_Sell';
import ROLE_RESELLER from '@salesforce/label/c.PL_Role_Reseller';
import ROLE_REFERRAL from '@salesforce/label/c.PL_Role_Referral';

// Values of Partner_Influence__c.Role__c (API names), shown through custom labels.
const ROLE_OPTIONS = [
  { value: 'Sourced', label: ROLE_SOURCED },
  { value: 'Influenced', label: ROLE_INFLUENCED },
  { value: 'Co-sell', label: ROLE_CO_SELL },
  { value: 'Reseller', label: ROLE_RESELLER },
  { value: 'Referral', label: ROLE_REFERRAL },
];
const MANUAL_ORIGIN = 'Manual';

function toNumber(value) {
  return value === '' || value === null || value === undefined ? null : Number(value);
}

/**
 * Adds or edits a Partner_Influence__c on an Opportunity. Used inside partnerInfluencePanel (embedded)
 * and on its own as the Opportunity's "Tag Partner" screen quick action.
 */
export default class PartnerTagger extends LightningElement {
  /** Opportunity Id. */
  @api recordId;
  /** Partner_Influence__c Id when editing; empty to add a new one. */
  @api
  get influenceId() {
    return this._influenceId;
  }
  set influenceId(value) {
    this._influenceId = value;
    this.prefill();
  }
  /** True inside partnerInfluencePanel: report with events instead of closing a quick action. */
  @api embedded = false;

  _influenceId;
  partnerId = '';
  role = '';
  attribution = '';
  errors = {};
  saveError;
  saving = false;
  statusMessage = '';
  loadErrors;
  partners = [];
  influences = [];
  refreshData;
  dataArrived = false;

  labels = {
    partner: PARTNER_LABEL,
    partnerPlaceholder: PARTNER_PLACEHOLDER,
    role: ROLE_LABEL,
    attribution: ATTRIBUTION_LABEL,
    save: SAVE,
    cancel: CANCEL,
    saveFailed: SAVE_FAILED,
    loadFailed: LOAD_FAILED,
    fixErrors: FIX_ERRORS,
    noActivePartners: NO_ACTIVE_PARTNERS,
    loading: LOADING,
  };
  roleOptions = ROLE_OPTIONS;

  get variables() {
    return { opportunityId: this.recordId };
  }

  @wire(graphql, {
    query: gql`
      query partnerTaggerData($opportunityId: ID) {
        uiapi {
          query {
            Partner__c(where: { Status__c: { eq: "Active" } }, first: 200, orderBy: { Name: { order: ASC } }) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                }
              }
            }
            Partner_Influence__c(where: { Opportunity__c: { eq: $opportunityId } }, first: 100) {
              edges {
                node {
                  Id
                  Partner__c {
                    value
                  }
                  Partner__r {
                    Name {
                      value
                    }
                  }
                  Role__c {
                    value
                  }
                  Attribution_Percent__c {
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
  wiredData({ data, errors, refresh }) {
    this.refreshData = refresh;
    this.loadErrors = errors;
    if (data) {
      this.dataArrived = true;
      this.partners = nodesOf(data.uiapi.query.Partner__c).map((node) => ({ id: node.Id, name: valueOf(node.Name) }));
      this.influences = nodesOf(data.uiapi.query.Partner_Influence__c).map((node) => ({
        id: node.Id,
        partnerId: valueOf(node.Partner__c),
        partnerName: valueOf(node.Partner__r?.Name),
        role: valueOf(node.Role__c),
        attribution: valueOf(node.Attribution_Percent__c),
      }));
      this.prefill();
    }
  }

  get loading() {
    return !this.dataArrived && !this.loadErrors;
  }

  get isEdit() {
    return !!this._influenceId;
  }

  get title() {
    return this.isEdit ? TITLE_EDIT : TITLE_ADD;
  }

  get partnerOptions() {
    const options = this.partners.map((p) => ({ value: p.id, label: p.name }));
    // an edited influence may point at a partner that is no longer active
    const edited = this.influences.find((i) => i.id === this._influenceId);
    if (edited && !options.some((o) => o.value === edited.partnerId)) {
      options.push({ value: edited.partnerId, label: edited.partnerName });
    }
    return options;
  }

  get hasPartners() {
    return this.partnerOptions.length > 0;
  }

  get errorList() {
    return Object.entries(this.errors).map(([field, message]) => ({ field, message }));
  }

  get hasErrors() {
    return this.errorList.length > 0;
  }

  get saveDisabled() {
    return this.saving || !this.hasPartners;
  }

  prefill() {
    const edited = this.influences.find((i) => i.id === this._influenceId);
    if (edited) {
      this.partnerId = edited.partnerId;
      this.role = edited.role;
      this.attribution = edited.attribution ?? '';
    } else if (!this._influenceId) {
      this.reset();
    }
  }

  reset() {
    this.partnerId = '';
    this.role = '';
    this.attribution = '';
    this.errors = {};
    this.saveError = undefined;
  }

  handleChange(event) {
    const field = event.target.dataset.field;
    const value = event.detail.value;
    if (field === PARTNER_FIELD.fieldApiName) this.partnerId = value;
    else if (field === ROLE_FIELD.fieldApiName) this.role = value;
    else this.attribution = value;
  }

  get draft() {
    return { partnerId: this.partnerId, role: this.role, attribution: toNumber(this.attribution) };
  }

  /** Shows each message on its input (lightning base components render it inline) and in the summary. */
  showErrors(errors) {
    this.errors = errors;
    this.template.querySelectorAll('[data-field]').forEach((input) => {
      input.setCustomValidity(errors[input.dataset.field] ?? '');
      input.reportValidity();
    });
  }

  async handleSave() {
    this.statusMessage = '';
    this.saveError = undefined;
    const others = this.influences.filter((i) => i.id !== this._influenceId);
    const errors = validateInfluence(this.draft, others);
    this.showErrors(errors);
    if (Object.keys(errors).length > 0) {
      this.focusFirstInvalid();
      return;
    }
    const fields = {
      [PARTNER_FIELD.fieldApiName]: this.draft.partnerId,
      [ROLE_FIELD.fieldApiName]: this.draft.role,
      [ATTRIBUTION_FIELD.fieldApiName]: this.draft.attribution,
      // a manager's edit protects the row from being rewritten by rule-based sync
      [ORIGIN_FIELD.fieldApiName]: MANUAL_ORIGIN,
    };
    this.saving = true;
    try {
      const record = this.isEdit
        ? await updateRecord({ fields: { Id: this._influenceId, ...fields } })
        : await createRecord({
            apiName: INFLUENCE_OBJECT.objectApiName,
            fields: { ...fields, [OPPORTUNITY_FIELD.fieldApiName]: this.recordId },
          });
      this.dispatchEvent(new ShowToastEvent({ title: SAVED, variant: 'success' }));
      this.statusMessage = SAVED;
      await this.refreshData?.();
      this.dispatchEvent(new CustomEvent('saved', { detail: { id: record?.id ?? this._influenceId } }));
      if (!this.embedded) this.dispatchEvent(new CloseActionScreenEvent());
      if (!this.isEdit) this.reset();
    } catch (error) {
      this.saveError = error;
      this.showErrors(fieldErrorsOf(error));
      this.focusFirstInvalid();
    } finally {
      this.saving = false;
    }
  }

  handleCancel() {
    this.reset();
    this.dispatchEvent(new CustomEvent('cancel'));
    if (!this.embedded) this.dispatchEvent(new CloseActionScreenEvent());
  }

  focusFirstInvalid() {
    const first = Object.keys(this.errors)[0];
    const target = first ? this.template.querySelector(`[data-field="${first}"]`) : this.template.querySelector('.save-error');
    target?.focus();
  }
}
