import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { displayOf, formatLabel, isLowConfidenceMatch, nodesOf, reduceErrors, valueOf } from 'c/ldsUtils';
import DISPUTED_FIELD from '@salesforce/schema/Partner_Overlap__c.Disputed__c';
import DISPUTE_REASON_FIELD from '@salesforce/schema/Partner_Overlap__c.Dispute_Reason__c';
import DISPUTED_STATUS from '@salesforce/label/c.PL_Overlaps_Disputed_Status';
import UNDO from '@salesforce/label/c.PL_Overlaps_Undo_Not_A_Match';
import UNDONE from '@salesforce/label/c.PL_Overlaps_Undone';
import TITLE from '@salesforce/label/c.PL_Overlaps_Title';
import SHOW_INACTIVE from '@salesforce/label/c.PL_Overlaps_Show_Inactive';
import EMPTY from '@salesforce/label/c.PL_Overlaps_Empty';
import EMPTY_LEAD from '@salesforce/label/c.PL_Overlaps_Empty_Lead';
import SUMMARY from '@salesforce/label/c.PL_Overlaps_Summary';
import POPULATIONS from '@salesforce/label/c.PL_Overlaps_Populations';
import MATCH_METHOD from '@salesforce/label/c.PL_Field_Match_Method';
import OWNER from '@salesforce/label/c.PL_Field_Partner_Contact';
import FIRST_SEEN from '@salesforce/label/c.PL_Field_First_Seen';
import LAST_SEEN from '@salesforce/label/c.PL_Field_Last_Seen';
import STATUS from '@salesforce/label/c.PL_Field_Status';
import LOW_CONFIDENCE from '@salesforce/label/c.PL_Overlaps_Low_Confidence';
import ACTIONS_FOR from '@salesforce/label/c.PL_Overlaps_Actions_For';
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
const UNDO_ACTION = 'undo';

/**
 * Account and Lead record pages: which partners share this account (or know this lead), in which populations, why
 * they matched, and a "Not a match" action with its undo. One tile per overlap, so it reads in the record page's
 * narrow sidebar as well as in a wide region. (Named for the Account page it was first built for.)
 */
