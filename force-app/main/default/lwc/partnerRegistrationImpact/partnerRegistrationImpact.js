import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import { formatNumber } from 'c/localeFormat';
import { registrationImpact } from 'c/registrationMetrics';
import TITLE from '@salesforce/label/c.PL_Reg_Impact_Title';
import RECEIVED from '@salesforce/label/c.PL_Reg_Impact_Received';
import PENDING from '@salesforce/label/c.PL_Reg_Impact_Pending';
import APPROVAL_RATE from '@salesforce/label/c.PL_Reg_Impact_Approval_Rate';
import DAYS from '@salesforce/label/c.PL_Reg_Impact_Days';
import WIN_RATE from '@salesforce/label/c.PL_Reg_Impact_Win_Rate';
import WON_OF from '@salesforce/label/c.PL_Reg_Impact_Won_Of';
import EMPTY from '@salesforce/label/c.PL_Reg_Impact_Empty';
import TRUNCATED from '@salesforce/label/c.PL_Reg_Impact_Truncated';
import NO_VALUE from '@salesforce/label/c.PL_Reg_Impact_No_Value';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

/** Registrations read in one page: the UI API's largest. */
export const PAGE_SIZE = 2000;

/**
 * Partner record page: what this partner's deal registrations came to, computed by registrationMetrics (the
 * module `partnerlens report` uses), so the page and the CLI agree.
 */
export default class PartnerRegistrationImpact extends LightningElement {
  @api recordId;

  figures;
  truncated = false;
  errors;
  dataArrived = false;

  labels = { title: TITLE, empty: EMPTY, loadFailed: LOAD_FAILED, loading: LOADING };

  get variables() {
    return { partnerId: this.recordId, pageSize: PAGE_SIZE };
  }

  @wire(graphql, {
    query: gql`
      query partnerRegistrationImpact($partnerId: ID, $pageSize: Int) {
        uiapi {
          query {
            Partner_Registration__c(where: { Partner__c: { eq: $partnerId } }, first: $pageSize) {
              edges {
                node {
                  Id
                  Partner__c {
                    value
                  }
                  Status__c {
                    value
                  }
                  Submitted_At__c {
                    value
                  }
                  Decided_At__c {
                    value
                  }
                  Decided_By__c {
                    value
                  }
                  Opportunity__r {
                    IsClosed {
                      value
                    }
                    IsWon {
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
  wiredRegistrations({ data, errors }) {
    this.errors = errors;
    if (!data) return;
    this.dataArrived = true;
    const connection = data.uiapi.query.Partner_Registration__c;
    this.truncated = connection?.pageInfo?.hasNextPage === true;
    const rows = nodesOf(connection).map((node) => ({
      partnerId: valueOf(node.Partner__c),
      status: valueOf(node.Status__c) ?? 'Submitted',
      submittedAt: valueOf(node.Submitted_At__c),
      decidedAt: valueOf(node.Decided_At__c),
      decidedById: valueOf(node.Decided_By__c),
      dealClosed: valueOf(node.Opportunity__r?.IsClosed) === true,
      dealWon: valueOf(node.Opportunity__r?.IsWon) === true,
    }));
    this.figures = registrationImpact([], rows).overall;
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get isEmpty() {
    return this.dataArrived && this.figures?.received === 0;
  }

  get truncatedText() {
    // in the user's locale (2.000 in de-DE), not the browser's
    return formatLabel(TRUNCATED, formatNumber(PAGE_SIZE));
  }

  /** One tile per figure; a rate with nothing to measure says so instead of 0%. */
  get tiles() {
    const f = this.figures;
    if (!f) return [];
    return [
      { key: 'received', label: RECEIVED, value: f.received, kind: 'number' },
      { key: 'pending', label: PENDING, value: f.pending, kind: 'number' },
      { key: 'approval', label: APPROVAL_RATE, value: f.approvalRate, kind: 'percent' },
      { key: 'days', label: DAYS, value: f.medianDaysToDecision, kind: 'number' },
      {
        key: 'won',
        label: WIN_RATE,
        value: f.dealWinRate,
        kind: 'percent',
        detail: f.dealsClosed > 0 ? formatLabel(WON_OF, f.dealsWon, f.dealsClosed) : null,
      },
    ].map((tile) => ({
      ...tile,
      missing: tile.value === null,
      isPercent: tile.kind === 'percent' && tile.value !== null,
      isNumber: tile.kind === 'number' && tile.value !== null,
      noValue: NO_VALUE,
    }));
  }
}
