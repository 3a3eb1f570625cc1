import { LightningElement, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { displayOf, formatLabel, nodesOf, valueOf } from 'c/ldsUtils';
import { formatNumber } from 'c/localeFormat';
import TITLE from '@salesforce/label/c.PL_Lookup_Title';
import SEARCH_LABEL from '@salesforce/label/c.PL_Lookup_Search_Label';
import SEARCH_PLACEHOLDER from '@salesforce/label/c.PL_Lookup_Search_Placeholder';
import SEARCH from '@salesforce/label/c.PL_Action_Search';
import TOO_SHORT from '@salesforce/label/c.PL_Lookup_Too_Short';
import TYPE_SOMETHING from '@salesforce/label/c.PL_Lookup_Type_Something';
import ACCOUNTS from '@salesforce/label/c.PL_Lookup_Accounts';
import LEADS from '@salesforce/label/c.PL_Lookup_Leads';
import NO_RESULTS from '@salesforce/label/c.PL_Lookup_No_Results';
import RESULTS_SUMMARY from '@salesforce/label/c.PL_Lookup_Results_Summary';
import EMAIL_SUMMARY from '@salesforce/label/c.PL_Lookup_Email_Summary';
import ACCOUNT_ONE from '@salesforce/label/c.PL_Lookup_Count_Account_One';
import ACCOUNT_MANY from '@salesforce/label/c.PL_Lookup_Count_Account_Many';
import LEAD_ONE from '@salesforce/label/c.PL_Lookup_Count_Lead_One';
import LEAD_MANY from '@salesforce/label/c.PL_Lookup_Count_Lead_Many';
import SHOWING from '@salesforce/label/c.PL_Lookup_Showing';
import ACCOUNT_PAGES from '@salesforce/label/c.PL_Lookup_Account_Pages';
import LEAD_PAGES from '@salesforce/label/c.PL_Lookup_Lead_Pages';
import PREVIOUS from '@salesforce/label/c.PL_Lookup_Previous';
import NEXT from '@salesforce/label/c.PL_Lookup_Next';
import NO_OVERLAPS from '@salesforce/label/c.PL_Lookup_No_Overlaps';
import COL_NAME from '@salesforce/label/c.PL_Field_Name';
import COL_WEBSITE from '@salesforce/label/c.PL_Field_Website';
import COL_COMPANY from '@salesforce/label/c.PL_Field_Company';
import COL_EMAIL from '@salesforce/label/c.PL_Field_Email';
import COL_PARTNERS from '@salesforce/label/c.PL_Lookup_Partner_Overlaps';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';

const MIN_TERM_LENGTH = 2;
export const PAGE_SIZE = 25;

/** What users paste: a company name, a domain, a URL or an e-mail address. Reduced to the part worth matching. */
export function normalizeTerm(input) {
  return (input ?? '')
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/[/?#].*$/, '');
}

/**
 * How a term is searched. An e-mail address (or `@domain`) searches its domain: accounts whose name or website
 * holds it and leads whose e-mail is at it. Anything else: accounts by name or website, leads by company or e-mail.
 * @return {{ accounts: string, leads: string, emailDomain: string|null }} SOQL LIKE patterns
 */
export function searchOf(term) {
  const at = term.lastIndexOf('@');
  if (at >= 0) {
    const domain = term.slice(at + 1).toLowerCase();
    return { accounts: `%${escapeLike(domain)}%`, leads: `%@${escapeLike(domain)}`, emailDomain: domain };
  }
  return { accounts: `%${escapeLike(term)}%`, leads: `%${escapeLike(term)}%`, emailDomain: null };
}

/** A term with the SOQL LIKE wildcards escaped. */
function escapeLike(term) {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** "1 account", "36 accounts": singular and plural are labels of their own, numbers in the user's locale. */
export function countOf(count, one, many) {
  return count === 1 ? one : formatLabel(many, formatNumber(count));
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

/**
 * One paged result list (accounts or leads): the rows of the current page, the true total (totalCount) and the
 * cursors of the pages shown so far ([null, endCursor of page 1, ...]).
 */
function emptyList() {
  return { rows: [], total: 0, hasNextPage: false, nextCursor: null, cursors: [null], loadedFor: null };
}

/** App page: search a company name, domain or e-mail address across accounts and leads; which partners overlap them. */
export default class OverlapLookup extends LightningElement {
  input = '';
  term = '';
  accounts = emptyList();
  leads = emptyList();
  accountErrors;
  leadErrors;
  hint = '';

  labels = {
    title: TITLE,
    searchLabel: SEARCH_LABEL,
    searchPlaceholder: SEARCH_PLACEHOLDER,
    search: SEARCH,
    accounts: ACCOUNTS,
    leads: LEADS,
    noResults: NO_RESULTS,
    accountPages: ACCOUNT_PAGES,
    leadPages: LEAD_PAGES,
    previous: PREVIOUS,
    next: NEXT,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
  };

  // SLDS tables that stack into label/value pairs below the medium breakpoint (a datatable squeezes its columns
  // to a few letters on a phone)
  columns = { name: COL_NAME, website: COL_WEBSITE, company: COL_COMPANY, email: COL_EMAIL, partners: COL_PARTNERS };

  get search() {
    return this.term ? searchOf(this.term) : null;
  }

  // undefined until a search is submitted, so nothing is queried for an empty page
  get accountVariables() {
    const search = this.search;
    if (!search) return undefined;
    return { term: search.accounts, pageSize: PAGE_SIZE, after: this.accounts.cursors[this.accounts.cursors.length - 1] };
  }

  get leadVariables() {
    const search = this.search;
    if (!search) return undefined;
    return { term: search.leads, pageSize: PAGE_SIZE, after: this.leads.cursors[this.leads.cursors.length - 1] };
  }

  @wire(graphql, {
    query: gql`
      query overlapLookupAccounts($term: String, $pageSize: Int, $after: String) {
        uiapi {
          query {
            Account(
              where: { or: [{ Name: { like: $term } }, { Website: { like: $term } }] }
              first: $pageSize
              after: $after
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
    variables: '$accountVariables',
  })
  wiredAccounts({ data, errors }) {
    this.accountErrors = this.term ? errors : undefined;
    if (data && this.term) {
      this.accounts = this.pageOf(this.accounts, data.uiapi.query.Account, (node) => ({
        id: node.Id,
        name: valueOf(node.Name),
        url: recordUrl('Account', node.Id),
        website: valueOf(node.Website),
        partners: partnersOf(node),
      }));
    }
  }

  @wire(graphql, {
    query: gql`
      query overlapLookupLeads($term: String, $pageSize: Int, $after: String) {
        uiapi {
          query {
            Lead(
              where: { or: [{ Company: { like: $term } }, { Email: { like: $term } }] }
              first: $pageSize
              after: $after
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
    variables: '$leadVariables',
  })
  wiredLeads({ data, errors }) {
    this.leadErrors = this.term ? errors : undefined;
    if (data && this.term) {
      this.leads = this.pageOf(this.leads, data.uiapi.query.Lead, (node) => ({
        id: node.Id,
        name: valueOf(node.Name),
        url: recordUrl('Lead', node.Id),
        company: valueOf(node.Company),
        email: valueOf(node.Email),
        partners: partnersOf(node),
      }));
    }
  }

  /** The list after a page of `connection` arrived for the current search. */
  pageOf(list, connection, toRow) {
    const rows = nodesOf(connection).map(toRow);
    return {
      ...list,
      rows,
      total: connection?.totalCount ?? rows.length,
      hasNextPage: connection?.pageInfo?.hasNextPage === true,
      nextCursor: connection?.pageInfo?.endCursor ?? null,
      loadedFor: `${this.term}\u0000${list.cursors.length}`,
    };
  }

  get errors() {
    return this.accountErrors || this.leadErrors;
  }

  // a list is current when its page for this search and page number has arrived
  isCurrent(list) {
    return list.loadedFor === `${this.term}\u0000${list.cursors.length}`;
  }

  get searching() {
    return !!this.term && !this.errors && !(this.isCurrent(this.accounts) && this.isCurrent(this.leads));
  }

  get showResults() {
    return !!this.term && !this.errors && this.isCurrent(this.accounts) && this.isCurrent(this.leads);
  }

  get hasAccounts() {
    return this.accounts.rows.length > 0;
  }

  get hasLeads() {
    return this.leads.rows.length > 0;
  }

  get hasNoResults() {
    return !this.hasAccounts && !this.hasLeads;
  }

  get accountPager() {
    return this.pagerOf(this.accounts);
  }

  get leadPager() {
    return this.pagerOf(this.leads);
  }

  pagerOf(list) {
    const first = (list.cursors.length - 1) * PAGE_SIZE + 1;
    return {
      show: list.hasNextPage || list.cursors.length > 1,
      range: formatLabel(SHOWING, formatNumber(first), formatNumber(first + list.rows.length - 1), formatNumber(list.total)),
      previousDisabled: list.cursors.length <= 1,
      nextDisabled: !list.hasNextPage,
    };
  }

  get accountHeading() {
    return `${ACCOUNTS} (${formatNumber(this.accounts.total)})`;
  }

  get leadHeading() {
    return `${LEADS} (${formatNumber(this.leads.total)})`;
  }

  /** "36 accounts and 73 leads match acme." — the true totals, not the rows of a page. */
  get summary() {
    if (!this.showResults) return '';
    const accounts = countOf(this.accounts.total, ACCOUNT_ONE, ACCOUNT_MANY);
    const leads = countOf(this.leads.total, LEAD_ONE, LEAD_MANY);
    const domain = this.search.emailDomain;
    return domain
      ? formatLabel(EMAIL_SUMMARY, accounts, leads, domain)
      : formatLabel(RESULTS_SUMMARY, accounts, leads, this.term);
  }

  get statusMessage() {
    return this.summary || this.hint;
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
    if (term === '') {
      // a blank search clears the last result instead of leaving it under an empty box
      field.setCustomValidity('');
      field.reportValidity();
      this.term = '';
      this.accounts = emptyList();
      this.leads = emptyList();
      this.hint = TYPE_SOMETHING;
      return;
    }
    field.setCustomValidity(term.length >= MIN_TERM_LENGTH ? '' : TOO_SHORT);
    field.reportValidity();
    if (term.length < MIN_TERM_LENGTH) return;
    this.hint = '';
    if (term !== this.term) {
      this.accounts = emptyList();
      this.leads = emptyList();
    }
    this.term = term;
  }

  handleNext(event) {
    const list = event.currentTarget.dataset.list;
    const current = this[list];
    if (!current.hasNextPage || !current.nextCursor) return;
    this[list] = { ...current, cursors: [...current.cursors, current.nextCursor] };
  }

  handlePrevious(event) {
    const list = event.currentTarget.dataset.list;
    const current = this[list];
    if (current.cursors.length <= 1) return;
    this[list] = { ...current, cursors: current.cursors.slice(0, -1) };
  }
}
