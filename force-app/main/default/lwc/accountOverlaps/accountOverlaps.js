import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { displayOf, formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import DISPUTED_FIELD from '@salesforce/schema/Partner_Overlap__c.Disputed__c';
import DISPUTE_REASON_FIELD from '@salesforce/schema/Partner_Overlap__c.Dispute_Reason__c';
import TITLE from '@salesforce/label/c.PL_Overlaps_Title';
import SHOW_INACTIVE from '@salesforce/label/c.PL_Overlaps_Show_Inactive';
import EMPTY from '@salesforce/label/c.PL_Overlaps_Empty';
import SUMMARY from '@salesforce/label/c.PL_Overlaps_Summary';
import COL_PARTNER from '@salesforce/label/c.PL_Field_Partner';
import COL_POPULATIONS from '@salesforce/label/c.PL_Overlaps_Populations';
import COL_MATCH from '@salesforce/label/c.PL_Field_Match_Method';
import COL_OWNER from '@salesforce/label/c.PL_Field_Partner_Contact';
import COL_FIRST_SEEN from '@salesforce/label/c.PL_Field_First_Seen';
import COL_LAST_SEEN from '@salesforce/label/c.PL_Field_Last_Seen';
import COL_STATUS from '@salesforce/label/c.PL_Field_Status';
import ACTIVE from '@salesforce/label/c.PL_Overlaps_Active';
import INACTIVE from '@salesforce/label/c.PL_Overlaps_Inactive';
import CONTACT_HIDDEN from '@salesforce/label/c.PL_Contact_Not_Shared';
import NOT_A_MATCH from '@salesforce/label/c.PL_Overlaps_Not_A_Match';
import DISPUTE_TITLE from '@salesforce/label/c.PL_Overlaps_Dispute_Title';
import DISPUTE_REASON from '@salesforce/label/c.PL_Overlaps_Dispute_Reason';
import DISPUTE_HELP from '@salesforce/label/c.PL_Overlaps_Dispute_Help';
import DISPUTED from '@salesforce/label/c.PL_Overlaps_Disputed';
import REQUIRED from '@salesforce/label/c.PL_Validation_Required';
import CANCEL from '@salesforce/label/c.PL_Action_Cancel';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import SAVE_FAILED from '@salesforce/label/c.PL_Error_Save_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

const DISPUTE_ACTION = 'dispute';

/** Account record page: which partners share this account, in which populations, and a "Not a match" action. */
export default class AccountOverlaps extends LightningElement {
  @api recordId;

  overlaps = [];
  errors;
  dataArrived = false;
  refreshData;
  showInactive = false;
  disputing;
  reason = '';
  saving = false;
  saveError;
  statusMessage = '';

  labels = {
    title: TITLE,
    showInactive: SHOW_INACTIVE,
    empty: EMPTY,
    disputeReason: DISPUTE_REASON,
    disputeHelp: DISPUTE_HELP,
    notAMatch: NOT_A_MATCH,
    cancel: CANCEL,
    loadFailed: LOAD_FAILED,
    saveFailed: SAVE_FAILED,
    loading: LOADING,
  };

  columns = [
    { label: COL_PARTNER, fieldName: 'partnerName', type: 'text' },
    { label: COL_POPULATIONS, fieldName: 'populations', type: 'text', wrapText: true },
    { label: COL_MATCH, fieldName: 'matchMethod', type: 'text' },
    { label: COL_OWNER, fieldName: 'owner', type: 'text', wrapText: true },
    { label: COL_FIRST_SEEN, fieldName: 'firstSeen', type: 'date-local' },
    { label: COL_LAST_SEEN, fieldName: 'lastSeen', type: 'date-local' },
    { label: COL_STATUS, fieldName: 'status', type: 'text' },
    { type: 'action', typeAttributes: { rowActions: [{ label: NOT_A_MATCH, name: DISPUTE_ACTION }] } },
  ];

  get variables() {
    return { accountId: this.recordId };
  }

  // disputed pairs are excluded here as they are by the sync
  @wire(graphql, {
    query: gql`
      query accountOverlaps($accountId: ID) {
        uiapi {
          query {
            Partner_Overlap__c(
              where: { Account__c: { eq: $accountId }, Disputed__c: { eq: false } }
              first: 200
              orderBy: { Last_Seen__c: { order: DESC, nulls: LAST } }
            ) {
              edges {
                node {
                  Id
                  Partner__r {
                    Name {
                      value
                    }
                  }
                  Our_Population__c {
                    value
                    displayValue
                  }
                  Partner_Population__c {
                    value
                    displayValue
                  }
                  Match_Method__c {
                    value
                    displayValue
                  }
                  Partner_Owner_Name__c {
                    value
                  }
                  Partner_Owner_Email__c {
                    value
                  }
                  First_Seen__c {
                    value
                  }
                  Last_Seen__c {
                    value
                  }
                  Active__c {
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
  wiredOverlaps({ data, errors, refresh }) {
    this.refreshData = refresh;
    this.errors = errors;
    if (data) {
      this.dataArrived = true;
      this.overlaps = nodesOf(data.uiapi.query.Partner_Overlap__c).map((node) => this.toRow(node));
    }
  }

  toRow(node) {
    const active = valueOf(node.Active__c) === true;
    const ownerName = valueOf(node.Partner_Owner_Name__c);
    const ownerEmail = valueOf(node.Partner_Owner_Email__c);
    return {
      id: node.Id,
      partnerName: valueOf(node.Partner__r?.Name),
      populations: `${displayOf(node.Our_Population__c) ?? '—'} × ${displayOf(node.Partner_Population__c) ?? '—'}`,
      matchMethod: displayOf(node.Match_Method__c),
      owner: ownerName ? [ownerName, ownerEmail].filter(Boolean).join(' · ') : CONTACT_HIDDEN,
      firstSeen: valueOf(node.First_Seen__c),
      lastSeen: valueOf(node.Last_Seen__c),
      active,
      status: active ? ACTIVE : INACTIVE,
    };
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get visibleOverlaps() {
    return this.showInactive ? this.overlaps : this.overlaps.filter((o) => o.active);
  }

  get hasRows() {
    return this.visibleOverlaps.length > 0;
  }

  get inactiveCount() {
    return this.overlaps.filter((o) => !o.active).length;
  }

  get summary() {
    return formatLabel(SUMMARY, this.overlaps.length - this.inactiveCount, this.inactiveCount);
  }

  get disputeTitle() {
    return formatLabel(DISPUTE_TITLE, this.disputing?.partnerName ?? '');
  }

  handleToggleInactive(event) {
    this.showInactive = event.target.checked;
  }

  handleRowAction(event) {
    if (event.detail.action.name === DISPUTE_ACTION) {
      this.disputing = event.detail.row;
      this.reason = '';
      this.saveError = undefined;
      this.statusMessage = '';
      Promise.resolve().then(() => this.template.querySelector('lightning-textarea')?.focus());
    }
  }

  handleReasonChange(event) {
    this.reason = event.detail.value;
  }

  handleCancelDispute() {
    this.disputing = undefined;
  }

  async handleConfirmDispute() {
    const reasonInput = this.template.querySelector('lightning-textarea');
    const reason = (this.reason ?? '').trim();
    reasonInput.setCustomValidity(reason ? '' : REQUIRED);
    reasonInput.reportValidity();
    if (!reason) return;
    this.saving = true;
    try {
      await updateRecord({
        fields: { Id: this.disputing.id, [DISPUTED_FIELD.fieldApiName]: true, [DISPUTE_REASON_FIELD.fieldApiName]: reason },
      });
      this.dispatchEvent(new ShowToastEvent({ title: DISPUTED, variant: 'success' }));
      this.statusMessage = DISPUTED;
      this.disputing = undefined;
      await this.refreshData?.();
      // the dispute form is gone: return focus to the first control of the card
      this.template.querySelector('lightning-input.toggle')?.focus();
    } catch (error) {
      this.saveError = error;
    } finally {
      this.saving = false;
    }
  }
}
