import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { displayOf, formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import { formatNumber, USER_TIME_ZONE } from 'c/localeFormat';
import TITLE from '@salesforce/label/c.PL_Reg_Queue_Title';
import SUMMARY from '@salesforce/label/c.PL_Reg_Queue_Summary';
import EMPTY from '@salesforce/label/c.PL_Reg_Queue_Empty';
import REFRESH from '@salesforce/label/c.PL_Reg_Queue_Refresh';
import PAGES from '@salesforce/label/c.PL_Reg_Queue_Pages';
import PAGE from '@salesforce/label/c.PL_Reg_Queue_Page';
import PREVIOUS from '@salesforce/label/c.PL_Reg_Previous';
import NEXT from '@salesforce/label/c.PL_Reg_Next';
import COL_REGISTRATION from '@salesforce/label/c.PL_Reg_Field_Registration';
import COL_PARTNER from '@salesforce/label/c.PL_Field_Partner';
import COL_COMPANY from '@salesforce/label/c.PL_Field_Company';
import COL_DOMAIN from '@salesforce/label/c.PL_Field_Domain';
import COL_AMOUNT from '@salesforce/label/c.PL_Reg_Field_Amount';
import COL_SUBMITTED from '@salesforce/label/c.PL_Reg_Field_Submitted';
import COL_STATUS from '@salesforce/label/c.PL_Field_Status';
import COL_CONFLICT from '@salesforce/label/c.PL_Reg_Field_Conflict';
import COL_MATCH from '@salesforce/label/c.PL_Field_Match_Method';
import NO_CONFLICT from '@salesforce/label/c.PL_Reg_No_Conflict';
import CONFLICT_WITH from '@salesforce/label/c.PL_Reg_Conflict_With';
import NAME_ONLY from '@salesforce/label/c.PL_Reg_Name_Only';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

/** Registrations per page. */
export const PAGE_SIZE = 10;

/**
 * A company matched by its name alone is the least certain match: the intake never rejects on it and sends it
 * here, and the manager checks it is the same company before deciding.
 */
export function isNameOnly(node) {
  return valueOf(node.Match_Method__c) === 'Name' || valueOf(node.Conflict__c) === 'Name only';
}

function recordUrl(objectApiName, id) {
  return `/lightning/r/${objectApiName}/${id}/view`;
}

/**
 * App / Home page: the deal registrations waiting for a decision, oldest first (the one that has waited longest
 * on top), with the conflict the intake found and how the company was matched. Each row links to the
 * registration's record page, where partnerRegistrationReview approves or rejects it. One SLDS table that stacks
 * into labelled cards on narrow screens.
 */
export default class PartnerRegistrationQueue extends LightningElement {
  /** Dates and times show in the user's time zone (@salesforce/i18n/timeZone), not the browser's. */
  timeZone = USER_TIME_ZONE;
  rows = [];
  total = 0;
  errors;
  dataArrived = false;
  refreshData;
  /** Cursor of each page shown so far: [null, endCursor of page 1, ...]; the last is the current page's. */
  cursors = [null];
  nextCursor;
  hasNextPage = false;

  labels = {
    title: TITLE,
    empty: EMPTY,
    refresh: REFRESH,
    pages: PAGES,
    previous: PREVIOUS,
    next: NEXT,
    registration: COL_REGISTRATION,
    partner: COL_PARTNER,
    company: COL_COMPANY,
    domain: COL_DOMAIN,
    amount: COL_AMOUNT,
    submitted: COL_SUBMITTED,
    status: COL_STATUS,
    conflict: COL_CONFLICT,
    match: COL_MATCH,
    nameOnly: NAME_ONLY,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
  };

  get variables() {
    return { pageSize: PAGE_SIZE, after: this.cursors[this.cursors.length - 1] };
  }

  // Submitted and Under review wait for a manager; every other status is decided (by a manager, a rule or the sync).
  @wire(graphql, {
    query: gql`
      query registrationQueue($pageSize: Int, $after: String) {
        uiapi {
          query {
            Partner_Registration__c(
              where: { Status__c: { in: ["Submitted", "Under review"] } }
              first: $pageSize
              after: $after
              orderBy: { Submitted_At__c: { order: ASC, nulls: LAST }, CreatedDate: { order: ASC } }
            ) {
              edges {
                node {
                  Id
                  Name {
                    value
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
                  Estimated_Amount__c {
                    value
                    displayValue
                  }
                  Submitted_At__c {
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
                  Match_Method__c {
                    value
                    displayValue
                  }
                  Match_Reason__c {
                    value
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
                  }
                }
              }
              pageInfo {
                hasNextPage
                endCursor
              }
              totalCount
            }
          }
        }
      }
    `,
    variables: '$variables',
  })
  wiredQueue({ data, errors, refresh }) {
    this.refreshData = refresh;
    this.errors = errors;
    if (data) {
      const connection = data.uiapi.query.Partner_Registration__c;
      this.rows = nodesOf(connection).map((node) => this.toRow(node));
      if (this.rows.length === 0 && this.cursors.length > 1) {
        // a later page emptied (its registrations were decided meanwhile): back to the first page
        this.cursors = [null];
        return;
      }
      this.dataArrived = true;
      this.total = connection?.totalCount ?? this.rows.length;
      this.hasNextPage = connection?.pageInfo?.hasNextPage === true;
      this.nextCursor = connection?.pageInfo?.endCursor;
    }
  }

  toRow(node) {
    const conflictingId = valueOf(node.Conflicting_Registration__c);
    const conflicting = node.Conflicting_Registration__r;
    return {
      id: node.Id,
      name: valueOf(node.Name),
      url: recordUrl('Partner_Registration__c', node.Id),
      partner: valueOf(node.Partner__r?.Name),
      company: valueOf(node.Company__c),
      domain: valueOf(node.Domain__c),
      // whole money, as the impact figures and co-sell show it, in the user's locale
      amount: valueOf(node.Estimated_Amount__c),
      submittedAt: valueOf(node.Submitted_At__c),
      status: displayOf(node.Status__c),
      conflict: displayOf(node.Conflict__c) ?? NO_CONFLICT,
      hasConflict: valueOf(node.Conflict__c) !== null,
      conflictWith:
        conflictingId && conflicting
          ? formatLabel(CONFLICT_WITH, valueOf(conflicting.Partner__r?.Name) ?? '', valueOf(conflicting.Name) ?? '')
          : null,
      conflictingUrl: conflictingId ? recordUrl('Partner_Registration__c', conflictingId) : null,
      matchMethod: displayOf(node.Match_Method__c),
      matchReason: valueOf(node.Match_Reason__c),
      nameOnly: isNameOnly(node),
    };
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get summary() {
    // 1,234 (1.234 in de-DE), as the user's locale writes a count
    return formatLabel(SUMMARY, formatNumber(this.total) ?? this.total);
  }

  get pageNumber() {
    return this.cursors.length;
  }

  get pageLabel() {
    return formatLabel(PAGE, this.pageNumber);
  }

  get showPager() {
    return this.hasNextPage || this.pageNumber > 1;
  }

  get previousDisabled() {
    return this.pageNumber <= 1;
  }

  get nextDisabled() {
    return !this.hasNextPage;
  }

  handleNext() {
    if (!this.hasNextPage || !this.nextCursor) return;
    this.cursors = [...this.cursors, this.nextCursor];
  }

  handlePrevious() {
    if (this.cursors.length <= 1) return;
    this.cursors = this.cursors.slice(0, -1);
  }

  async handleRefresh() {
    await this.refreshData?.();
  }
}
