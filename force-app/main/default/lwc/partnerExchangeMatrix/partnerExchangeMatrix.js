import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { displayOf, formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import { formatDateTime, formatNumber } from 'c/localeFormat';
import TITLE from '@salesforce/label/c.PL_Exchange_Title';
import SUMMARY from '@salesforce/label/c.PL_Exchange_Summary';
import EMPTY from '@salesforce/label/c.PL_Exchange_Empty';
import CAPTION from '@salesforce/label/c.PL_Exchange_Caption';
import OURS from '@salesforce/label/c.PL_Exchange_Ours';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

// the population picklist's order, on both axes
const POPULATIONS = ['Customer', 'Open Opportunity', 'Prospect', 'Lead'];

function countsOf(text) {
  try {
    const parsed = JSON.parse(text ?? '[]');
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/** A count as the user's locale writes it (1,200 in en-US), like lightning-formatted-number; blank stays blank. */
function formatCount(value) {
  return formatNumber(value) ?? value ?? '';
}

/**
 * Partner record page: the overlap matrix of the latest private exchange with this partner (our population
 * x theirs, overlapping keys per pair), so a manager can size a partnership from a counts-only exchange.
 */
export default class PartnerExchangeMatrix extends LightningElement {
  @api recordId;

  exchange;
  errors;
  dataArrived = false;

  labels = { title: TITLE, empty: EMPTY, caption: CAPTION, ours: OURS, loadFailed: LOAD_FAILED, loading: LOADING };

  get variables() {
    return { partnerId: this.recordId };
  }

  @wire(graphql, {
    query: gql`
      query partnerExchangeMatrix($partnerId: ID) {
        uiapi {
          query {
            Partner_Exchange__c(
              where: { Partner__c: { eq: $partnerId } }
              first: 1
              orderBy: { Finished__c: { order: DESC, nulls: LAST } }
            ) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Mode__c {
                    value
                    displayValue
                  }
                  Finished__c {
                    value
                    displayValue
                  }
                  Our_Set_Size__c {
                    value
                  }
                  Partner_Set_Size__c {
                    value
                  }
                  Counts__c {
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
  wiredExchange({ data, errors }) {
    this.errors = errors;
    if (data) {
      this.dataArrived = true;
      this.exchange = nodesOf(data.uiapi.query.Partner_Exchange__c)[0];
    }
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get hasExchange() {
    return this.exchange !== undefined;
  }

  get summary() {
    const e = this.exchange;
    return formatLabel(
      SUMMARY,
      valueOf(e.Name),
      displayOf(e.Mode__c),
      // the finish time in the one date-and-time format, in the user's locale and zone (not the server's en-US text)
      formatDateTime(valueOf(e.Finished__c)) ?? '',
      formatCount(valueOf(e.Our_Set_Size__c)),
      formatCount(valueOf(e.Partner_Set_Size__c)),
    );
  }

  get columns() {
    return POPULATIONS.map((p) => ({ key: p, label: p }));
  }

  /** One row per population of ours, one cell per partner population; a pair with no overlap is 0 (list modes). */
  get rows() {
    const counts = countsOf(valueOf(this.exchange.Counts__c));
    return POPULATIONS.map((ours) => ({
      key: ours,
      label: ours,
      cells: POPULATIONS.map((theirs) => {
        const found = counts.find((c) => c.ourPopulation === ours && c.partnerPopulation === theirs);
        // a cell below the exchange's small-cell minimum has no number: "< 5", as both sides saw it
        const value =
          found === undefined
            ? formatCount(0)
            : found.count === undefined
              ? `< ${formatCount(found.below)}`
              : formatCount(found.count);
        return { key: `${ours}/${theirs}`, value };
      }),
    }));
  }
}
