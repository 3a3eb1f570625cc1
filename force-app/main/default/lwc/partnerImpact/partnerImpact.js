import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import OPPORTUNITY from '@salesforce/schema/Opportunity';
import { DEFAULT_MODEL, MODELS, POPULATIONS, computeImpact } from 'c/partnerImpactMetrics';
import { formatLabel } from 'c/ldsUtils';
import { ImpactPages } from './graphData';
import TITLE from '@salesforce/label/c.PL_Impact_Title';
import FROM from '@salesforce/label/c.PL_Impact_From';
import TO from '@salesforce/label/c.PL_Impact_To';
import MODEL from '@salesforce/label/c.PL_Impact_Model';
import MODEL_RECORDED from '@salesforce/label/c.PL_Impact_Model_Recorded';
import MODEL_FIRST from '@salesforce/label/c.PL_Impact_Model_First_Touch';
import MODEL_LAST from '@salesforce/label/c.PL_Impact_Model_Last_Touch';
import MODEL_EVEN from '@salesforce/label/c.PL_Impact_Model_Even_Split';
import BY_MODEL from '@salesforce/label/c.PL_Impact_By_Model';
import MODEL_NOTE from '@salesforce/label/c.PL_Impact_Model_Note';
import SOURCED_PIPELINE from '@salesforce/label/c.PL_Impact_Sourced_Pipeline';
import SOURCED_REVENUE from '@salesforce/label/c.PL_Impact_Sourced_Revenue';
import INFLUENCED_PIPELINE from '@salesforce/label/c.PL_Impact_Influenced_Pipeline';
import INFLUENCED_REVENUE from '@salesforce/label/c.PL_Impact_Influenced_Revenue';
import WIN_RATE_WITH from '@salesforce/label/c.PL_Impact_Win_Rate_With';
import WIN_RATE_WITHOUT from '@salesforce/label/c.PL_Impact_Win_Rate_Without';
import WIN_RATE_LIFT from '@salesforce/label/c.PL_Impact_Win_Rate_Lift';
import CYCLE_WITH from '@salesforce/label/c.PL_Impact_Cycle_With';
import CYCLE_WITHOUT from '@salesforce/label/c.PL_Impact_Cycle_Without';
import LEADS_PARTNER from '@salesforce/label/c.PL_Impact_Lead_Conversion_Partner';
import LEADS_ORDINARY from '@salesforce/label/c.PL_Impact_Lead_Conversion_Ordinary';
import POTENTIAL from '@salesforce/label/c.PL_Impact_Potential_Pipeline';
import PARTNER from '@salesforce/label/c.PL_Impact_Partner';
import DEALS from '@salesforce/label/c.PL_Impact_Deals';
import OVERLAPS from '@salesforce/label/c.PL_Impact_Overlaps';
import OVERLAP_MAP from '@salesforce/label/c.PL_Impact_Overlap_Map';
import OUR_POPULATION from '@salesforce/label/c.PL_Impact_Our_Population';
import PARTNER_POPULATION from '@salesforce/label/c.PL_Impact_Partner_Population';
import CHART_TITLE from '@salesforce/label/c.PL_Impact_Chart_Title';
import NO_DEALS from '@salesforce/label/c.PL_Impact_No_Deals';
import TRUNCATED from '@salesforce/label/c.PL_Impact_Truncated';
import NO_VALUE from '@salesforce/label/c.PL_Impact_No_Value';
import LOAD_FAILED from '@salesforce/label/c.PL_Impact_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Impact_Loading';
import MULTI_CURRENCY from '@salesforce/label/c.PL_Impact_Multi_Currency';
import EMPTY_PARTNER from '@salesforce/label/c.PL_Impact_Empty_Partner';
import EMPTY_ALL from '@salesforce/label/c.PL_Impact_Empty_All';
import PARTNERS_TABLE from '@salesforce/label/c.PL_Impact_Partners_Table';

const MODEL_LABELS = { Recorded: MODEL_RECORDED, 'First touch': MODEL_FIRST, 'Last touch': MODEL_LAST, 'Even split': MODEL_EVEN };

/** Number formats by column type; every figure goes through lightning-formatted-number (the user's locale). */
const NUMBER_FORMATS = {
  currency: { formatStyle: 'currency', digits: 0 },
  percent: { formatStyle: 'percent', digits: 1 },
  points: { formatStyle: 'decimal', digits: 1 },
  number: { formatStyle: 'decimal', digits: 0 },
};

const NUMERIC = new Set(Object.keys(NUMBER_FORMATS));

function headers(columns) {
  return columns.map((c) => ({
    ...c,
    headerClass: NUMERIC.has(c.type) ? 'slds-cell-wrap slds-text-align_right' : 'slds-cell-wrap',
  }));
}

