import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { createRecord, updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import USER_ID from '@salesforce/user/Id';
import { formatLabel, nodesOf, reduceErrors, valueOf } from 'c/ldsUtils';
import { formatNumber } from 'c/localeFormat';
import { computeImpact } from 'c/partnerImpactMetrics';
import { DEFAULT_MIN_SHARED_CLOSED, describeReasons, rankCoSell } from 'c/coSellScore';
import TASK_OBJECT from '@salesforce/schema/Task';
import TASK_SUBJECT from '@salesforce/schema/Task.Subject';
import TASK_DESCRIPTION from '@salesforce/schema/Task.Description';
import TASK_OWNER from '@salesforce/schema/Task.OwnerId';
import TASK_WHAT from '@salesforce/schema/Task.WhatId';
import TASK_STATUS from '@salesforce/schema/Task.Status';
import TASK_PRIORITY from '@salesforce/schema/Task.Priority';
import SIGNAL_STATUS from '@salesforce/schema/Partner_Signal__c.Status__c';
import SIGNAL_TASK_ID from '@salesforce/schema/Partner_Signal__c.Intro_Task_Id__c';
import TITLE from '@salesforce/label/c.PL_CoSell_Title';
import EMPTY from '@salesforce/label/c.PL_CoSell_Empty';
import EMPTY_DEAL from '@salesforce/label/c.PL_CoSell_Empty_Deal';
import SCORE from '@salesforce/label/c.PL_CoSell_Score';
import AMOUNT from '@salesforce/label/c.PL_CoSell_Amount';
import PARTNER_CONTACT from '@salesforce/label/c.PL_Field_Partner_Contact';
import CONTACT_HIDDEN from '@salesforce/label/c.PL_Contact_Not_Shared';
import PARTNER_MANAGER from '@salesforce/label/c.PL_CoSell_Partner_Manager';
import REQUEST_INTRO from '@salesforce/label/c.PL_CoSell_Request_Intro';
import INTRO_REQUESTED from '@salesforce/label/c.PL_CoSell_Intro_Requested';
import INTRO_SUBJECT from '@salesforce/label/c.PL_CoSell_Intro_Subject';
import INTRO_DONE from '@salesforce/label/c.PL_CoSell_Intro_Done';
import DISMISS from '@salesforce/label/c.PL_CoSell_Dismiss';
import DISMISSED from '@salesforce/label/c.PL_CoSell_Dismissed';
import ACTIONS_FOR from '@salesforce/label/c.PL_CoSell_Actions_For';
import TRUNCATED from '@salesforce/label/c.PL_CoSell_Truncated';
import TOP_OF from '@salesforce/label/c.PL_CoSell_Top_Of';
import REASON_CUSTOMER from '@salesforce/label/c.PL_CoSell_Reason_Customer';
import REASON_OPEN_OPPORTUNITY from '@salesforce/label/c.PL_CoSell_Reason_Open_Opportunity';
import REASON_PROSPECT from '@salesforce/label/c.PL_CoSell_Reason_Prospect';
import REASON_LEAD from '@salesforce/label/c.PL_CoSell_Reason_Lead';
import REASON_WIN_RATE from '@salesforce/label/c.PL_CoSell_Reason_Win_Rate';
import REASON_PRIOR from '@salesforce/label/c.PL_CoSell_Reason_Prior';
import REASON_NO_HISTORY from '@salesforce/label/c.PL_CoSell_Reason_No_History';
import REASON_FASTER from '@salesforce/label/c.PL_CoSell_Reason_Faster';
import REASON_SLOWER from '@salesforce/label/c.PL_CoSell_Reason_Slower';
import REASON_OPENED_DEAL from '@salesforce/label/c.PL_CoSell_Reason_Signal_Opened_Deal';
import REASON_BECAME_CUSTOMER from '@salesforce/label/c.PL_CoSell_Reason_Signal_Became_Customer';
import REASON_NEW_OVERLAP from '@salesforce/label/c.PL_CoSell_Reason_Signal_New_Overlap';
import REASON_NO_AMOUNT from '@salesforce/label/c.PL_CoSell_Reason_No_Amount';
import AGE_TODAY from '@salesforce/label/c.PL_CoSell_Age_Today';
import AGE_YESTERDAY from '@salesforce/label/c.PL_CoSell_Age_Yesterday';
import AGE_DAYS from '@salesforce/label/c.PL_CoSell_Age_Days';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import SAVE_FAILED from '@salesforce/label/c.PL_Error_Save_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

/** Records of each kind read in one page: the UI API's largest. */
export const PAGE_SIZE = 2000;

/** The score's reason keys (coSellScore REASON_TEXT) in this org's words. */
/** A win rate in the reasons: whole percent in the user's locale (48% in en-US, 48 % in de-DE). */
const wholePercent = (rate) => formatNumber(rate, { style: 'percent', maximumFractionDigits: 0 });

const REASON_LABELS = {
  population_Customer: REASON_CUSTOMER,
  'population_Open Opportunity': REASON_OPEN_OPPORTUNITY,
  population_Prospect: REASON_PROSPECT,
  population_Lead: REASON_LEAD,
  winRate: REASON_WIN_RATE,
  prior: REASON_PRIOR,
  noHistory: REASON_NO_HISTORY,
  faster: REASON_FASTER,
  slower: REASON_SLOWER,
  signal_Partner_Opened_Deal: REASON_OPENED_DEAL,
  signal_Prospect_Became_Customer: REASON_BECAME_CUSTOMER,
  signal_New_Overlap_On_Open_Deal: REASON_NEW_OVERLAP,
  noAmount: REASON_NO_AMOUNT,
  age_today: AGE_TODAY,
  age_yesterday: AGE_YESTERDAY,
  age_days: AGE_DAYS,
};

const pairKey = (opportunityId, partnerId) => `${opportunityId}:${partnerId}`;

/**
 * "Co-sell now" (Home page and Opportunity record page): the rep's open deals that overlap a partner, ranked by the
 * co-sell score (coSellScore, on partnerImpactMetrics' measured lift), each partner with its reasons, the partner's
 * own owner where the sharing level shares it, and two actions: request an intro (a Task for our partner manager,
 * the Partner__c owner, logged on the pair's signals) and dismiss (the pair's signals).
 */
export default class CoSellNow extends LightningElement {
  /** On an Opportunity record page: that deal only. On the Home page: the user's open deals. */
  @api recordId;
  @api objectApiName;
  /** Shared closed deals a partner needs before its own lift counts (below: the org-wide prior). */
  @api minSharedDeals = DEFAULT_MIN_SHARED_CLOSED;
  /** Deals listed at most, best first: a card to act on today, not the whole pipeline. */
  @api maxDeals = 10;

  ranked = [];
  errors;
  dataArrived = false;
  truncated = false;
  refreshData;
  saving = false;
  statusMessage = '';
  /** Pairs acted on in this page view, so the list shows the action before the refresh answers. */
  acted = {};

  labels = {
    title: TITLE,
    score: SCORE,
    amount: AMOUNT,
    partnerContact: PARTNER_CONTACT,
    contactHidden: CONTACT_HIDDEN,
    partnerManager: PARTNER_MANAGER,
    requestIntro: REQUEST_INTRO,
    introRequested: INTRO_REQUESTED,
    dismiss: DISMISS,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
  };

  get onDealPage() {
    return Boolean(this.recordId) && (this.objectApiName ?? 'Opportunity') === 'Opportunity';
  }

  get variables() {
    const dealWhere = this.onDealPage
      ? { Id: { eq: this.recordId } }
      : { and: [{ OwnerId: { eq: USER_ID } }, { IsClosed: { eq: false } }] };
    return { dealWhere, pageSize: PAGE_SIZE };
  }

  // One request: the deals to rank with their accounts' overlaps and signals, and the partners, closed deals and
  // overlaps the lift is measured on. The deals' own overlaps and signals are read apart from the org-wide ones, so
  // an org with more than 2,000 overlaps still shows every partner of the user's deals.
  @wire(graphql, {
    query: gql`
      query coSellNow($dealWhere: Opportunity_Filter, $pageSize: Int) {
        uiapi {
          query {
            Deals: Opportunity(where: $dealWhere, first: 200, orderBy: { Amount: { order: DESC, nulls: LAST } }) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  AccountId {
                    value
                  }
                  Amount {
                    value
                  }
                  IsClosed {
                    value
                  }
                }
              }
            }
            Partner__c(first: $pageSize) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                }
              }
              pageInfo {
                hasNextPage
              }
            }
            Opportunity(where: { IsClosed: { eq: true } }, first: $pageSize, orderBy: { CloseDate: { order: DESC } }) {
              edges {
                node {
                  Id
                  AccountId {
                    value
                  }
                  Amount {
                    value
                  }
                  IsClosed {
                    value
                  }
                  IsWon {
                    value
                  }
                  CreatedDate {
                    value
                  }
                  CloseDate {
                    value
                  }
                  Source_Partner__c {
                    value
                  }
                  Partner_Influences__r(first: 50) {
                    edges {
                      node {
                        Id
                        Partner__c {
                          value
                        }
                        Role__c {
                          value
                        }
                      }
                    }
                  }
                }
              }
              pageInfo {
                hasNextPage
              }
            }
            Partner_Overlap__c(
              where: { and: [{ Active__c: { eq: true } }, { Disputed__c: { eq: false } }, { Account__c: { ne: null } }] }
              first: $pageSize
            ) {
              edges {
                node {
                  Id
                  Partner__c {
                    value
                  }
                  Account__c {
                    value
                  }
                }
              }
              pageInfo {
                hasNextPage
              }
            }
            MyOverlaps: Partner_Overlap__c(
              where: {
                and: [
                  { Active__c: { eq: true } }
                  { Disputed__c: { eq: false } }
                  { Account__c: { inq: { Opportunity: $dealWhere, ApiName: "AccountId" } } }
                ]
              }
              first: $pageSize
            ) {
              edges {
                node {
                  Id
                  Partner__c {
                    value
                  }
                  Account__c {
                    value
                  }
                  Partner_Population__c {
                    value
                  }
                  Partner_Owner_Name__c {
                    value
                  }
                  Partner__r {
                    Name {
                      value
                    }
                    OwnerId {
                      value
                    }
                    Owner {
                      ... on User {
                        Name {
                          value
                        }
                      }
                    }
                  }
                }
              }
            }
            Partner_Signal__c(
              where: {
                or: [
                  { Opportunity__c: { inq: { Opportunity: $dealWhere, ApiName: "Id" } } }
                  { Account__c: { inq: { Opportunity: $dealWhere, ApiName: "AccountId" } } }
                ]
              }
              first: $pageSize
              orderBy: { Detected_At__c: { order: DESC, nulls: LAST } }
            ) {
              edges {
                node {
                  Id
                  Partner__c {
                    value
                  }
                  Account__c {
                    value
                  }
                  Opportunity__c {
                    value
                  }
                  Kind__c {
                    value
                  }
                  Status__c {
                    value
                  }
                  Detected_At__c {
                    value
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
  wiredCoSell({ data, errors, refresh }) {
    this.refreshData = refresh;
    this.errors = errors;
    if (!data) return;
    this.dataArrived = true;
    const q = data.uiapi.query;
    this.truncated = ['Partner__c', 'Opportunity', 'Partner_Overlap__c', 'Partner_Signal__c'].some((k) => q[k]?.pageInfo?.hasNextPage === true);
    this.ranked = this.rank(q);
  }

  rank(q) {
    const closedDeals = nodesOf(q.Opportunity);
    const liftOverlaps = nodesOf(q.Partner_Overlap__c).map((o) => ({
      partnerId: valueOf(o.Partner__c),
      accountId: valueOf(o.Account__c),
      leadId: null,
      ourPopulation: null,
      partnerPopulation: null,
      active: true,
      disputed: false,
    }));
    const overlaps = nodesOf(q.MyOverlaps).map((o) => ({
      id: o.Id,
      partnerId: valueOf(o.Partner__c),
      partnerName: valueOf(o.Partner__r?.Name),
      accountId: valueOf(o.Account__c),
      leadId: null,
      ourPopulation: null,
      partnerPopulation: valueOf(o.Partner_Population__c),
      active: true,
      disputed: false,
      partnerOwnerName: valueOf(o.Partner_Owner_Name__c),
      partnerManagerId: valueOf(o.Partner__r?.OwnerId),
      partnerManagerName: valueOf(o.Partner__r?.Owner?.Name),
    }));
    // every partner, as partner impact counts them: a deal tagged with any partner is not a deal "without"
    const partners = nodesOf(q.Partner__c).map((p) => ({ id: p.Id, name: valueOf(p.Name) ?? p.Id }));
    const deals = nodesOf(q.Deals).map((o) => ({
      id: o.Id,
      name: valueOf(o.Name),
      accountId: valueOf(o.AccountId),
      amount: valueOf(o.Amount),
      isClosed: valueOf(o.IsClosed) === true,
    }));
    // the lift: partner impact's own computation over the org's closed deals
    const impact = computeImpact({
      partners,
      opportunities: closedDeals.map((o) => ({
        id: o.Id,
        accountId: valueOf(o.AccountId),
        amount: valueOf(o.Amount),
        currency: null,
        isClosed: true,
        isWon: valueOf(o.IsWon) === true,
        createdDate: valueOf(o.CreatedDate),
        closeDate: valueOf(o.CloseDate),
        sourcePartnerId: valueOf(o.Source_Partner__c),
      })),
      influences: closedDeals.flatMap((o) =>
        nodesOf(o.Partner_Influences__r)
          .filter((t) => valueOf(t.Partner__c))
          .map((t) => ({ id: t.Id, opportunityId: o.Id, partnerId: valueOf(t.Partner__c), role: valueOf(t.Role__c), percent: null, touchDate: null, createdDate: null })),
      ),
      overlaps: liftOverlaps,
      leads: [],
    });
    const signals = nodesOf(q.Partner_Signal__c).map((s) => ({
      id: s.Id,
      partnerId: valueOf(s.Partner__c),
      accountId: valueOf(s.Account__c),
      opportunityId: valueOf(s.Opportunity__c),
      kind: valueOf(s.Kind__c),
      status: valueOf(s.Status__c),
      detectedAt: valueOf(s.Detected_At__c),
    }));
    const minSharedClosed = Number(this.minSharedDeals) > 0 ? Number(this.minSharedDeals) : DEFAULT_MIN_SHARED_CLOSED;
    return rankCoSell({ impact, deals, overlaps, signals }, { now: Date.now(), minSharedClosed });
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  /** The ranked deals as the template shows them: dismissed pairs left out, a deal with none left dropped. */
  get rows() {
    return this.rankedRows.slice(0, this.limit);
  }

  get limit() {
    return Number(this.maxDeals) > 0 ? Number(this.maxDeals) : 10;
  }

  get cutText() {
    return this.rankedRows.length > this.limit ? formatLabel(TOP_OF, this.limit, this.rankedRows.length) : null;
  }

  get rankedRows() {
    return this.ranked
      .map((deal) => {
        const partners = deal.partners
          .map((p) => ({ ...p, ...(this.acted[pairKey(deal.opportunityId, p.partnerId)] ?? {}) }))
          .filter((p) => !p.dismissed)
          .map((p) => ({
            ...p,
            key: pairKey(deal.opportunityId, p.partnerId),
            reasonsText: describeReasons(p.reasons, REASON_LABELS, wholePercent),
            canDismiss: !p.introRequested && p.openSignalIds.length > 0,
            canRequestIntro: !p.introRequested && Boolean(p.partnerManagerId),
            actionsLabel: formatLabel(ACTIONS_FOR, p.partnerName, deal.name),
          }));
        return { ...deal, partners, hasAmount: deal.amount !== null };
      })
      .filter((deal) => deal.partners.length > 0);
  }

  get isEmpty() {
    return this.dataArrived && this.rows.length === 0;
  }

  get emptyText() {
    return this.onDealPage ? EMPTY_DEAL : EMPTY;
  }

  get truncatedText() {
    // in the user's locale (2.000 in de-DE), not the browser's
    return formatLabel(TRUNCATED, formatNumber(PAGE_SIZE));
  }

  pairOf(event) {
    const { dealId, partnerId } = event.currentTarget.dataset;
    const deal = this.ranked.find((d) => d.opportunityId === dealId);
    return { deal, pair: deal?.partners.find((p) => p.partnerId === partnerId) };
  }

  /** A Task for our partner manager (the Partner__c owner) on the deal, then the pair's open signals point to it. */
  async handleRequestIntro(event) {
    const { deal, pair } = this.pairOf(event);
    if (!pair) return;
    this.saving = true;
    try {
      const task = await createRecord({
        apiName: TASK_OBJECT.objectApiName,
        fields: {
          [TASK_SUBJECT.fieldApiName]: formatLabel(INTRO_SUBJECT, pair.partnerName, deal.name),
          [TASK_DESCRIPTION.fieldApiName]: describeReasons(pair.reasons, REASON_LABELS, wholePercent),
          [TASK_OWNER.fieldApiName]: pair.partnerManagerId,
          [TASK_WHAT.fieldApiName]: deal.opportunityId,
          [TASK_STATUS.fieldApiName]: 'Not Started',
          [TASK_PRIORITY.fieldApiName]: 'Normal',
        },
      });
      await Promise.all(
        pair.openSignalIds.map((id) =>
          updateRecord({ fields: { Id: id, [SIGNAL_STATUS.fieldApiName]: 'Intro_Requested', [SIGNAL_TASK_ID.fieldApiName]: task.id } }),
        ),
      );
    } catch (error) {
      this.failed(error);
      return;
    } finally {
      this.saving = false;
    }
    this.markActed(deal, pair, { introRequested: true, openSignalIds: [] });
    this.announce(formatLabel(INTRO_DONE, pair.partnerName, pair.partnerManagerName ?? ''));
    await this.refreshData?.();
  }

  async handleDismiss(event) {
    const { deal, pair } = this.pairOf(event);
    if (!pair) return;
    this.saving = true;
    try {
      await Promise.all(pair.openSignalIds.map((id) => updateRecord({ fields: { Id: id, [SIGNAL_STATUS.fieldApiName]: 'Dismissed' } })));
    } catch (error) {
      this.failed(error);
      return;
    } finally {
      this.saving = false;
    }
    this.markActed(deal, pair, { dismissed: true, openSignalIds: [] });
    this.announce(formatLabel(DISMISSED, pair.partnerName, deal.name));
    await this.refreshData?.();
    // the pair left the list: focus goes back to the card's first action, if any
    this.template.querySelector('lightning-button')?.focus();
  }

  markActed(deal, pair, change) {
    this.acted = { ...this.acted, [pairKey(deal.opportunityId, pair.partnerId)]: change };
  }

  announce(message) {
    this.statusMessage = message;
    this.dispatchEvent(new ShowToastEvent({ title: message, variant: 'success' }));
  }

  failed(error) {
    this.dispatchEvent(new ShowToastEvent({ title: SAVE_FAILED, message: reduceErrors(error).join(' '), variant: 'error' }));
  }
}
