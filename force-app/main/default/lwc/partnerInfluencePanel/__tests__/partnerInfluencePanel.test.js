import PartnerInfluencePanel from 'c/partnerInfluencePanel';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import INFLUENCES from './data/graphqlInfluences.json';
import EMPTY from './data/graphqlInfluencesEmpty.json';
import CONVERTED from './data/graphqlInfluencesConverted.json';
import CONVERTED_EMPTY from './data/graphqlInfluencesConvertedEmpty.json';

const OPPORTUNITY_ID = '0065g00000OppAAAAA';
const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];

describe('c-partner-influence-panel', () => {
  afterEach(cleanup);

  it('shows a spinner while loading', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    await flushPromises();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    expect($(element, '.influences')).toBeNull();
  });

  it('queries the opportunity’s influences through the child relationship', async () => {
    mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    await flushPromises();
    const config = graphql.getLastConfig();
    expect(config.variables).toEqual({ opportunityId: OPPORTUNITY_ID });
    expect(config.query).toContain('Partner_Influences__r(first: 50)');
    expect(config.query).toContain('Partner_Owner_Email__c');
  });

  it('lists partners by attribution with role, origin and the owner where shared', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emit(INFLUENCES);
    await flushPromises();
    expect($$(element, '.partner').map((h) => h.textContent)).toEqual(['Northwind Traders', 'Contoso Cloud', 'Fabrikam']);
    expect($$(element, '.role').map((d) => d.textContent)).toEqual(['Sourced', 'Influenced', 'Referral']);
    expect($$(element, '.attribution').map((d) => d.textContent)).toEqual(['60%', '25%', '—']);
    expect($$(element, '.origin').map((d) => d.textContent)).toEqual(['Manual', 'Rule', 'Manual']);
    const contacts = $$(element, '.contact');
    expect(contacts[0].textContent).toContain('Dana Reyes');
    expect(contacts[0].querySelector('a').getAttribute('href')).toBe('mailto:dana.reyes@northwind.example');
    expect(contacts[1].textContent).toBe('c.PL_Contact_Not_Shared');
    expect($(element, 'lightning-badge.sourced').label).toBe('c.PL_Badge_Partner_Sourced');
  });

  it('says why each overlap-backed partner matched, flagging a name-only match, and nothing for a plain tag', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emit(INFLUENCES);
    await flushPromises();
    expect(graphql.getLastConfig().query).toContain('Match_Reason__c');
    const rows = $$(element, '.influences > li');
    const match = (row) => row.querySelector('dd.match');
    // Northwind: a domain match, its reason under the method, no warning
    expect(match(rows[0]).querySelector('.method').textContent).toBe('Domain');
    expect(match(rows[0]).querySelector('.match-reason').textContent).toBe(
      'website northwind.example = northwind.example',
    );
    expect(match(rows[0]).querySelector('.low-confidence')).toBeNull();
    // Contoso: matched on the company name alone, so the rep is told to judge it
    expect(match(rows[1]).querySelector('.method').textContent).toBe('Name');
    expect(match(rows[1]).querySelector('.match-reason').textContent).toBe(
      "name 'Contoso GmbH' ~ 'Contoso Inc' on contoso.de / contoso.com",
    );
    expect(match(rows[1]).querySelector('lightning-badge.low-confidence').label).toBe('c.PL_Overlaps_Low_Confidence');
    // Fabrikam: a manual tag with no overlap behind it has no match line at all
    expect(match(rows[2])).toBeNull();
    expect([...rows[2].querySelectorAll('dt')].map((dt) => dt.textContent)).not.toContain('c.PL_Field_Match_Method');
  });

  it('explains how to add a partner when there is none, without the sourced badge', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emit(EMPTY);
    await flushPromises();
    expect($(element, '.empty').textContent).toBe('c.PL_Panel_Empty');
    expect($(element, 'lightning-badge')).toBeNull();
  });

  it('names the source partner of a deal converted from a partner lead, and says it is not tagged yet', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emit(CONVERTED);
    await flushPromises();
    expect(graphql.getLastConfig().query).toContain('Source_Partner__r');
    expect($(element, 'lightning-badge.sourced')).not.toBeNull();
    // jest resolves labels to their names: the partner's name is the label's argument
    expect($(element, '.source-partner').textContent).toBe('c.PL_Panel_Source_Partner');
    expect($(element, '.source-untagged')).not.toBeNull();
    expect($(element, '.primary-partner')).toBeNull();
    expect($$(element, '.partner').map((h) => h.textContent)).toEqual(['Contoso Cloud']);
  });

  it('names the source and the primary partner of a converted deal with no tags yet', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emit(CONVERTED_EMPTY);
    await flushPromises();
    expect($(element, '.source-partner')).not.toBeNull();
    expect($(element, '.primary-partner')).not.toBeNull();
    expect($(element, '.empty').textContent).toBe('c.PL_Panel_Empty_Sourced');
  });

  it('does not flag the source partner once it has a Sourced tag', async () => {
    const tagged = JSON.parse(JSON.stringify(CONVERTED));
    const row = tagged.uiapi.query.Opportunity.edges[0].node.Partner_Influences__r.edges[0].node;
    row.Partner__c.value = 'a015g00000PtnAAAAA';
    row.Role__c = { value: 'Sourced', displayValue: 'Sourced' };
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emit(tagged);
    await flushPromises();
    expect($(element, '.source-partner')).not.toBeNull();
    expect($(element, '.source-untagged')).toBeNull();
  });

  it('shows the error panel when the query fails', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emitErrors([{ message: 'Insufficient access', locations: [], paths: [] }]);
    await flushPromises();
    expect($(element, 'c-error-panel').errors).toEqual([{ message: 'Insufficient access', locations: [], paths: [] }]);
    expect($(element, 'lightning-spinner')).toBeNull();
  });

  it('opens the tagger to add or edit, then refreshes and announces the save', async () => {
    const refresh = jest.fn().mockResolvedValue();
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emit(INFLUENCES, undefined, refresh);
    await flushPromises();
    expect($(element, 'c-partner-tagger')).toBeNull();

    $(element, 'lightning-button.add').click();
    await flushPromises();
    const tagger = $(element, 'c-partner-tagger');
    expect(tagger.recordId).toBe(OPPORTUNITY_ID);
    expect(tagger.influenceId).toBeUndefined();

    tagger.dispatchEvent(new CustomEvent('cancel'));
    await flushPromises();
    expect($(element, 'c-partner-tagger')).toBeNull();

    const edit = $$(element, 'lightning-button-icon')[1];
    expect(edit.alternativeText).toBe('c.PL_Panel_Edit_Partner');
    edit.click();
    await flushPromises();
    expect($(element, 'c-partner-tagger').influenceId).toBe('a035g00000InfBBAAA');

    $(element, 'c-partner-tagger').dispatchEvent(new CustomEvent('saved', { detail: { id: 'a035g00000InfBBAAA' } }));
    await flushPromises();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect($(element, 'c-partner-tagger')).toBeNull();
    expect($(element, '.status').textContent).toBe('c.PL_Tagger_Saved');
  });

  it('is accessible', async () => {
    const element = mount('c-partner-influence-panel', PartnerInfluencePanel, { recordId: OPPORTUNITY_ID });
    graphql.emit(INFLUENCES);
    await flushPromises();
    await expect(element).toBeAccessible();
  });
});
