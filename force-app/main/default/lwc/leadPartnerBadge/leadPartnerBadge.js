import { LightningElement, api, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';
import { gql, graphql } from 'lightning/graphql';
import { nodesOf, valueOf } from 'c/ldsUtils';
import { formatDate } from 'c/localeFormat';
import PARTNER_SOURCED_FIELD from '@salesforce/schema/Lead.Partner_Sourced__c';
import SOURCE_PARTNER_NAME_FIELD from '@salesforce/schema/Lead.Source_Partner__r.Name';
import REFERRAL_DATE_FIELD from '@salesforce/schema/Lead.Partner_Referral_Date__c';
import TITLE from '@salesforce/label/c.PL_Lead_Title';
import PARTNER_SOURCED from '@salesforce/label/c.PL_Badge_Partner_Sourced';
import NOT_SOURCED from '@salesforce/label/c.PL_Lead_Not_Sourced';
import SOURCE_PARTNER from '@salesforce/label/c.PL_Field_Source_Partner';
import REFERRAL_DATE from '@salesforce/label/c.PL_Field_Referral_Date';
import OVERLAPPING_PARTNERS from '@salesforce/label/c.PL_Lead_Overlapping_Partners';
import NO_OVERLAPS from '@salesforce/label/c.PL_Lead_No_Overlaps';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

/**
 * Lead record page: whether the lead came from a partner, which one, when, and which partners know it (by name;
 * the Partner overlaps card beside it has each pair's populations, match and "Not a match").
 */
export default class LeadPartnerBadge extends LightningElement {
  @api recordId;

  labels = {
    title: TITLE,
    partnerSourced: PARTNER_SOURCED,
    notSourced: NOT_SOURCED,
    sourcePartner: SOURCE_PARTNER,
    referralDate: REFERRAL_DATE,
    overlappingPartners: OVERLAPPING_PARTNERS,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
  };

  // optionalFields: a user without access to a field still sees the rest
  @wire(getRecord, {
    recordId: '$recordId',
    optionalFields: [PARTNER_SOURCED_FIELD, SOURCE_PARTNER_NAME_FIELD, REFERRAL_DATE_FIELD],
  })
  lead;

  partnerNames = [];

  get overlapVariables() {
    return { recordId: this.recordId };
  }

  // The live pairs, not Partner_Overlap_Count__c: a pair marked "Not a match" stops counting at once, and counts
  // again at once when the rep undoes it. So disputed pairs are read too and left out here, not in the query's
  // where: LDS re-emits a query when a record it returned is written (the Partner overlaps card's updateRecord),
  // but never re-runs it to find a record its filter had dropped, so a pair filtered out on dispute would stay
  // out after the undo until a reload.
  @wire(graphql, {
    query: gql`
      query leadPartnerBadgeOverlaps($recordId: ID) {
        uiapi {
          query {
            Partner_Overlap__c(where: { and: [{ Lead__c: { eq: $recordId } }, { Active__c: { eq: true } }] }, first: 50) {
              edges {
                node {
                  Id
                  Partner__r {
                    Name {
                      value
                    }
                  }
                  Disputed__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$overlapVariables',
  })
  wiredOverlaps({ data }) {
    if (data) {
      const names = nodesOf(data.uiapi.query.Partner_Overlap__c)
        .filter((node) => valueOf(node.Disputed__c) !== true)
        .map((node) => valueOf(node.Partner__r?.Name));
      this.partnerNames = [...new Set(names.filter((name) => name))].sort((a, b) => a.localeCompare(b));
    }
  }

  get loading() {
    return !this.lead?.data && !this.lead?.error;
  }

  get partnerSourced() {
    return getFieldValue(this.lead.data, PARTNER_SOURCED_FIELD) === true;
  }

  get sourcePartner() {
    return getFieldValue(this.lead.data, SOURCE_PARTNER_NAME_FIELD) ?? '—';
  }

  /** The referral date as every screen writes a date: the user's medium date format (formatDate), not the server's text. */
  get referralDate() {
    return formatDate(getFieldValue(this.lead.data, REFERRAL_DATE_FIELD)) ?? '—';
  }

  get overlappingPartners() {
    return this.partnerNames.length > 0 ? this.partnerNames.join(', ') : NO_OVERLAPS;
  }
}
