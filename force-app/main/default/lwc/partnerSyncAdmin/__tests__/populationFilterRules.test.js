// The shared table of population filter cases (c/populationFilter/__tests__/data/filterCases.json), typed into the
// admin component with the real label texts: each refused filter shows on its field the very reason the sync gives
// (test/config/populationFilter.test.ts runs the same table through the sync) and is never saved.
const { readFileSync } = require('fs');
const path = require('path');

const LABELS_FILE = path.resolve('force-app/main/default/labels/PopulationFilter.labels-meta.xml');
// label values are plain text or CDATA (the operators' "<" and ">")
const labelTexts = [
  ...readFileSync(LABELS_FILE, 'utf8').matchAll(
    /<fullName>(\w+)<\/fullName>[\s\S]*?<value>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/value>/g,
  ),
].map(([, name, cdata, plain]) => [name, cdata ?? plain.replace(/&quot;/g, '"').replace(/&amp;/g, '&')]);
for (const [name, value] of labelTexts) {
  jest.doMock(`@salesforce/label/c.${name}`, () => ({ __esModule: true, default: value }), { virtual: true });
}

const { default: PartnerSyncAdmin } = require('c/partnerSyncAdmin');
const { graphql } = require('lightning/graphql');
const { updateRecord } = require('lightning/uiRecordApi');
const { mount, cleanup, flushPromises } = require('jest-utils');
const ADMIN = require('./data/graphqlAdmin.json');
const CASES = require('../../populationFilter/__tests__/data/filterCases.json');

const FIELD_OF = { Account: 'Customer_Filter__c', Lead: 'Lead_Filter__c' };
// a blank filter is not a refusal in the component: it means the default filter
const TYPED = CASES.filter((c) => c.filter.trim() !== '');

describe('c-partner-sync-admin population filters (the table shared with the sync)', () => {
  afterEach(cleanup);

  it('has the label texts', () => {
    expect(labelTexts.length).toBeGreaterThan(10);
  });

  async function typeAndSave(object, filter) {
    const element = mount('c-partner-sync-admin', PartnerSyncAdmin);
    await flushPromises();
    graphql.emit(ADMIN, (config) => config.query?.includes('query partnerSyncAdmin'), jest.fn().mockResolvedValue());
    await flushPromises();
    const field = element.shadowRoot.querySelector(`[data-field="${FIELD_OF[object]}"]`);
    const setCustomValidity = jest.spyOn(field, 'setCustomValidity');
    field.dispatchEvent(new CustomEvent('change', { detail: { value: filter } }));
    element.shadowRoot.querySelector('lightning-button.settings-save').click();
    await flushPromises();
    return setCustomValidity;
  }

  it.each(TYPED.filter((c) => c.ok))('saves $object WHERE $filter', async ({ object, filter }) => {
    const setCustomValidity = await typeAndSave(object, filter);
    expect(setCustomValidity).toHaveBeenLastCalledWith('');
    expect(updateRecord).toHaveBeenCalledTimes(1);
  });

  it.each(TYPED.filter((c) => !c.ok))(
    "refuses $object WHERE $filter with the sync's reason",
    async ({ object, filter, reason }) => {
      const setCustomValidity = await typeAndSave(object, filter);
      expect(setCustomValidity).toHaveBeenLastCalledWith(reason);
      expect(updateRecord).not.toHaveBeenCalled();
    },
  );
});
