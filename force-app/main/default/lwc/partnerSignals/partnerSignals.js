import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import { displayOf, formatLabel, nodesOf, reduceErrors, valueOf } from 'c/ldsUtils';
import { USER_TIME_ZONE } from 'c/localeFormat';
import STATUS_FIELD from '@salesforce/schema/Partner_Signal__c.Status__c';
import ACK_BY_FIELD from '@salesforce/schema/Partner_Signal__c.Acknowledged_By__c';
import ACK_AT_FIELD from '@salesforce/schema/Partner_Signal__c.Acknowledged_At__c';
import TITLE from '@salesforce/label/c.PL_Signals_Title';
import SUMMARY from '@salesforce/label/c.PL_Signals_Summary';
import EMPTY from '@salesforce/label/c.PL_Signals_Empty';
import SHOW_ACKNOWLEDGED from '@salesforce/label/c.PL_Signals_Show_Acknowledged';
import ACKNOWLEDGE from '@salesforce/label/c.PL_Signals_Acknowledge';
import ACKNOWLEDGED from '@salesforce/label/c.PL_Signals_Acknowledged';
import ACKNOWLEDGED_BY from '@salesforce/label/c.PL_Signals_Acknowledged_By';
import ACK_FOR from '@salesforce/label/c.PL_Signals_Acknowledge_For';
import DETECTED from '@salesforce/label/c.PL_Signals_Detected';
import RECORD from '@salesforce/label/c.PL_Signals_Record';
import STATUS from '@salesforce/label/c.PL_Field_Status';
import TRUNCATED from '@salesforce/label/c.PL_Signals_Truncated';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import SAVE_FAILED from '@salesforce/label/c.PL_Error_Save_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

/** Signals read at most: the newest first. */
export const PAGE_SIZE = 200;
const NOT_ACKNOWLEDGED = 'New';

/**
 * Partner record page, for the partner manager: what moved on this partner's side (Partner_Signal__c, newest first),
 * which signals nobody has acknowledged yet, and who acknowledged or acted on the others (a rep's intro request or
 * dismissal in coSellNow counts). Acknowledge records the manager and the time on the signal.
 */
export default class PartnerSignals extends LightningElement {
  @api recordId;
  /** Dates and times show in the user's time zone (@salesforce/i18n/timeZone), not the browser's. */
  timeZone = USER_TIME_ZONE;

  signals = [];
  errors;
  dataArrived = false;
  truncated = false;
  refreshData;
  showAcknowledged = false;
  saving = false;
  statusMessage = '';

  labels = {
    title: TITLE,
    empty: EMPTY,
    showAcknowledged: SHOW_ACKNOWLEDGED,
    acknowledge: ACKNOWLEDGE,
    acknowledgedBy: ACKNOWLEDGED_BY,
    detected: DETECTED,
    record: RECORD,
    status: STATUS,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
  };

  get variables() {
    return { partnerId: this.recordId, pageSize: PAGE_SIZE };
  }

  @wire(graphql, {
    query: gql`
      query partnerSignals($partnerId: ID, $pageSize: Int) {
        uiapi {
          query {
            Partner_Signal__c(
              where: { Partner__c: { eq: $partnerId } }
              first: $pageSize
              orderBy: { Detected_At__c: { order: DESC, nulls: LAST } }
            ) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Kind__c {
                    value
                    displayValue
                  }
                  Status__c {
                    value
                    displayValue
                  }
                  Detected_At__c {
                    value
                  }
                  Acknowledged_At__c {
                    value
                  }
                  Acknowledged_By__r {
                    Name {
                      value
                    }
                  }
                  Opportunity__r {
                    Name {
                      value
                    }
                  }
                  Account__r {
                    Name {
                      value
                    }
                  }
                  Lead__r {
                    Name {
                      value
                    }
                  }
                }
              }
              pageInfo {
                hasNextPage
              }
            }
          }
        }
      }
    `,
    variables: '$variables',
  })
  wiredSignals({ data, errors, refresh }) {
    this.refreshData = refresh;
    this.errors = errors;
    if (!data) return;
    this.dataArrived = true;
    const connection = data.uiapi.query.Partner_Signal__c;
    this.truncated = connection?.pageInfo?.hasNextPage === true;
    this.signals = nodesOf(connection).map((node) => {
      const status = valueOf(node.Status__c);
      const kind = displayOf(node.Kind__c);
      return {
        id: node.Id,
        name: valueOf(node.Name),
        kind,
        status,
        statusText: displayOf(node.Status__c),
        // the deal if there is one, else the account or lead the signal is about
        recordName: valueOf(node.Opportunity__r?.Name) ?? valueOf(node.Account__r?.Name) ?? valueOf(node.Lead__r?.Name),
        detectedAt: valueOf(node.Detected_At__c),
        acknowledgedBy: valueOf(node.Acknowledged_By__r?.Name),
        acknowledgedAt: valueOf(node.Acknowledged_At__c),
        open: status === NOT_ACKNOWLEDGED,
        acknowledgeLabel: formatLabel(ACK_FOR, kind ?? '', valueOf(node.Name) ?? ''),
      };
    });
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get openCount() {
    return this.signals.filter((s) => s.open).length;
  }

  get summary() {
    return formatLabel(SUMMARY, this.openCount, this.signals.length - this.openCount);
  }

  get visibleSignals() {
    return this.showAcknowledged ? this.signals : this.signals.filter((s) => s.open);
  }

  get hasSignals() {
    return this.signals.length > 0;
  }

  get hasVisible() {
    return this.visibleSignals.length > 0;
  }

  get truncatedText() {
    return formatLabel(TRUNCATED, PAGE_SIZE);
  }

  handleToggle(event) {
    this.showAcknowledged = event.target.checked;
  }

  async handleAcknowledge(event) {
    const id = event.currentTarget.dataset.id;
    this.saving = true;
    try {
      await updateRecord({
        fields: {
          Id: id,
          [STATUS_FIELD.fieldApiName]: 'Acknowledged',
          [ACK_BY_FIELD.fieldApiName]: USER_ID,
          [ACK_AT_FIELD.fieldApiName]: new Date().toISOString(),
        },
      });
    } catch (error) {
      this.dispatchEvent(new ShowToastEvent({ title: SAVE_FAILED, message: reduceErrors(error).join(' '), variant: 'error' }));
      return;
    } finally {
      this.saving = false;
    }
    this.signals = this.signals.map((s) => (s.id === id ? { ...s, open: false, status: 'Acknowledged' } : s));
    this.statusMessage = ACKNOWLEDGED;
    this.dispatchEvent(new ShowToastEvent({ title: ACKNOWLEDGED, variant: 'success' }));
    await this.refreshData?.();
    // the signal left the list of open ones: focus the toggle, the card's first control
    this.template.querySelector('lightning-input.toggle')?.focus();
  }
}
