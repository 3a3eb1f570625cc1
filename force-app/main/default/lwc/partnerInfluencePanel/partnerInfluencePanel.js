import { LightningElement, api, wire } from 'lwc';
import { gql, graphql } from 'lightning/graphql';
import { displayOf, formatLabel, isLowConfidenceMatch, nodesOf, valueOf } from 'c/ldsUtils';
import { formatNumber } from 'c/localeFormat';
import TITLE from '@salesforce/label/c.PL_Panel_Title';
import PARTNER_SOURCED from '@salesforce/label/c.PL_Badge_Partner_Sourced';
import ADD_PARTNER from '@salesforce/label/c.PL_Panel_Add_Partner';
import EDIT_PARTNER from '@salesforce/label/c.PL_Panel_Edit_Partner';
import EMPTY from '@salesforce/label/c.PL_Panel_Empty';
import LOAD_FAILED from '@salesforce/label/c.PL_Error_Load_Failed';
import LOADING from '@salesforce/label/c.PL_Loading';
import ROLE from '@salesforce/label/c.PL_Field_Role';
import ATTRIBUTION from '@salesforce/label/c.PL_Field_Attribution';
import ORIGIN from '@salesforce/label/c.PL_Field_Origin';
import PARTNER_CONTACT from '@salesforce/label/c.PL_Field_Partner_Contact';
import CONTACT_HIDDEN from '@salesforce/label/c.PL_Contact_Not_Shared';
import SAVED from '@salesforce/label/c.PL_Tagger_Saved';
import REMOVED from '@salesforce/label/c.PL_Tagger_Removed';
import SOURCE_PARTNER from '@salesforce/label/c.PL_Panel_Source_Partner';
import SOURCE_NOT_TAGGED from '@salesforce/label/c.PL_Panel_Source_Not_Tagged';
import PRIMARY_PARTNER from '@salesforce/label/c.PL_Panel_Primary_Partner';
import EMPTY_SOURCED from '@salesforce/label/c.PL_Panel_Empty_Sourced';
import MATCH_METHOD from '@salesforce/label/c.PL_Field_Match_Method';
import LOW_CONFIDENCE from '@salesforce/label/c.PL_Overlaps_Low_Confidence';

/** A Percent field's value (25 for 25%) as a rate for Intl's percent style (0.25); null stays null. */
const percentOf = (value) => (typeof value === 'number' ? value / 100 : null);

/** Opportunity record page: the partners on this deal, with a tagger to add or edit them. */
export default class PartnerInfluencePanel extends LightningElement {
  @api recordId;

  influences = [];
  partnerSourced = false;
  /** Opportunity.Source_Partner__c: the partner of the lead this deal was converted from. */
  sourcePartnerId = null;
  sourcePartnerName = null;
  primaryPartnerName = null;
  errors;
  dataArrived = false;
  refreshData;
  showTagger = false;
  editingId;
  statusMessage = '';

  labels = {
    title: TITLE,
    partnerSourced: PARTNER_SOURCED,
    addPartner: ADD_PARTNER,
    loadFailed: LOAD_FAILED,
    loading: LOADING,
    role: ROLE,
    attribution: ATTRIBUTION,
    origin: ORIGIN,
    partnerContact: PARTNER_CONTACT,
    contactHidden: CONTACT_HIDDEN,
    matchMethod: MATCH_METHOD,
    lowConfidence: LOW_CONFIDENCE,
  };

  get variables() {
    return { opportunityId: this.recordId };
  }