/** Rows of an SLDS table: each cell with its column's label (data-label of the stacked layout) and number format. */
function tableRows(rows, columns) {
  return rows.map((row) => ({
    id: row.id,
    cells: columns.map((c, i) => {
      const value = row[c.fieldName];
      const numeric = NUMERIC.has(c.type);
      return {
        key: c.fieldName,
        fieldName: c.fieldName,
        label: c.label,
        value,
        first: i === 0,
        numeric,
        blank: numeric && (value === null || value === undefined),
        className: numeric ? 'slds-text-align_right' : 'slds-cell-wrap',
        ...(numeric ? NUMBER_FORMATS[c.type] : {}),
      };
    }),
  }));
}

/** A lift is a difference of two rates: shown in percentage points (0.232 -> 23.2), as the label says. */
const points = (lift) => (lift === null || lift === undefined ? lift : Math.round(lift * 1000) / 10);

/**
 * Partner impact for partner managers: sourced pipeline, influenced revenue by attribution model,
 * win-rate lift, lead conversion, the overlap map and potential influence. On a Partner__c record
 * page it shows that partner; on an app page, all partners. The numbers come from
 * c/partnerImpactMetrics, the same code the `partnerlens report` CLI runs.
 */
export default class PartnerImpact extends LightningElement {
  /** Partner__c Id on a record page. */
  @api recordId;

  from = '';
  to = '';
  /** The model the user picked; until then the org's configured model. */
  chosenModel;
  loadErrors;
  /**
   * Whether the org has multi-currency on: true when Opportunity's object info lists CurrencyIsoCode
   * (the field exists only then), false when it does not, undefined until getObjectInfo answers.
   */
  multiCurrency;
  objectInfoError;
  report;
  org;
  /** Every page of the query, read until no kind has a next page; the figures are computed once, from all of them. */
  pages = new ImpactPages();
  cursors = this.pages.variables;

  labels = {
    title: TITLE,
    from: FROM,
    to: TO,
    model: MODEL,
    sourcedRevenue: SOURCED_REVENUE,
    influencedRevenue: INFLUENCED_REVENUE,
    overlapMap: OVERLAP_MAP,
    chartTitle: CHART_TITLE,
    noDeals: NO_DEALS,
    truncated: TRUNCATED,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
    multiCurrency: MULTI_CURRENCY,
    noValue: NO_VALUE,
    partnersTable: PARTNERS_TABLE,
  };

  modelOptions = MODELS.map((value) => ({ value, label: MODEL_LABELS[value] }));

  /**
   * The partner table's columns. One number format for the whole component (the user's locale through
   * lightning-formatted-number): money in whole units, rates as percentages with one decimal, the lift and
   * the cycle in points and days with one decimal, counts as integers.
   */
  partnerColumns = [
    { label: PARTNER, fieldName: 'name', type: 'text' },
    { label: SOURCED_PIPELINE, fieldName: 'sourcedPipeline', type: 'currency' },
    { label: SOURCED_REVENUE, fieldName: 'sourcedRevenue', type: 'currency' },
    { label: INFLUENCED_REVENUE, fieldName: 'influencedRevenue', type: 'currency' },
    { label: DEALS, fieldName: 'deals', type: 'number' },
    { label: WIN_RATE_LIFT, fieldName: 'winRateLift', type: 'points' },
    { label: LEADS_PARTNER, fieldName: 'leadConversion', type: 'percent' },
    { label: OVERLAPS, fieldName: 'overlaps', type: 'number' },
    { label: POTENTIAL, fieldName: 'potentialPipeline', type: 'currency' },
  ];

  overlapColumns = [
    { label: PARTNER, fieldName: 'partner', type: 'text' },
    { label: OUR_POPULATION, fieldName: 'ours', type: 'text' },
    { label: PARTNER_POPULATION, fieldName: 'theirs', type: 'text' },
    { label: OVERLAPS, fieldName: 'count', type: 'number' },
  ];

  /**
   * The platform's answer to "does this org use several currencies": CurrencyIsoCode is a field of
   * Opportunity only in multi-currency orgs, so the query cannot name it, but the object info lists it.
   */
  @wire(getObjectInfo, { objectApiName: OPPORTUNITY })
  wiredOpportunityInfo({ data, error }) {
    if (error) {
      this.objectInfoError = error;
      return;
    }
    if (!data) return;
    this.objectInfoError = undefined;
    this.multiCurrency = Object.prototype.hasOwnProperty.call(data.fields ?? {}, 'CurrencyIsoCode');
  }

