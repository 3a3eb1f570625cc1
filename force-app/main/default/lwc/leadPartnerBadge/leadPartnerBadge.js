import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue, getFieldDisplayValue } from 'lightning/uiRecordApi';
import PARTNER_SOURCED_FIELD from '@salesforce/schema/Lead.Partner_Sourced__c';
import SOURCE_PARTNER_NAME_FIELD from '@salesforce/schema/Lead.Source_Partner__r.Name';
import REFERRAL_DATE_FIELD from '@salesforce/schema/Lead.Partner_Referral_Date__c';
import OVERLAP_COUNT_FIELD from '@salesforce/schema/Lead.Partner_Overlap_Count__c';
import TITLE from '@salesforce/label/c.PL_Lead_Title';
import PARTNER_SOURCED from '@salesforce/label/c.PL_Badge_Partner_Sourced';
import NOT_SOURCED from '@salesforce/label/c.PL_Lead_Not_Sourced';
import SOURCE_PARTNER from '@salesforce/label/c.PL_Field_Source_Partner';
import REFERRAL_DATE from '@salesforce/label/c.PL_Field_Referral_Date';
import OVERLAP_COUNT from '@salesforce/label/c.PL_Field_Overlap_Count';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

/** Lead record page: whether the lead came from a partner, which one, when, and how many partners know it. */
export default class LeadPartnerBadge extends LightningElement {
  @api recordId;

  labels = {
    title: TITLE,
    partnerSourced: PARTNER_SOURCED,
    notSourced: NOT_SOURCED,
    sourcePartner: SOURCE_PARTNER,
    referralDate: REFERRAL_DATE,
    overlapCount: OVERLAP_COUNT,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
  };

  // optionalFields: a user without access to a field still sees the rest
  @wire(getRecord, {
    recordId: '$recordId',
    optionalFields: [PARTNER_SOURCED_FIELD, SOURCE_PARTNER_NAME_FIELD, REFERRAL_DATE_FIELD, OVERLAP_COUNT_FIELD],
  })
  lead;

  get loading() {
    return !this.lead?.data && !this.lead?.error;
  }

  get partnerSourced() {
    return getFieldValue(this.lead.data, PARTNER_SOURCED_FIELD) === true;
  }

  get sourcePartner() {
    return getFieldValue(this.lead.data, SOURCE_PARTNER_NAME_FIELD) ?? '—';
  }

  get referralDate() {
    return getFieldDisplayValue(this.lead.data, REFERRAL_DATE_FIELD) ?? getFieldValue(this.lead.data, REFERRAL_DATE_FIELD) ?? '—';
  }

  get overlapCount() {
    return getFieldValue(this.lead.data, OVERLAP_COUNT_FIELD) ?? 0;
  }
}
