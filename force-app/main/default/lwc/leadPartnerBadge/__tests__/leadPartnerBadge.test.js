import LeadPartnerBadge from 'c/leadPartnerBadge';
import { getRecord } from 'lightning/uiRecordApi';
import { graphql } from 'lightning/graphql';
import { mount, cleanup, flushPromises } from 'jest-utils';
import GET_RECORD from './data/getRecord.json';
import NOT_SOURCED from './data/getRecordNotSourced.json';
import PARTNERS from './data/graphqlLeadOverlaps.json';

const LEAD_ID = '00Q5g00000LeadAAAA';
const $ = (element, selector) => element.shadowRoot.querySelector(selector);

describe('c-lead-partner-badge', () => {
  afterEach(cleanup);

  it('shows a spinner while loading and asks for the partner fields', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    await flushPromises();
    expect($(element, 'lightning-spinner')).not.toBeNull();
    const config = getRecord.getLastConfig();
    expect(config.recordId).toBe(LEAD_ID);
    expect(config.optionalFields.map((f) => f.fieldApiName)).toEqual([
      'Partner_Sourced__c',
      'Source_Partner__r.Name',
      'Partner_Referral_Date__c',
    ]);
    expect(graphql.getLastConfig().variables).toEqual({ recordId: LEAD_ID });
    const query = graphql.getLastConfig().query.replace(/\s+/g, ' ');
    // disputed pairs are read (and left out by the component), so the wire holds them: see the undo test below
    expect(query).toContain('where: { and: [{ Lead__c: { eq: $recordId } }, { Active__c: { eq: true } }] }');
    expect(query).toContain('Disputed__c { value }');
  });

  it('leaves out a pair marked "Not a match" and names its partner again when the rep undoes it', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.emit(GET_RECORD);
    // the org's answer once Contoso Cloud's pair is disputed: the query still returns it, Disputed__c true
    const withContoso = (disputed) => {
      const data = JSON.parse(JSON.stringify(PARTNERS));
      for (const { node } of data.uiapi.query.Partner_Overlap__c.edges) {
        if (node.Partner__r.Name.value === 'Contoso Cloud') node.Disputed__c.value = disputed;
      }
      return data;
    };
    graphql.emit(withContoso(true));
    await flushPromises();
    expect($(element, '.overlapping-partners').textContent).toBe('Northwind Traders');
    // the undo's updateRecord writes Disputed__c false on a record the wire holds: LDS emits the same result with
    // the new value (it would not re-run a query whose filter had dropped the pair)
    graphql.emit(withContoso(false));
    await flushPromises();
    expect($(element, '.overlapping-partners').textContent).toBe('Contoso Cloud, Northwind Traders');
  });

  it('shows the sourced badge, partner, referral date and the overlapping partners by name', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.emit(GET_RECORD);
    graphql.emit(PARTNERS);
    await flushPromises();
    expect($(element, 'lightning-badge.sourced').label).toBe('c.PL_Badge_Partner_Sourced');
    expect($(element, '.source-partner').textContent).toBe('Northwind Traders');
    // the date as every screen writes one (the user's medium date format), not the server's displayValue 3/14/2026
    expect($(element, '.referral-date').textContent).toBe('Mar 14, 2026');
    // by name, once each, not 'Partner overlaps 3'
    expect($(element, '.overlapping-partners').textContent).toBe('Contoso Cloud, Northwind Traders');
  });

  it('says the lead is not partner-sourced and shows empty values', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.emit(NOT_SOURCED);
    await flushPromises();
    expect($(element, 'lightning-badge')).toBeNull();
    expect($(element, '.not-sourced').textContent).toBe('c.PL_Lead_Not_Sourced');
    expect($(element, '.source-partner').textContent).toBe('—');
    expect($(element, '.referral-date').textContent).toBe('—');
    expect($(element, '.overlapping-partners').textContent).toBe('c.PL_Lead_No_Overlaps');
  });

  it('shows the error panel when the record cannot be read', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.error();
    await flushPromises();
    const panel = $(element, 'c-error-panel');
    expect(panel.errors.status).toBe(404);
    expect(panel.friendlyMessage).toBe('c.PL_Error_Load_Failed');
  });

  it('is accessible', async () => {
    const element = mount('c-lead-partner-badge', LeadPartnerBadge, { recordId: LEAD_ID });
    getRecord.emit(GET_RECORD);
    await flushPromises();
    await expect(element).toBeAccessible();
  });
});