  @wire(graphql, {
    query: gql`
      query partnerImpactData($partnerAfter: String, $opportunityAfter: String, $overlapAfter: String, $leadAfter: String) {
        uiapi {
          query {
            Partner__c(first: 2000, after: $partnerAfter, upperBound: 52000, orderBy: { Name: { order: ASC } }) {
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
                endCursor
              }
            }
            Opportunity(first: 2000, after: $opportunityAfter, upperBound: 52000, orderBy: { CloseDate: { order: DESC } }) {
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
                  Partner_Influences__r(first: 200) {
                    edges {
                      node {
                        Id
                        Partner__c {
                          value
                        }
                        Role__c {
                          value
                        }
                        Attribution_Percent__c {
                          value
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
              pageInfo {
                hasNextPage
                endCursor
              }
            }
            Partner_Overlap__c(first: 2000, after: $overlapAfter, upperBound: 52000, where: { Active__c: { eq: true } }) {
              edges {
                node {
                  Id
                  Partner__c {
                    value
                  }
                  Account__c {
                    value
                  }
                  Lead__c {
                    value
                  }
                  Our_Population__c {
                    value
                  }
                  Partner_Population__c {
                    value
                  }
                  Active__c {
                    value
                  }
                  Disputed__c {
                    value
                  }
                }
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
            Lead(first: 2000, after: $leadAfter, upperBound: 52000, orderBy: { CreatedDate: { order: DESC } }) {
              edges {
                node {
                  Id
                  Partner_Sourced__c {
                    value
                  }
                  Source_Partner__c {
                    value
                  }
                  IsConverted {
                    value
                  }
                  CreatedDate {
                    value
                  }
                }
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
            Partner_Sync_Setting__c(first: 1, orderBy: { CreatedDate: { order: ASC } }) {
              edges {
                node {
                  Id
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
    variables: '$variables',
  })
  wiredData({ data, errors }) {
    this.loadErrors = errors;
    // a failed page ends the read: no figures from part of the org
    if (errors || !data || this.org) return;
    if (this.pages.add(data)) {
      this.cursors = this.pages.variables;
    } else if (this.pages.complete) {
      this.org = this.pages.toImpactData();
      this.recompute();
    }
  }

  /** The cursors of the page the wire asks for next (see ImpactPages). */
  get variables() {
    return { ...this.cursors };
  }

  get model() {
    if (this.chosenModel) return this.chosenModel;
    const configured = this.org?.configuredModel;
    return MODELS.includes(configured) ? configured : DEFAULT_MODEL;
  }

  /** The figures wait for both answers: every page of the records, and whether amounts can be added up. */
  get ready() {
    return Boolean(this.report) && this.multiCurrency !== undefined && !this.objectInfoError;
  }

  get loading() {
    return !(this.org && this.multiCurrency !== undefined) && !this.errors;
  }

  /** A failed read of the records or of Opportunity's object info: either way no figures. */
  get errors() {
    return this.loadErrors ?? this.objectInfoError;
  }

  /**
   * Money figures only in a single-currency org. In a multi-currency org the amounts (read without
   * their CurrencyIsoCode) would add euros to dollars: the component shows counts and rates only,
   * with a notice pointing to `partnerlens report`, which converts (docs/impact.md).
   */
  get showMoney() {
    return this.multiCurrency === false;
  }

  /**
   * Runs the shared metrics once per change of data, range or model (not on every render). Amounts
   * are read without CurrencyIsoCode (a field only multi-currency orgs have), so they count as one
   * currency here; in a multi-currency org no money figure is shown (showMoney) and the CLI converts.
   */
  recompute() {
    if (!this.org) return;
    this.report = computeImpact(this.org.data, {
      from: this.from || null,
      to: this.to || null,
      partnerId: this.recordId ?? null,
      model: this.model,
    });
  }

  get truncated() {
    return this.org?.truncated === true;
  }

  get currency() {
    return this.report?.currency ?? undefined;
  }

  /** The overall figures as tiles: [key, label, value, number format]; money ones only when showMoney. */
  get tiles() {
    const o = this.report.overall;
    const money = NUMBER_FORMATS.currency;
    const percent = NUMBER_FORMATS.percent;
    const oneDecimal = NUMBER_FORMATS.points;
    return [
      ['sourcedPipeline', SOURCED_PIPELINE, o.sourced.pipeline, money],
      ['sourcedRevenue', SOURCED_REVENUE, o.sourced.revenue, money],
      ['influencedPipeline', this.byModel(INFLUENCED_PIPELINE), o.influenced.pipeline, money],
      ['influencedRevenue', this.byModel(INFLUENCED_REVENUE), o.influenced.revenue, money],
      ['winRateWith', WIN_RATE_WITH, o.lift.withPartner.winRate, percent],
      ['winRateWithout', WIN_RATE_WITHOUT, o.lift.withoutPartner.winRate, percent],
      ['winRateLift', WIN_RATE_LIFT, points(o.lift.winRateLift), oneDecimal],
      ['cycleWith', CYCLE_WITH, o.lift.withPartner.avgCycleDays, oneDecimal],
      ['cycleWithout', CYCLE_WITHOUT, o.lift.withoutPartner.avgCycleDays, oneDecimal],
      ['leadsPartner', LEADS_PARTNER, o.leads.partnerSourced.rate, percent],
      ['leadsOrdinary', LEADS_ORDINARY, o.leads.ordinary.rate, percent],
      ['potential', POTENTIAL, o.potential.pipeline, money],
    ]
      .filter(([, , , format]) => this.showMoney || format !== money)
      .map(([key, label, value, format]) => ({ key, label, value, blank: value === null || value === undefined, ...format }));
  }

  /**
   * A partner with nothing to measure (a new partner: no deal it sourced or touched, no lead, no overlap,
   * in this period) gets an empty state instead of a row of zero tiles; so does an org without partners.
   */
  get isEmpty() {
    return this.report.partners.every((p) => p.deals === 0 && p.leads.leads === 0 && p.overlaps.total === 0);
  }

  get emptyMessage() {
    return this.recordId ? EMPTY_PARTNER : EMPTY_ALL;
  }

  /** "Influenced revenue (Recorded)": an influenced figure names the attribution model it was computed with. */
  byModel(label) {
    return formatLabel(BY_MODEL, label, MODEL_LABELS[this.model]);
  }

  get modelNote() {
    return formatLabel(MODEL_NOTE, MODEL_LABELS[this.model]);
  }

  /** The partner table for the template: one cell per column, with its label for the stacked layout. */
  get partnerTable() {
    return tableRows(this.partnerRows, this.partnerTableColumns);
  }

  get partnerHeaders() {
    return headers(this.partnerTableColumns);
  }

  get overlapTable() {
    return tableRows(this.overlapRows, this.overlapColumns);
  }

  get overlapHeaders() {
    return headers(this.overlapColumns);
  }

  get hasDeals() {
    return this.report.overall.deals > 0;
  }

  /** The partner table's columns: without the currency ones when money is not shown. */
  get partnerTableColumns() {
    const columns = this.partnerColumns.map((c) => {
      return c.fieldName === 'influencedRevenue' ? { ...c, label: this.byModel(c.label) } : c;
    });
    return this.showMoney ? columns : columns.filter((c) => c.type !== 'currency');
  }

  /**
   * Partners as the metrics order them (by revenue), with their money figures; by name and without
   * money when money is not shown, since an order by amounts of several currencies would be as wrong
   * as their sums.
   */
  get partnerRows() {
    const counts = (p) => ({
      id: p.partnerId,
      name: p.name,
      // sourced or touched, as docs/impact.md and `partnerlens report` (deals) count: not every deal on an overlapping account
      deals: p.deals,
      winRateLift: points(p.lift.winRateLift),
      leadConversion: p.leads.rate,
      overlaps: p.overlaps.total,
    });
    if (!this.showMoney) return [...this.report.partners].sort((a, b) => a.name.localeCompare(b.name)).map(counts);
    return this.report.partners.map((p) => ({
      ...counts(p),
      sourcedPipeline: p.sourced.pipeline,
      sourcedRevenue: p.sourced.revenue,
      influencedRevenue: p.influenced.revenue,
      potentialPipeline: p.potential.pipeline,
    }));
  }

  /** Population pairs per partner, in population order (Customer first), our side then theirs. */
  get overlapRows() {
    const rank = (population) => (POPULATIONS.includes(population) ? POPULATIONS.indexOf(population) : POPULATIONS.length);
    return this.report.partners.flatMap((p) =>
      Object.entries(p.overlaps.pairs)
        .map(([pair, count]) => {
          const [ours, theirs] = pair.split('|');
          return { id: `${p.partnerId}|${pair}`, partner: p.name, ours, theirs, count };
        })
        .sort((a, b) => rank(a.ours) - rank(b.ours) || rank(a.theirs) - rank(b.theirs)),
    );
  }

  get hasOverlaps() {
    return this.overlapRows.length > 0;
  }

  /** SLDS bars: sourced and influenced revenue per partner, scaled to the largest value. */
  get bars() {
    const partners = this.report.partners;
    const max = Math.max(0, ...partners.flatMap((p) => [p.sourced.revenue, p.influenced.revenue]));
    const width = (value) => `width: ${max > 0 ? Math.round((value / max) * 1000) / 10 : 0}%`;
    return partners.map((p) => ({
      id: p.partnerId,
      name: p.name,
      sourced: p.sourced.revenue,
      influenced: p.influenced.revenue,
      sourcedStyle: width(p.sourced.revenue),
      influencedStyle: width(p.influenced.revenue),
    }));
  }

  handleFrom(event) {
    this.from = event.detail.value ?? '';
    this.recompute();
  }

  handleTo(event) {
    this.to = event.detail.value ?? '';
    this.recompute();
  }

  handleModel(event) {
    this.chosenModel = event.detail.value;
    this.recompute();
  }
}
