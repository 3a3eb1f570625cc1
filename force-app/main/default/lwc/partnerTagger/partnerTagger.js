import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { createRecord, deleteRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { CloseActionScreenEvent } from 'lightning/actions';
import { fieldErrorsOf, formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import { validateInfluence } from './validation';
import { primaryPartnerOf } from './primaryPartner';
import INFLUENCE_OBJECT from '@salesforce/schema/Partner_Influence__c';
import OPPORTUNITY_FIELD from '@salesforce/schema/Partner_Influence__c.Opportunity__c';
import PARTNER_FIELD from '@salesforce/schema/Partner_Influence__c.Partner__c';
import ROLE_FIELD from '@salesforce/schema/Partner_Influence__c.Role__c';
import ATTRIBUTION_FIELD from '@salesforce/schema/Partner_Influence__c.Attribution_Percent__c';
import ORIGIN_FIELD from '@salesforce/schema/Partner_Influence__c.Origin__c';
import PRIMARY_PARTNER_FIELD from '@salesforce/schema/Opportunity.Primary_Partner__c';
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
import FIELD_MESSAGE from '@salesforce/label/c.PL_Validation_Field_Message';
import ORIGIN_NOTE from '@salesforce/label/c.PL_Tagger_Origin_Note';
import REMOVE from '@salesforce/label/c.PL_Tagger_Remove';
import REMOVED from '@salesforce/label/c.PL_Tagger_Removed';
import REMOVE_SYNC_NOTE from '@salesforce/label/c.PL_Tagger_Remove_Sync_Note';
import ATTRIBUTION_BLANK from '@salesforce/label/c.PL_Tagger_Attribution_Blank';
import PRIMARY_FAILED from '@salesforce/label/c.PL_Tagger_Primary_Failed';

// Values of Partner_Influence__c.Role__c (API names), shown through custom labels.
const ROLE_OPTIONS = [
  { value: 'Sourced', label: ROLE_SOURCED },
  { value: 'Influenced', label: ROLE_INFLUENCED },
  { value: 'Co-sell', label: ROLE_CO_SELL },
  { value: 'Reseller', label: ROLE_RESELLER },
  { value: 'Referral', label: ROLE_REFERRAL },
];
const MANUAL_ORIGIN = 'Manual';
const FIELD_LABELS = { Partner__c: PARTNER_LABEL, Role__c: ROLE_LABEL, Attribution_Percent__c: ATTRIBUTION_LABEL };

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
  /** Opportunity.Primary_Partner__c as read, so the tagger writes it only when the rule picks another partner. */
  primaryPartnerId = null;
  removing = false;
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
    remove: REMOVE,
    removeSyncNote: REMOVE_SYNC_NOTE,
    attributionBlank: ATTRIBUTION_BLANK,
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
            Opportunity(where: { Id: { eq: $opportunityId } }, first: 1) {
              edges {
                node {
                  Id
                  Primary_Partner__c {
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
                  Origin__c {
                    value
                    displayValue
                  }
                  Touch_Date__c {
                    value
                  }
                  CreatedDate {
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
        origin: valueOf(node.Origin__c),
        originLabel: node.Origin__c?.displayValue ?? valueOf(node.Origin__c),
        touchDate: valueOf(node.Touch_Date__c),
        createdDate: valueOf(node.CreatedDate),
      }));
      this.primaryPartnerId = valueOf(nodesOf(data.uiapi.query.Opportunity)[0]?.Primary_Partner__c);
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

  /** Summary lines name the field each message is about ("Partner: Complete this field."). */
  get errorList() {
    return Object.entries(this.errors).map(([field, message]) => ({
      field,
      message: FIELD_LABELS[field] ? formatLabel(FIELD_MESSAGE, FIELD_LABELS[field], message) : message,
    }));
  }

  get edited() {
    return this.influences.find((i) => i.id === this._influenceId);
  }

  /** Editing a row the sync wrote: saving makes it Manual, which the tagger says before it happens. */
  get originNote() {
    const edited = this.edited;
    return edited && edited.origin && edited.origin !== MANUAL_ORIGIN ? formatLabel(ORIGIN_NOTE, edited.originLabel) : null;
  }

  get attributionBlank() {
    return this.attribution === '' || this.attribution === null || this.attribution === undefined;
  }

  get removeDisabled() {
    return this.saving || this.removing;
  }

  get hasErrors() {
    return this.errorList.length > 0;
  }

  get saveDisabled() {
    return this.saving || this.removing || !this.hasPartners;
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
      const savedId = record?.id ?? this._influenceId;
      const partnerName = this.partnerOptions.find((o) => o.value === this.draft.partnerId)?.label;
      await this.updatePrimaryPartner([
        ...others,
        {
          ...this.edited,
          ...this.draft,
          partnerName,
          id: savedId,
          // a new tag is the latest touch: without a date it sorts after the dated ones, as it would by date
          createdDate: this.edited?.createdDate,
        },
      ]);
      this.dispatchEvent(new ShowToastEvent({ title: SAVED, variant: 'success' }));
      this.statusMessage = SAVED;
      await this.refreshData?.();
      this.dispatchEvent(new CustomEvent('saved', { detail: { id: savedId } }));
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

  /**
   * Keeps Opportunity.Primary_Partner__c where the sync's rule puts it after this change (a manual Sourced tag
   * leads the deal at once, not after the next sync). A failure here does not undo the tag: it is said in a toast.
   */
  async updatePrimaryPartner(rows, removedPartnerId = null) {
    const primary = primaryPartnerOf(rows);
    if (primary === this.primaryPartnerId) return;
    // with no tag left, clear only the partner whose tag was just removed (a value an admin set stays)
    if (primary === null && this.primaryPartnerId !== removedPartnerId) return;
    try {
      await updateRecord({ fields: { Id: this.recordId, [PRIMARY_PARTNER_FIELD.fieldApiName]: primary } });
      this.primaryPartnerId = primary;
    } catch (error) {
      this.dispatchEvent(
        new ShowToastEvent({ title: PRIMARY_FAILED, message: fieldErrorsOf(error).Primary_Partner__c, variant: 'warning' }),
      );
    }
  }

  /** Deletes the edited tag (a manager's correction); the panel refreshes on the saved event. */
  async handleRemove() {
    const id = this._influenceId;
    const removedPartnerId = this.edited?.partnerId ?? null;
    if (!id) return;
    this.saveError = undefined;
    this.removing = true;
    try {
      await deleteRecord(id);
      await this.updatePrimaryPartner(
        this.influences.filter((i) => i.id !== id),
        removedPartnerId,
      );
      this.dispatchEvent(new ShowToastEvent({ title: REMOVED, variant: 'success' }));
      this.statusMessage = REMOVED;
      await this.refreshData?.();
      this.dispatchEvent(new CustomEvent('saved', { detail: { id, removed: true } }));
      if (!this.embedded) this.dispatchEvent(new CloseActionScreenEvent());
    } catch (error) {
      this.saveError = error;
      Promise.resolve().then(() => this.template.querySelector('.save-error')?.focus());
    } finally {
      this.removing = false;
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
