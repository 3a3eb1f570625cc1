import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { displayOf, formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import TITLE from '@salesforce/label/c.PL_Lookup_Title';
import SEARCH_LABEL from '@salesforce/label/c.PL_Lookup_Search_Label';
import SEARCH_PLACEHOLDER from '@salesforce/label/c.PL_Lookup_Search_Placeholder';
import SEARCH from '@salesforce/label/c.PL_Action_Search';
import TOO_SHORT from '@salesforce/label/c.PL_Lookup_Too_Short';
import ACCOUNTS from '@salesforce/label/c.PL_Lookup_Accounts';
import LEADS from '@salesforce/label/c.PL_Lookup_Leads';
import NO_RESULTS from '@salesforce/label/c.PL_Lookup_No_Results';
import RESULTS_SUMMARY from '@salesforce/label/c.PL_Lookup_Results_Summary';
import NO_OVERLAPS from '@salesforce/label/c.PL_Lookup_No_Overlaps';
import COL_NAME from '@salesforce/label/c.PL_Field_Name';
import COL_WEBSITE from '@salesforce/label/c.PL_Field_Website';
import COL_COMPANY from '@salesforce/label/c.PL_Field_Company';
import COL_EMAIL from '@salesforce/label/c.PL_Field_Email';
import COL_PARTNERS from '@salesforce/label/c.PL_Lookup_Partner_Overlaps';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

const MIN_TERM_LENGTH = 2;

/** What users paste: a company name, a domain or a URL. Reduced to the part worth matching. */
export function normalizeTerm(input) {
  return (input ?? '')
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/[/?#].*$/, '');
}

/** A SOQL LIKE pattern that matches the term anywhere, with its own wildcards escaped. */
function likePattern(term) {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function partnersOf(record) {
  const overlaps = nodesOf(record.Partner_Overlaps__r).filter(
    (o) => valueOf(o.Active__c) === true && valueOf(o.Disputed__c) !== true,
  );
  if (overlaps.length === 0) return NO_OVERLAPS;
  return overlaps
    .map(
      (o) =>
        `${valueOf(o.Partner__r?.Name)} (${displayOf(o.Our_Population__c) ?? '—'} × ${displayOf(o.Partner_Population__c) ?? '—'})`,
    )
    .join('; ');
}

function recordUrl(objectApiName, id) {
  return `/lightning/r/${objectApiName}/${id}/view`;
}

/** App page: search a company name or domain across accounts and leads and show which partners overlap them. */
export default class OverlapLookup extends LightningElement {
  input = '';
  term = '';
  accounts = [];
  leads = [];
  errors;
  resultsFor = '';

  labels = {
    title: TITLE,
    searchLabel: SEARCH_LABEL,
    searchPlaceholder: SEARCH_PLACEHOLDER,
    search: SEARCH,
    accounts: ACCOUNTS,
    leads: LEADS,
    noResults: NO_RESULTS,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
  };

  accountColumns = [
    { label: COL_NAME, fieldName: 'url', type: 'url', typeAttributes: { label: { fieldName: 'name' } } },
    { label: COL_WEBSITE, fieldName: 'website', type: 'text' },
    { label: COL_PARTNERS, fieldName: 'partners', type: 'text', wrapText: true },
  ];

  leadColumns = [
    { label: COL_NAME, fieldName: 'url', type: 'url', typeAttributes: { label: { fieldName: 'name' } } },
    { label: COL_COMPANY, fieldName: 'company', type: 'text' },
    { label: COL_EMAIL, fieldName: 'email', type: 'email' },
    { label: COL_PARTNERS, fieldName: 'partners', type: 'text', wrapText: true },
  ];

  // undefined until a search is submitted, so nothing is shown for an empty page
  get variables() {
    return this.term ? { term: likePattern(this.term) } : undefined;
  }

  @wire(graphql, {
    query: gql`
      query overlapLookup($term: String) {
        uiapi {
          query {
            Account(
              where: { or: [{ Name: { like: $term } }, { Website: { like: $term } }] }
              first: 25
              orderBy: { Name: { order: ASC } }
            ) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Website {
                    value
                  }
                  Partner_Overlaps__r(first: 20) {
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
                        Active__c {
                          value
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
            Lead(
              where: { or: [{ Company: { like: $term } }, { Email: { like: $term } }] }
              first: 25
              orderBy: { Company: { order: ASC } }
            ) {
              edges {
                node {
                  Id
                  Name {
                    value
                  }
                  Company {
                    value
                  }
                  Email {
                    value
                  }
                  Partner_Overlaps__r(first: 20) {
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
                        Active__c {
                          value
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
          }
        }
      }
    `,
    variables: '$variables',
  })
  wiredResults({ data, errors }) {
    this.errors = this.term ? errors : undefined;
    if (data && this.term) {
      this.resultsFor = this.term;
      this.accounts = nodesOf(data.uiapi.query.Account).map((node) => ({
        id: node.Id,
        name: valueOf(node.Name),
        url: recordUrl('Account', node.Id),
        website: valueOf(node.Website),
        partners: partnersOf(node),
      }));
      this.leads = nodesOf(data.uiapi.query.Lead).map((node) => ({
        id: node.Id,
        name: valueOf(node.Name),
        url: recordUrl('Lead', node.Id),
        company: valueOf(node.Company),
        email: valueOf(node.Email),
        partners: partnersOf(node),
      }));
    }
  }

  get searching() {
    return !!this.term && this.resultsFor !== this.term && !this.errors;
  }

  get showResults() {
    return !!this.term && this.resultsFor === this.term && !this.errors;
  }

  get hasAccounts() {
    return this.accounts.length > 0;
  }

  get hasLeads() {
    return this.leads.length > 0;
  }

  get hasNoResults() {
    return !this.hasAccounts && !this.hasLeads;
  }

  get statusMessage() {
    if (!this.showResults) return '';
    return formatLabel(RESULTS_SUMMARY, this.accounts.length, this.leads.length, this.term);
  }

  handleInput(event) {
    this.input = event.detail.value;
  }

  handleKeyUp(event) {
    if (event.key === 'Enter') this.handleSearch();
  }

  handleSearch() {
    const term = normalizeTerm(this.input);
    const field = this.template.querySelector('lightning-input');
    field.setCustomValidity(term.length >= MIN_TERM_LENGTH ? '' : TOO_SHORT);
    field.reportValidity();
    if (term.length >= MIN_TERM_LENGTH) this.term = term;
  }
}
