import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { displayOf, fieldErrorsOf, formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import { USER_TIME_ZONE } from 'c/localeFormat';
import { FILTER_FIELDS, NUMBER_RANGES, validateSettings } from './settingsValidation';
import SETTING_OBJECT from '@salesforce/schema/Partner_Sync_Setting__c';
import SETTING_EXTERNAL_ID from '@salesforce/schema/Partner_Sync_Setting__c.External_Id__c';
import SETTING_NAME from '@salesforce/schema/Partner_Sync_Setting__c.Name';
import ATTRIBUTION_MODEL from '@salesforce/schema/Partner_Sync_Setting__c.Attribution_Model__c';
import STATUS_FIELD from '@salesforce/schema/Partner__c.Status__c';
import SHARING_FIELD from '@salesforce/schema/Partner__c.Sharing_Level__c';
import SOURCE_FIELD from '@salesforce/schema/Partner__c.Source__c';
import TITLE from '@salesforce/label/c.PL_Admin_Title';
import PARTNERS from '@salesforce/label/c.PL_Admin_Partners';
import SETTINGS from '@salesforce/label/c.PL_Admin_Settings';
import SETTINGS_MISSING from '@salesforce/label/c.PL_Admin_Settings_Missing';
import RUNS from '@salesforce/label/c.PL_Admin_Runs';
import NO_RUNS from '@salesforce/label/c.PL_Admin_No_Runs';
import NO_PARTNERS from '@salesforce/label/c.PL_Admin_No_Partners';
import EDIT_PARTNER_NAMED from '@salesforce/label/c.PL_Admin_Edit_Partner_Named';
import PARTNER_ACTIONS from '@salesforce/label/c.PL_Admin_Partner_Actions';
import SAVE from '@salesforce/label/c.PL_Action_Save';
import CANCEL from '@salesforce/label/c.PL_Action_Cancel';
import EDIT_PARTNER_TITLE from '@salesforce/label/c.PL_Admin_Edit_Partner';
import PARTNER_SAVED from '@salesforce/label/c.PL_Admin_Partner_Saved';
import SETTINGS_SAVED from '@salesforce/label/c.PL_Admin_Settings_Saved';
import FIX_ERRORS from '@salesforce/label/c.PL_Validation_Fix_Errors';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import SAVE_FAILED from '@salesforce/label/c.PL_Error_Save_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';
import FIELD_NAME from '@salesforce/label/c.PL_Field_Name';
import FIELD_DOMAIN from '@salesforce/label/c.PL_Field_Domain';
import FIELD_STATUS from '@salesforce/label/c.PL_Field_Status';
import FIELD_SHARING from '@salesforce/label/c.PL_Field_Sharing_Level';
import FIELD_SOURCE from '@salesforce/label/c.PL_Field_Data_Source';
import STATUS_PROSPECT from '@salesforce/label/c.PL_Status_Prospect';
import STATUS_ACTIVE from '@salesforce/label/c.PL_Status_Active';
import STATUS_PAUSED from '@salesforce/label/c.PL_Status_Paused';
import STATUS_ENDED from '@salesforce/label/c.PL_Status_Ended';
import SHARING_HIDDEN from '@salesforce/label/c.PL_Sharing_Hidden';
import SHARING_COUNTS from '@salesforce/label/c.PL_Sharing_Counts_Only';
import SHARING_OVERLAPPING from '@salesforce/label/c.PL_Sharing_Overlapping_Records';
import SHARING_ALL from '@salesforce/label/c.PL_Sharing_All_Records';
import SOURCE_FILE from '@salesforce/label/c.PL_Source_File';
import SOURCE_PRIVATE from '@salesforce/label/c.PL_Source_Private_Exchange';
import SOURCE_API from '@salesforce/label/c.PL_Source_Overlap_API';
import MODEL_RECORDED from '@salesforce/label/c.PL_Model_Recorded';
import MODEL_FIRST from '@salesforce/label/c.PL_Model_First_Touch';
import MODEL_LAST from '@salesforce/label/c.PL_Model_Last_Touch';
import MODEL_EVEN from '@salesforce/label/c.PL_Model_Even_Split';
import CUSTOMER_FILTER from '@salesforce/label/c.PL_Setting_Customer_Filter';
import OPEN_OPPORTUNITY_FILTER from '@salesforce/label/c.PL_Setting_Open_Opportunity_Filter';
import PROSPECT_FILTER from '@salesforce/label/c.PL_Setting_Prospect_Filter';
import LEAD_FILTER from '@salesforce/label/c.PL_Setting_Lead_Filter';
import FILTER_HELP from '@salesforce/label/c.PL_Setting_Filter_Help';
import BULK_THRESHOLD from '@salesforce/label/c.PL_Setting_Bulk_Threshold';
import MAX_DEACTIVATION from '@salesforce/label/c.PL_Setting_Max_Deactivation';
import API_BUDGET from '@salesforce/label/c.PL_Setting_API_Budget';
import EMAIL_DOMAIN_MATCH from '@salesforce/label/c.PL_Setting_Email_Domain_Match';
import NAME_FALLBACK from '@salesforce/label/c.PL_Setting_Name_Fallback';
import RULE_INFLUENCE from '@salesforce/label/c.PL_Setting_Rule_Influence';
import ATTRIBUTION_MODEL_LABEL from '@salesforce/label/c.PL_Setting_Attribution_Model';
import RUN_STARTED from '@salesforce/label/c.PL_Run_Started';
import RUN_MODE from '@salesforce/label/c.PL_Run_Mode';
import RUN_STATUS from '@salesforce/label/c.PL_Run_Status';
import RUN_READ from '@salesforce/label/c.PL_Run_Read';
import RUN_MATCHED from '@salesforce/label/c.PL_Run_Matched';
import RUN_CREATED from '@salesforce/label/c.PL_Run_Created';
import RUN_UPDATED from '@salesforce/label/c.PL_Run_Updated';
import RUN_DEACTIVATED from '@salesforce/label/c.PL_Run_Deactivated';
import RUN_FAILED from '@salesforce/label/c.PL_Run_Failed';
import RUN_API_CALLS from '@salesforce/label/c.PL_Run_API_Calls';
import RUN_ERRORS from '@salesforce/label/c.PL_Run_Errors';
import RUN_NAME from '@salesforce/label/c.PL_Run_Name';
import RUN_COMPLETED_REJECTED from '@salesforce/label/c.PL_Run_Completed_Rejected';

// Picklist values (API names) of the fields edited here, shown through custom labels.
const STATUS_OPTIONS = [
  { value: 'Prospect', label: STATUS_PROSPECT },
  { value: 'Active', label: STATUS_ACTIVE },
  { value: 'Paused', label: STATUS_PAUSED },
  { value: 'Ended', label: STATUS_ENDED },
];
const SHARING_OPTIONS = [
  { value: 'Hidden', label: SHARING_HIDDEN },
  { value: 'Counts only', label: SHARING_COUNTS },
  { value: 'Overlapping records', label: SHARING_OVERLAPPING },
  { value: 'All records', label: SHARING_ALL },
];
const SOURCE_OPTIONS = [
  { value: 'File', label: SOURCE_FILE },
  { value: 'Private exchange', label: SOURCE_PRIVATE },
  { value: 'Overlap API', label: SOURCE_API },
];
const MODEL_OPTIONS = [
  { value: 'Recorded', label: MODEL_RECORDED },
  { value: 'First touch', label: MODEL_FIRST },
  { value: 'Last touch', label: MODEL_LAST },
  { value: 'Even split', label: MODEL_EVEN },
];
const FILTER_LABELS = {
  Customer_Filter__c: CUSTOMER_FILTER,
  Open_Opportunity_Filter__c: OPEN_OPPORTUNITY_FILTER,
  Prospect_Filter__c: PROSPECT_FILTER,
  Lead_Filter__c: LEAD_FILTER,
};
const NUMBER_FIELDS = [
  { name: 'Bulk_Threshold__c', label: BULK_THRESHOLD, step: '1' },
  { name: 'Max_Deactivation_Percent__c', label: MAX_DEACTIVATION, step: '0.01' },
  { name: 'API_Budget_Percent__c', label: API_BUDGET, step: '0.01' },
];
const CHECKBOX_FIELDS = [
  { name: 'Email_Domain_Match__c', label: EMAIL_DOMAIN_MATCH },
  { name: 'Name_Fallback__c', label: NAME_FALLBACK },
  { name: 'Rule_Influence__c', label: RULE_INFLUENCE },
];
const SETTINGS_KEY = 'default';

/**
 * How a run ended, in words: a Succeeded run with failed rows is one whose only failures are partner or
 * referral file rows the sync rejected (src/sync/engine.ts): "Completed with 17 rejected rows", not "Succeeded".
 */
/** The run list's number columns: key, header, Partner_Sync_Run__c field. */
const RUN_COUNTS = [
  ['read', RUN_READ, 'Records_Read__c'],
  ['matched', RUN_MATCHED, 'Records_Matched__c'],
  ['created', RUN_CREATED, 'Records_Created__c'],
  ['updated', RUN_UPDATED, 'Records_Updated__c'],
  ['deactivated', RUN_DEACTIVATED, 'Records_Deactivated__c'],
  ['failed', RUN_FAILED, 'Records_Failed__c'],
  ['apiCalls', RUN_API_CALLS, 'API_Calls_Used__c'],
];

function runOutcome(node) {
  const failed = valueOf(node.Records_Failed__c) ?? 0;
  if (valueOf(node.Status__c) === 'Succeeded' && failed > 0) return formatLabel(RUN_COMPLETED_REJECTED, failed);
  return displayOf(node.Status__c);
}

/**
 * The table's errors cell: the summary's first paragraph (how the run ended, src/sync/runRecord.ts), wrapped in
 * full; the rest (warnings, rows by file) is on the run's record, one click away.
 */
function headline(summary) {
  if (!summary) return summary;
  return summary.split(/\n\s*\n/)[0].trim();
}

/** App page for admins: partner configuration, the org's sync settings record, and recent sync runs. */
export default class PartnerSyncAdmin extends LightningElement {
  /** Dates and times show in the user's time zone (@salesforce/i18n/timeZone), not the browser's. */
  timeZone = USER_TIME_ZONE;
  partners = [];
  partnerErrors;
  settingsId;
  settings = {};
  savedSettings = {};
  settingsErrors = {};
  settingsErrorsFromServer = false;
  settingsSaveError;
  dataArrived = false;
  refreshData;
  editingPartner;
  partnerDraft = {};
  partnerSaveError;
  runs = [];
  runErrors;
  runsArrived = false;
  saving = false;
  statusMessage = '';

  labels = {
    title: TITLE,
    partners: PARTNERS,
    settings: SETTINGS,
    settingsMissing: SETTINGS_MISSING,
    runs: RUNS,
    noRuns: NO_RUNS,
    noPartners: NO_PARTNERS,
    save: SAVE,
    cancel: CANCEL,
    editPartnerTitle: EDIT_PARTNER_TITLE,
    fixErrors: FIX_ERRORS,
    loadFailed: LOAD_FAILED,
    saveFailed: SAVE_FAILED,
    loading: LOADING,
    status: FIELD_STATUS,
    sharing: FIELD_SHARING,
    source: FIELD_SOURCE,
    filterHelp: FILTER_HELP,
    attributionModel: ATTRIBUTION_MODEL_LABEL,
  };
  statusOptions = STATUS_OPTIONS;
  sharingOptions = SHARING_OPTIONS;
  sourceOptions = SOURCE_OPTIONS;
  modelOptions = MODEL_OPTIONS;

  // an SLDS table that stacks into label/value pairs below the medium breakpoint, as the run list does: a
  // datatable's columns shrink to single letters on a phone
  partnerHeaders = {
    name: FIELD_NAME,
    domain: FIELD_DOMAIN,
    status: FIELD_STATUS,
    sharing: FIELD_SHARING,
    source: FIELD_SOURCE,
    actions: PARTNER_ACTIONS,
  };

  // an SLDS table that stacks into label/value pairs below the medium breakpoint: a datatable's dozen columns
  // shrink to single letters on a phone
  runHeaders = {
    name: RUN_NAME,
    started: RUN_STARTED,
    mode: RUN_MODE,
    status: RUN_STATUS,
    counts: RUN_COUNTS.map(([key, label]) => ({ key, label })),
    errors: RUN_ERRORS,
  };

  @wire(graphql, {
    query: gql`
      query partnerSyncAdmin {
        uiapi {
          query {
            Partner__c(first: 200, orderBy: { Name: { order: ASC } }) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Domain__c {
                    value
                  }
                  Status__c {
                    value
                    displayValue
                  }
                  Sharing_Level__c {
                    value
                    displayValue
                  }
                  Source__c {
                    value
                    displayValue
                  }
                }
              }
            }
            Partner_Sync_Setting__c(where: { External_Id__c: { eq: "default" } }, first: 1) {
              edges {
                node {
                  Id
                  Customer_Filter__c {
                    value
                  }
                  Open_Opportunity_Filter__c {
                    value
                  }
                  Prospect_Filter__c {
                    value
                  }
                  Lead_Filter__c {
                    value
                  }
                  Bulk_Threshold__c {
                    value
                  }
                  Max_Deactivation_Percent__c {
                    value
                  }
                  API_Budget_Percent__c {
                    value
                  }
                  Email_Domain_Match__c {
                    value
                  }
                  Name_Fallback__c {
                    value
                  }
                  Rule_Influence__c {
                    value
                  }
                  Attribution_Model__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
  })
  wiredAdmin({ data, errors, refresh }) {
    this.refreshData = refresh;
    this.partnerErrors = errors;
    if (data) {
      this.dataArrived = true;
      this.partners = nodesOf(data.uiapi.query.Partner__c).map((node) => ({
        id: node.Id,
        name: valueOf(node.Name),
        domain: valueOf(node.Domain__c),
        status: valueOf(node.Status__c),
        statusLabel: displayOf(node.Status__c),
        sharing: valueOf(node.Sharing_Level__c),
        sharingLabel: displayOf(node.Sharing_Level__c),
        source: valueOf(node.Source__c),
        sourceLabel: displayOf(node.Source__c),
        editLabel: formatLabel(EDIT_PARTNER_NAMED, valueOf(node.Name) ?? ''),
      }));
      const setting = nodesOf(data.uiapi.query.Partner_Sync_Setting__c)[0];
      this.settingsId = setting?.Id;
      const values = {};
      for (const field of [
        ...FILTER_FIELDS,
        ...Object.keys(NUMBER_RANGES),
        ...CHECKBOX_FIELDS.map((f) => f.name),
        ATTRIBUTION_MODEL.fieldApiName,
      ]) {
        values[field] = valueOf(setting?.[field]);
      }
      this.savedSettings = values;
      this.settings = { ...values };
    }
  }

  @wire(graphql, {
    query: gql`
      query partnerSyncRuns {
        uiapi {
          query {
            Partner_Sync_Run__c(first: 10, orderBy: { Started__c: { order: DESC, nulls: LAST } }) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Started__c {
                    value
                  }
                  Mode__c {
                    value
                    displayValue
                  }
                  Status__c {
                    value
                    displayValue
                  }
                  Records_Read__c {
                    value
                  }
                  Records_Matched__c {
                    value
                  }
                  Records_Created__c {
                    value
                  }
                  Records_Updated__c {
                    value
                  }
                  Records_Deactivated__c {
                    value
                  }
                  Records_Failed__c {
                    value
                  }
                  API_Calls_Used__c {
                    value
                  }
                  Error_Summary__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
  })
  wiredRuns({ data, errors }) {
    this.runErrors = errors;
    if (data) {
      this.runsArrived = true;
      this.runs = nodesOf(data.uiapi.query.Partner_Sync_Run__c).map((node) => ({
        id: node.Id,
        name: valueOf(node.Name),
        url: `/lightning/r/Partner_Sync_Run__c/${node.Id}/view`,
        started: valueOf(node.Started__c),
        mode: displayOf(node.Mode__c),
        status: runOutcome(node),
        counts: RUN_COUNTS.map(([key, label, field]) => ({ key, label, value: valueOf(node[field]) })),
        errorHeadline: headline(valueOf(node.Error_Summary__c)),
      }));
    }
  }

  get loading() {
    return !this.dataArrived && !this.partnerErrors;
  }

  get runsLoading() {
    return !this.runsArrived && !this.runErrors;
  }

  get settingsMissing() {
    return !this.settingsId;
  }

  get hasPartners() {
    return this.partners.length > 0;
  }

  get hasRuns() {
    return this.runs.length > 0;
  }

  get filterFields() {
    return FILTER_FIELDS.map((name) => ({ name, label: FILTER_LABELS[name], value: this.settings[name] ?? '' }));
  }

  get numberFields() {
    return NUMBER_FIELDS.map((f) => ({ ...f, ...NUMBER_RANGES[f.name], value: this.settings[f.name] ?? '' }));
  }

  get checkboxFields() {
    return CHECKBOX_FIELDS.map((f) => ({ ...f, checked: this.settings[f.name] === true }));
  }

  get attributionModel() {
    return this.settings[ATTRIBUTION_MODEL.fieldApiName] ?? '';
  }

  get settingsErrorList() {
    // our own checks name their field (a filter's reason is a sentence about the filter, not about which one);
    // the server's field errors already do
    const labelOf = (field) => FILTER_LABELS[field] ?? NUMBER_FIELDS.find((f) => f.name === field)?.label;
    return Object.entries(this.settingsErrors).map(([field, message]) => ({
      field,
      message: this.settingsErrorsFromServer || !labelOf(field) ? message : `${labelOf(field)}: ${message}`,
    }));
  }

  get hasSettingsErrors() {
    return this.settingsErrorList.length > 0;
  }

  // ----- partners

  handlePartnerEdit(event) {
    const row = this.partners.find((p) => p.id === event.currentTarget.dataset.id);
    if (!row) return;
    this.editingPartner = row;
    this.partnerDraft = { Status__c: row.status, Sharing_Level__c: row.sharing, Source__c: row.source };
    this.partnerSaveError = undefined;
    this.statusMessage = '';
    Promise.resolve().then(() => this.template.querySelector('.partner-form lightning-combobox')?.focus());
  }

  get editPartnerTitle() {
    return `${EDIT_PARTNER_TITLE}: ${this.editingPartner?.name ?? ''}`;
  }

  handlePartnerChange(event) {
    this.partnerDraft = { ...this.partnerDraft, [event.target.dataset.field]: event.detail.value };
  }

  handlePartnerCancel() {
    this.editingPartner = undefined;
  }

  async handlePartnerSave() {
    this.saving = true;
    try {
      await updateRecord({
        fields: {
          Id: this.editingPartner.id,
          [STATUS_FIELD.fieldApiName]: this.partnerDraft.Status__c || null,
          [SHARING_FIELD.fieldApiName]: this.partnerDraft.Sharing_Level__c || null,
          [SOURCE_FIELD.fieldApiName]: this.partnerDraft.Source__c || null,
        },
      });
      this.editingPartner = undefined;
      this.saved(PARTNER_SAVED);
      await this.refreshData?.();
    } catch (error) {
      this.partnerSaveError = error;
    } finally {
      this.saving = false;
    }
  }

  // ----- settings

  handleSettingChange(event) {
    const field = event.target.dataset.field;
    let value = event.detail.value;
    if (event.target.type === 'checkbox') value = event.detail.checked;
    else if (field in NUMBER_RANGES) value = value === '' || value === null || value === undefined ? null : Number(value);
    this.settings = { ...this.settings, [field]: value };
    // a field shown as invalid is re-checked as it is corrected, so its message never describes an older value
    if (field in this.settingsErrors) {
      const others = { ...this.settingsErrors };
      delete others[field];
      const now = validateSettings({ [field]: value })[field];
      this.settingsErrors = now ? { ...others, [field]: now } : others;
      event.target.setCustomValidity(now ?? '');
      event.target.reportValidity();
    }
  }

  showSettingsErrors(errors, fromServer = false) {
    this.settingsErrors = errors;
    this.settingsErrorsFromServer = fromServer;
    this.template.querySelectorAll('.settings-form [data-field]').forEach((input) => {
      input.setCustomValidity(errors[input.dataset.field] ?? '');
      input.reportValidity();
    });
    const first = Object.keys(errors)[0];
    if (first) this.template.querySelector(`.settings-form [data-field="${first}"]`)?.focus();
  }

  async handleSettingsSave() {
    this.settingsSaveError = undefined;
    this.statusMessage = '';
    const errors = validateSettings(this.settings);
    this.showSettingsErrors(errors);
    if (Object.keys(errors).length > 0) return;
    // send only what changed, as typed (blank text becomes null)
    const fields = {};
    for (const [field, value] of Object.entries(this.settings)) {
      if (value !== this.savedSettings[field]) fields[field] = value === '' ? null : value;
    }
    this.saving = true;
    try {
      if (this.settingsId) {
        await updateRecord({ fields: { Id: this.settingsId, ...fields } });
      } else {
        await createRecord({
          apiName: SETTING_OBJECT.objectApiName,
          fields: { [SETTING_NAME.fieldApiName]: SETTINGS_KEY, [SETTING_EXTERNAL_ID.fieldApiName]: SETTINGS_KEY, ...fields },
        });
      }
      this.saved(SETTINGS_SAVED);
      await this.refreshData?.();
    } catch (error) {
      this.settingsSaveError = error;
      this.showSettingsErrors(fieldErrorsOf(error), true);
    } finally {
      this.saving = false;
    }
  }

  handleSettingsReset() {
    this.settings = { ...this.savedSettings };
    this.showSettingsErrors({});
  }

  saved(message) {
    this.statusMessage = message;
    this.dispatchEvent(new ShowToastEvent({ title: message, variant: 'success' }));
  }
}