  @wire(graphql, {
    query: gql`
      query partnerInfluences($opportunityId: ID) {
        uiapi {
          query {
            Opportunity(where: { Id: { eq: $opportunityId } }, first: 1) {
              edges {
                node {
                  Id
                  Partner_Sourced__c {
                    value
                  }
                  Source_Partner__c {
                    value
                  }
                  Source_Partner__r {
                    Name {
                      value
                    }
                  }
                  Primary_Partner__r {
                    Name {
                      value
                    }
                  }
                  Partner_Influences__r(first: 50) {
                    edges {
                      node {
                        Id
                        Partner__c {
                          value
                        }
                        Partner__r {
                          Name {
                            value
                          }
                        }
                        Role__c {
                          value
                          displayValue
                        }
                        Attribution_Percent__c {
                          value
                          displayValue
                        }
                        Origin__c {
                          value
                          displayValue
                        }
                        Overlap__r {
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
  wiredInfluences({ data, errors, refresh }) {
    this.refreshData = refresh;
    this.errors = errors;
    if (data) {
      this.dataArrived = true;
      const opportunity = nodesOf(data.uiapi.query.Opportunity)[0];
      this.partnerSourced = valueOf(opportunity?.Partner_Sourced__c) === true;
      this.sourcePartnerId = valueOf(opportunity?.Source_Partner__c);
      this.sourcePartnerName = valueOf(opportunity?.Source_Partner__r?.Name);
      this.primaryPartnerName = valueOf(opportunity?.Primary_Partner__r?.Name);
      this.influences = nodesOf(opportunity?.Partner_Influences__r)
        .map((node) => this.toRow(node))
        .sort((a, b) => (b.attribution ?? -1) - (a.attribution ?? -1) || a.partnerName.localeCompare(b.partnerName));
    }
  }

  toRow(node) {
    const partnerName = valueOf(node.Partner__r?.Name) ?? '';
    const ownerEmail = valueOf(node.Overlap__r?.Partner_Owner_Email__c);
    return {
      id: node.Id,
      partnerId: valueOf(node.Partner__c),
      partnerName,
      roleValue: valueOf(node.Role__c),
      role: displayOf(node.Role__c),
      attribution: valueOf(node.Attribution_Percent__c),
      // the share as the user's locale writes a percentage (25% in en-US, 25 % in de-DE), not the server's text
      attributionDisplay: formatNumber(percentOf(valueOf(node.Attribution_Percent__c)), { style: 'percent', maximumFractionDigits: 2 }) ?? '—',
      origin: displayOf(node.Origin__c),
      // owner fields are empty when the partner's sharing level withholds them
      ownerName: valueOf(node.Overlap__r?.Partner_Owner_Name__c),
      ownerEmail,
      ownerEmailUrl: ownerEmail ? `mailto:${ownerEmail}` : null,
      // why the account overlaps the partner: shown for rows that come from an overlap (Rule rows, linked tags)
      matchMethod: displayOf(node.Overlap__r?.Match_Method__c),
      matchReason: valueOf(node.Overlap__r?.Match_Reason__c),
      lowConfidence: isLowConfidenceMatch(node.Overlap__r?.Match_Method__c),
      editLabel: formatLabel(EDIT_PARTNER, partnerName),
    };
  }

  /** "Sourced by Northwind (from the converted lead)": the deal's source partner, tagged on it or not. */
  get sourcePartnerText() {
    return this.sourcePartnerName ? formatLabel(SOURCE_PARTNER, this.sourcePartnerName) : null;
  }

  /** The source partner has no Sourced influence row on this deal yet, so impact figures do not credit it. */
  get sourcePartnerUntagged() {
    return (
      !!this.sourcePartnerId &&
      !this.influences.some((row) => row.partnerId === this.sourcePartnerId && row.roleValue === 'Sourced')
    );
  }

  get sourceNotTaggedText() {
    return formatLabel(SOURCE_NOT_TAGGED, this.sourcePartnerName ?? '');
  }

  get primaryPartnerText() {
    return this.primaryPartnerName ? formatLabel(PRIMARY_PARTNER, this.primaryPartnerName) : null;
  }

  get emptyText() {
    return this.sourcePartnerName ? EMPTY_SOURCED : EMPTY;
  }

  get loading() {
    return !this.dataArrived && !this.errors;
  }

  get isEmpty() {
    return this.dataArrived && this.influences.length === 0;
  }

  handleAdd() {
    this.editingId = undefined;
    this.showTagger = true;
    this.statusMessage = '';
  }

  handleEdit(event) {
    this.editingId = event.target.dataset.id;
    this.showTagger = true;
    this.statusMessage = '';
  }

  async handleSaved(event) {
    this.showTagger = false;
    this.statusMessage = event.detail?.removed ? REMOVED : SAVED;
    await this.refreshData?.();
    this.focusAddButton();
  }

  handleCancel() {
    this.showTagger = false;
    this.focusAddButton();
  }

  focusAddButton() {
    // wait for the tagger to leave the DOM so focus lands back where the user started
    Promise.resolve().then(() => this.template.querySelector('lightning-button.add')?.focus());
  }
}