export default class AccountOverlaps extends LightningElement {
  @api recordId;
  /** Set by the record page: 'Account' or 'Lead'. */
  @api objectApiName;

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
    populations: POPULATIONS,
    matchMethod: MATCH_METHOD,
    owner: OWNER,
    firstSeen: FIRST_SEEN,
    lastSeen: LAST_SEEN,
    status: STATUS,
    inactive: INACTIVE,
    lowConfidence: LOW_CONFIDENCE,
    contactHidden: CONTACT_HIDDEN,
    disputeReason: DISPUTE_REASON,
    disputeHelp: DISPUTE_HELP,
    notAMatch: NOT_A_MATCH,
    cancel: CANCEL,
    loadFailed: LOAD_FAILED,
    saveFailed: SAVE_FAILED,
    loading: LOADING,
    undo: UNDO,
  };

  get variables() {
    return { recordId: this.recordId };
  }

  get emptyText() {
    return this.objectApiName === 'Lead' ? EMPTY_LEAD : EMPTY;
  }

  // disputed pairs are read too: they show under "Show inactive", where a rep can undo "Not a match"
  @wire(graphql, {
    query: gql`
      query accountOverlaps($recordId: ID) {
        uiapi {
          query {
            Partner_Overlap__c(
              where: { or: [{ Account__c: { eq: $recordId } }, { Lead__c: { eq: $recordId } }] }
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
                  Match_Reason__c {
                    value
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
                  Disputed__c {
                    value
                  }
                  Dispute_Reason__c {
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
    const disputed = valueOf(node.Disputed__c) === true;
    // a disputed pair counts as inactive: the sync leaves it out, and it shows only under "Show inactive"
    const active = valueOf(node.Active__c) === true && !disputed;
    const partnerName = valueOf(node.Partner__r?.Name);
    const ownerName = valueOf(node.Partner_Owner_Name__c);
    const ownerEmail = ownerName ? valueOf(node.Partner_Owner_Email__c) : null;
    return {
      id: node.Id,
      partnerName,
      populations: `${displayOf(node.Our_Population__c) ?? '—'} × ${displayOf(node.Partner_Population__c) ?? '—'}`,
      matchMethod: displayOf(node.Match_Method__c),
      // why it matched ("website acme.com = acme.com"), so a rep can judge a Name match; blank on older overlaps
      matchReason: valueOf(node.Match_Reason__c),
      lowConfidence: isLowConfidenceMatch(node.Match_Method__c),
      ownerName,
      ownerEmail,
      ownerEmailUrl: ownerEmail ? `mailto:${ownerEmail}` : null,
      firstSeen: valueOf(node.First_Seen__c),
      lastSeen: valueOf(node.Last_Seen__c),
      active,
      inactive: !active,
      disputed,
      statusText: disputed ? formatLabel(DISPUTED_STATUS, valueOf(node.Dispute_Reason__c) ?? '') : INACTIVE,
      actionsLabel: formatLabel(ACTIONS_FOR, partnerName ?? ''),
      disputeTitleId: `dispute-title-${node.Id}`,
    };
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get visibleOverlaps() {
    const shown = this.showInactive ? this.overlaps : this.overlaps.filter((o) => o.active);
    return shown.map((o) => ({ ...o, disputing: o.id === this.disputing?.id }));
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
    // an inactive overlap being disputed leaves the list: so does its form
    if (!this.showInactive && this.disputing && !this.disputing.active) {
      this.disputing = undefined;
    }
  }

  handleAction(event) {
    const id = event.currentTarget.dataset.id;
    if (event.detail.value === UNDO_ACTION) {
      this.undoDispute(id);
      return;
    }
    if (event.detail.value !== DISPUTE_ACTION) return;
    this.disputing = this.overlaps.find((o) => o.id === id);
    this.reason = '';
    this.saveError = undefined;
    this.statusMessage = '';
    // the form renders inside the overlap's tile: move focus to its reason
    Promise.resolve().then(() => this.template.querySelector('lightning-textarea.reason')?.focus());
  }

  handleReasonChange(event) {
    this.reason = event.detail.value;
    if (this.reason.trim()) {
      // clear a "required" message as soon as there is a reason, not on blur, where it would move the buttons
      const reasonInput = event.target;
      reasonInput.setCustomValidity('');
      reasonInput.reportValidity();
    }
  }

  handleButtonsMouseDown(event) {
    // Keep focus in the reason while the pointer is down: blurring it would show or hide the textarea's
    // validation message and move the buttons from under the pointer, and the click would be lost.
    // Keyboard and assistive-technology activation send no mousedown and are unaffected.
    event.preventDefault();
  }

  handleCancelDispute() {
    const id = this.disputing?.id;
    this.disputing = undefined;
    // back to the actions menu the dispute was opened from
    Promise.resolve().then(() => this.template.querySelector(`lightning-button-menu[data-id="${id}"]`)?.focus());
  }

  async handleConfirmDispute() {
    const reasonInput = this.template.querySelector('lightning-textarea.reason');
    const reason = (this.reason ?? '').trim();
    reasonInput.setCustomValidity(reason ? '' : REQUIRED);
    reasonInput.reportValidity();
    if (!reason) return;
    const { id } = this.disputing;
    this.saving = true;
    try {
      await updateRecord({
        fields: { Id: id, [DISPUTED_FIELD.fieldApiName]: true, [DISPUTE_REASON_FIELD.fieldApiName]: reason },
      });
    } catch (error) {
      this.saveError = error;
      return;
    } finally {
      this.saving = false;
    }
    this.dispatchEvent(new ShowToastEvent({ title: DISPUTED, variant: 'success' }));
    this.statusMessage = DISPUTED;
    this.disputing = undefined;
    // the pair is disputed in the org: it leaves the active list now, whether or not the refresh below is quick
    const disputedRow = { active: false, inactive: true, disputed: true, statusText: formatLabel(DISPUTED_STATUS, reason) };
    this.overlaps = this.overlaps.map((o) => (o.id === id ? { ...o, ...disputedRow } : o));
    await this.refreshData?.();
    // the overlap and its form are gone: return focus to the first control of the card
    this.template.querySelector('lightning-input.toggle')?.focus();
  }

  /** Takes back a "Not a match": the pair is a match again, and the next sync keeps it as any other. */
  async undoDispute(id) {
    try {
      await updateRecord({ fields: { Id: id, [DISPUTED_FIELD.fieldApiName]: false, [DISPUTE_REASON_FIELD.fieldApiName]: null } });
    } catch (error) {
      this.dispatchEvent(new ShowToastEvent({ title: SAVE_FAILED, message: reduceErrors(error).join(' '), variant: 'error' }));
      return;
    }
    this.dispatchEvent(new ShowToastEvent({ title: UNDONE, variant: 'success' }));
    this.statusMessage = UNDONE;
    await this.refreshData?.();
  }
}
