import PartnerImpact from 'c/partnerImpact';
import { graphql } from 'lightning/graphql';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { mount, cleanup, flushPromises } from 'jest-utils';

// label patterns with their placeholders, so the test sees which model each influenced figure names
jest.mock('@salesforce/label/c.PL_Impact_By_Model', () => ({ __esModule: true, default: '{0} ({1})' }), { virtual: true });
jest.mock('@salesforce/label/c.PL_Impact_Model_Note', () => ({ __esModule: true, default: 'Model: {0}' }), { virtual: true });
import IMPACT_DATA from './data/graphqlImpactData.json';
import PAGE_1 from './data/graphqlImpactPage1.json';
import PAGE_2 from './data/graphqlImpactPage2.json';
import OPPORTUNITY_INFO from './data/getObjectInfoOpportunity.json';
import OPPORTUNITY_INFO_MULTI_CURRENCY from './data/getObjectInfoOpportunityMultiCurrency.json';

// The fixture's org, worked out by hand (Recorded model, no date range):
// O1 won 100,000 (created Jan 1, closed Jan 31: 30 days), sourced by Northwind; Northwind 60%, Contoso 40%
// O2 open 50,000 on Northwind's customer account, Contoso 100%; O3 lost, O4 won (60 days): no partners
const NORTHWIND = 'a015g00000PartAAA1';
const CONTOSO = 'a015g00000PartAAA2';

function metric(element, name) {
  return [...element.shadowRoot.querySelectorAll(`[data-metric="${name}"] lightning-formatted-number`)].map((n) => n.value);
}

/** Whether a tile says it has no value (a rate with nothing to divide by), visibly and to screen readers. */
function blank(element, name) {
  const tile = element.shadowRoot.querySelector(`[data-metric="${name}"]`);
  return (
    tile.querySelector('.no-value')?.textContent === '—' &&
    tile.querySelector('.slds-assistive-text')?.textContent === 'c.PL_Impact_No_Value'
  );
}

/**
 * An SLDS table of the component read back as { columns, data }: columns from the header cells (field, type,
 * label), one object per row with its id and each cell's value (the formatted number's value, or the text).
 */
function table(element, name) {
  const node = element.shadowRoot.querySelector(`table.${name}`);
  const columns = [...node.querySelectorAll('thead th')].map((th) => ({
    fieldName: th.dataset.field,
    type: th.dataset.type,
    label: th.textContent.trim(),
  }));
  const data = [...node.querySelectorAll('tbody tr')].map((tr) => {
    const row = { id: tr.dataset.id };
    for (const td of tr.querySelectorAll('td')) {
      const number = td.querySelector('lightning-formatted-number');
      row[td.dataset.field] = number ? number.value : td.querySelector('.no-value') ? null : td.textContent.trim();
    }
    return row;
  });
  return { node, columns, data };
}

/** Mounts the component and answers its getObjectInfo wire (single-currency Opportunity unless told). */
function mountInOrg(props = {}, objectInfo = OPPORTUNITY_INFO) {
  const element = mount('c-partner-impact', PartnerImpact, props);
  getObjectInfo.emit(objectInfo);
  return element;
}

async function mountWithData(props = {}, data = IMPACT_DATA, objectInfo = OPPORTUNITY_INFO) {
  const element = mountInOrg(props, objectInfo);
  graphql.emit(data);
  await flushPromises();
  return element;
}

async function change(element, selector, value) {
  element.shadowRoot.querySelector(selector).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flushPromises();
}

describe('c-partner-impact', () => {
  afterEach(cleanup);

  it('shows a spinner until the data arrives', () => {
    const element = mount('c-partner-impact', PartnerImpact);
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
  });

  it('shows sourced, influenced, lift, lead conversion and potential for all partners', async () => {
    const element = await mountWithData();
    expect(metric(element, 'sourcedPipeline')).toEqual([0]);
    expect(metric(element, 'sourcedRevenue')).toEqual([100000]);
    expect(metric(element, 'influencedPipeline')).toEqual([50000]);
    expect(metric(element, 'influencedRevenue')).toEqual([100000]);
    // with partners: O1 won, O2 open -> 1/1; without: O3 lost, O4 won -> 1/2; cycles 30 vs 60 days
    expect(metric(element, 'winRateWith')).toEqual([1]);
    expect(metric(element, 'winRateWithout')).toEqual([0.5]);
    expect(metric(element, 'winRateLift')).toEqual([50]);
    expect(metric(element, 'cycleWith')).toEqual([30]);
    expect(metric(element, 'cycleWithout')).toEqual([60]);
    // one partner lead, converted; three other leads, one converted
    expect(metric(element, 'leadsPartner')).toEqual([1]);
    expect(metric(element, 'leadsOrdinary')).toEqual([0.3333]);
    expect(metric(element, 'potential')).toEqual([50000]);
    expect(element.shadowRoot.querySelector('lightning-combobox.model').value).toBe('Recorded');
  });

  it('lists partners by revenue with their figures and draws bars scaled to the largest', async () => {
    const element = await mountWithData();
    expect(
      table(element, 'partners').data.map((r) => [
        r.name,
        r.sourcedRevenue,
        r.influencedRevenue,
        r.deals,
        r.potentialPipeline,
        r.overlaps,
      ]),
    ).toEqual([
      ['Northwind', 100000, 60000, 1, 50000, 1],
      ['Contoso', 0, 40000, 2, 0, 1],
    ]);
    const rows = [...element.shadowRoot.querySelectorAll('li.bar-row')];
    expect(rows.map((r) => r.dataset.partner)).toEqual([NORTHWIND, CONTOSO]);
    const widths = rows.map((r) => [r.querySelector('.bar-sourced').style.width, r.querySelector('.bar-influenced').style.width]);
    expect(widths).toEqual([
      ['100%', '60%'],
      ['0%', '40%'],
    ]);
  });

  it('counts "Deals with partner" as deals the partner sourced or touched, not every deal on an overlapping account', async () => {
    const element = await mountWithData();
    // Northwind sourced O1; O2 is only on an account that overlaps Northwind's customer: not Northwind's deal.
    // Contoso touched O1 and O2. The same count as `partnerlens report` (column deals, docs/impact.md).
    expect(table(element, 'partners').data.map((r) => [r.name, r.deals])).toEqual([
      ['Northwind', 1],
      ['Contoso', 2],
    ]);
    expect(table(element, 'partners').columns.find((c) => c.fieldName === 'deals').label).toBe('c.PL_Impact_Deals');
  });

  it('lays the tables out as SLDS tables that stack on narrow screens, with wrapping headers and a label per cell', async () => {
    const element = await mountWithData();
    for (const name of ['partners', 'overlaps']) {
      const { node } = table(element, name);
      expect(node.classList).toContain('slds-max-medium-table_stacked');
      expect([...node.querySelectorAll('th')].every((th) => th.classList.contains('slds-cell-wrap'))).toBe(true);
      expect(node.querySelector('.slds-truncate')).toBeNull();
      const headerLabels = [...node.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      for (const tr of node.querySelectorAll('tbody tr')) {
        expect([...tr.querySelectorAll('td')].map((td) => td.dataset.label)).toEqual(headerLabels);
      }
    }
  });

  it('formats every number one way: whole money, percentages and points with one decimal, whole counts', async () => {
    const element = await mountWithData();
    const numbers = [...element.shadowRoot.querySelectorAll('lightning-formatted-number')];
    const formats = new Set(numbers.map((n) => `${n.formatStyle}:${n.minimumFractionDigits}-${n.maximumFractionDigits}`));
    expect([...formats].sort()).toEqual(['currency:0-0', 'decimal:0-0', 'decimal:1-1', 'percent:1-1']);
    // the lift reads the same in the tile and in the table: points with one decimal
    const lift = (root) => root.querySelector('lightning-formatted-number');
    expect(lift(element.shadowRoot.querySelector('[data-metric="winRateLift"]')).maximumFractionDigits).toBe(1);
    const liftCells = [
      ...table(element, 'partners').node.querySelectorAll('td[data-field="winRateLift"] lightning-formatted-number'),
    ];
    expect(liftCells.map((n) => [n.formatStyle, n.minimumFractionDigits, n.maximumFractionDigits])).toEqual([
      ['decimal', 1, 1],
      ['decimal', 1, 1],
    ]);
    const leadCells = [
      ...table(element, 'partners').node.querySelectorAll('td[data-field="leadConversion"] lightning-formatted-number'),
    ];
    expect(leadCells.every((n) => n.formatStyle === 'percent' && n.minimumFractionDigits === 1)).toBe(true);
  });

  it('shows an empty state, not zero tiles, for a new partner with no deal, lead or overlap', async () => {
    const data = JSON.parse(JSON.stringify(IMPACT_DATA));
    data.uiapi.query.Partner__c.edges.push({ node: { Id: 'a015g00000PartAAA9', Name: { value: 'Tailspin' } } });
    const element = await mountWithData({ recordId: 'a015g00000PartAAA9' }, data);
    const empty = element.shadowRoot.querySelector('.empty');
    expect(empty.getAttribute('role')).toBe('status');
    expect(empty.querySelector('.empty-message').textContent).toBe('c.PL_Impact_Empty_Partner');
    expect(element.shadowRoot.querySelector('dl.metrics')).toBeNull();
    expect(element.shadowRoot.querySelector('table.partners')).toBeNull();
    // a partner with deals still gets its figures
    const northwind = await mountWithData({ recordId: NORTHWIND });
    expect(northwind.shadowRoot.querySelector('.empty')).toBeNull();
    expect(metric(northwind, 'sourcedRevenue')).toEqual([100000]);
  });

  it('shows the empty state on the app page when no partner has anything to measure', async () => {
    const data = JSON.parse(JSON.stringify(IMPACT_DATA));
    data.uiapi.query.Partner__c.edges = [];
    const element = await mountWithData({}, data);
    expect(element.shadowRoot.querySelector('.empty-message').textContent).toBe('c.PL_Impact_Empty_All');
    expect(element.shadowRoot.querySelector('dl.metrics')).toBeNull();
  });

  it('shows the co-selling map by population pair, Customer first', async () => {
    const data = JSON.parse(JSON.stringify(IMPACT_DATA));
    const overlaps = data.uiapi.query.Partner_Overlap__c.edges;
    const contoso = (ours, theirs) => ({
      node: {
        ...overlaps[1].node,
        Id: `a035g00000Ovl${ours}`,
        Our_Population__c: { value: ours },
        Partner_Population__c: { value: theirs },
      },
    });
    overlaps.push(contoso('Prospect', 'Customer'), contoso('Customer', 'Lead'));
    const element = await mountWithData({}, data);
    expect(table(element, 'overlaps').data.map((r) => [r.partner, r.ours, r.theirs, r.count])).toEqual([
      ['Northwind', 'Customer', 'Customer', 1],
      ['Contoso', 'Customer', 'Lead', 1],
      ['Contoso', 'Prospect', 'Customer', 1],
      ['Contoso', 'Lead', 'Prospect', 1],
    ]);
  });

  it('recomputes with another attribution model', async () => {
    const element = await mountWithData();
    await change(element, 'lightning-combobox.model', 'Last touch');
    // O1's last touch is Contoso (Jan 10): all 100,000 to Contoso
    expect(table(element, 'partners').data.map((r) => [r.name, r.influencedRevenue])).toEqual([
      ['Contoso', 100000],
      ['Northwind', 0],
    ]);
    expect(metric(element, 'influencedRevenue')).toEqual([100000]);
  });

  it('names the attribution model on every influenced figure, and follows a change of model', async () => {
    const element = await mountWithData();
    const influencedTile = () => element.shadowRoot.querySelector('[data-metric="influencedRevenue"] dt').textContent;
    const influencedColumn = () => table(element, 'partners').columns.find((c) => c.fieldName === 'influencedRevenue').label;
    expect(influencedTile()).toBe('c.PL_Impact_Influenced_Revenue (c.PL_Impact_Model_Recorded)');
    expect(influencedColumn()).toBe('c.PL_Impact_Influenced_Revenue (c.PL_Impact_Model_Recorded)');
    expect(element.shadowRoot.querySelector('.model-note').textContent).toBe('Model: c.PL_Impact_Model_Recorded');
    await change(element, 'lightning-combobox.model', 'Even split');
    expect(influencedTile()).toBe('c.PL_Impact_Influenced_Revenue (c.PL_Impact_Model_Even_Split)');
    expect(element.shadowRoot.querySelector('.model-note').textContent).toBe('Model: c.PL_Impact_Model_Even_Split');
  });

  it('limits the figures to a date range', async () => {
    const element = await mountWithData();
    await change(element, 'lightning-input.from', '2026-03-01');
    await change(element, 'lightning-input.to', '2026-12-31');
    // O2 (open, closes Jun 30), O3 (lost, Mar 1) and O4 (won, Mar 2) are left: no closed partner deal
    expect(metric(element, 'sourcedRevenue')).toEqual([0]);
    expect(metric(element, 'influencedPipeline')).toEqual([50000]);
    // no closed partner deal: a dash, not an empty tile or 0%
    expect(metric(element, 'winRateWith')).toEqual([]);
    expect(blank(element, 'winRateWith')).toBe(true);
    expect(metric(element, 'winRateWithout')).toEqual([0.5]);
    expect(blank(element, 'winRateWithout')).toBe(false);
    // leads are all created before March
    expect(blank(element, 'leadsOrdinary')).toBe(true);
    await change(element, 'lightning-input.from', '2027-01-01');
    expect(element.shadowRoot.querySelector('.no-deals')).not.toBeNull();
    expect(element.shadowRoot.querySelector('lightning-datatable.partners')).toBeNull();
  });

  it("shows only the record's partner on a Partner__c page", async () => {
    const element = await mountWithData({ recordId: CONTOSO });
    expect(table(element, 'partners').data.map((r) => r.name)).toEqual(['Contoso']);
    // Contoso sourced nothing; 40% of O1 won, all of O2 open
    expect(metric(element, 'sourcedRevenue')).toEqual([0]);
    expect(metric(element, 'influencedRevenue')).toEqual([40000]);
    expect(metric(element, 'influencedPipeline')).toEqual([50000]);
  });

  it('uses the model configured in Partner_Sync_Setting__c', async () => {
    const data = JSON.parse(JSON.stringify(IMPACT_DATA));
    data.uiapi.query.Partner_Sync_Setting__c.edges[0].node.Attribution_Model__c.value = 'Even split';
    const element = await mountWithData({}, data);
    expect(element.shadowRoot.querySelector('lightning-combobox.model').value).toBe('Even split');
    // O1 split 50/50: Northwind 50,000
    expect(table(element, 'partners').data.map((r) => [r.name, r.influencedRevenue])).toEqual([
      ['Northwind', 50000],
      ['Contoso', 50000],
    ]);
  });

  it('asks for the first page with no cursors', async () => {
    mount('c-partner-impact', PartnerImpact);
    await flushPromises();
    expect(graphql.getLastConfig().variables).toEqual({
      partnerAfter: null,
      opportunityAfter: null,
      overlapAfter: null,
      leadAfter: null,
    });
  });

  it("reads the next page after each kind's endCursor and shows the totals over both pages", async () => {
    const element = mountInOrg();
    graphql.emit(PAGE_1);
    await flushPromises();
    // opportunities and leads have a next page: the wire asks again, after page 1's endCursors; the
    // finished kinds stay after their last record (an empty page)
    expect(graphql.getLastConfig().variables).toEqual({
      partnerAfter: PAGE_1.uiapi.query.Partner__c.pageInfo.endCursor,
      opportunityAfter: PAGE_1.uiapi.query.Opportunity.pageInfo.endCursor,
      overlapAfter: PAGE_1.uiapi.query.Partner_Overlap__c.pageInfo.endCursor,
      leadAfter: PAGE_1.uiapi.query.Lead.pageInfo.endCursor,
    });
    expect(graphql.getLastConfig().variables.opportunityAfter).toBe('djE6MQ==');
    // no figures from part of the org: still loading
    expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
    expect(element.shadowRoot.querySelector('dl.metrics')).toBeNull();

    graphql.emit(PAGE_2);
    await flushPromises();
    expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    expect(element.shadowRoot.querySelector('.truncated')).toBeNull();
    // the hand-worked totals need both pages: O1, O2 and two leads on page 1; O3, O4 and two leads on page 2
    expect(metric(element, 'sourcedRevenue')).toEqual([100000]);
    expect(metric(element, 'influencedPipeline')).toEqual([50000]);
    expect(metric(element, 'winRateWith')).toEqual([1]);
    expect(metric(element, 'winRateWithout')).toEqual([0.5]);
    expect(metric(element, 'cycleWithout')).toEqual([60]);
    expect(metric(element, 'leadsPartner')).toEqual([1]);
    expect(metric(element, 'leadsOrdinary')).toEqual([0.3333]);
    expect(table(element, 'partners').data.map((r) => [r.name, r.deals])).toEqual([
      ['Northwind', 1],
      ['Contoso', 2],
    ]);
  });

  it('counts a page that arrives twice once', async () => {
    const element = mountInOrg();
    graphql.emit(PAGE_1);
    await flushPromises();
    graphql.emit(PAGE_1);
    await flushPromises();
    graphql.emit(PAGE_2);
    await flushPromises();
    expect(metric(element, 'winRateWithout')).toEqual([0.5]);
    expect(metric(element, 'leadsOrdinary')).toEqual([0.3333]);
    expect(table(element, 'partners').data.map((r) => r.deals)).toEqual([1, 2]);
  });

  it('stops at 50,000 records of a kind and says the figures are cut', async () => {
    const element = mountInOrg();
    const lead = (i) => ({
      node: {
        Id: `00Q5g0000${String(i).padStart(9, '0')}`,
        Partner_Sourced__c: { value: false },
        Source_Partner__c: { value: null },
        IsConverted: { value: i % 2 === 0 },
        CreatedDate: { value: '2026-01-15T09:00:00.000Z' },
      },
    });
    let requests = 0;
    for (let page = 0; page < 26; page++) {
      const data = JSON.parse(JSON.stringify(IMPACT_DATA));
      const edges = Array.from({ length: 2000 }, (_, i) => lead(page * 2000 + i));
      const endCursor = btoa(`v1:${page * 2000 + 1999}`);
      data.uiapi.query.Lead = { edges, pageInfo: { hasNextPage: true, endCursor } };
      graphql.emit(data);
      // eslint-disable-next-line no-await-in-loop
      await flushPromises();
      if (graphql.getLastConfig().variables.leadAfter === endCursor) requests += 1;
    }
    // 25 pages of 2,000 were asked for; the 25th still had a next page, so the read stopped there
    expect(requests).toBe(24);
    expect(element.shadowRoot.querySelector('.truncated').textContent).toBe('c.PL_Impact_Truncated');
    expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    expect(metric(element, 'leadsOrdinary')).toEqual([0.5]);
    const complete = await mountWithData();
    expect(complete.shadowRoot.querySelector('.truncated')).toBeNull();
  });

  it('shows load errors in the error panel', async () => {
    const element = mount('c-partner-impact', PartnerImpact);
    graphql.emitErrors([{ message: 'Field Partner__c is not accessible' }]);
    await flushPromises();
    const panel = element.shadowRoot.querySelector('c-error-panel');
    expect(panel.errors).toEqual([{ message: 'Field Partner__c is not accessible' }]);
    expect(panel.friendlyMessage).toBe('c.PL_Impact_Load_Failed');
    expect(element.shadowRoot.querySelector('dl.metrics')).toBeNull();
  });

  it('shows the error of a later page and no figures from the pages before it', async () => {
    const element = mount('c-partner-impact', PartnerImpact);
    graphql.emit(PAGE_1);
    await flushPromises();
    graphql.emitErrors([{ message: 'Invalid cursor' }]);
    await flushPromises();
    expect(element.shadowRoot.querySelector('c-error-panel').errors).toEqual([{ message: 'Invalid cursor' }]);
    expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    expect(element.shadowRoot.querySelector('dl.metrics')).toBeNull();
  });

  it('is accessible', async () => {
    const element = await mountWithData();
    await expect(element).toBeAccessible();
  });

  describe('currencies', () => {
    const MONEY_TILES = ['sourcedPipeline', 'sourcedRevenue', 'influencedPipeline', 'influencedRevenue', 'potential'];
    const RATE_TILES = [
      'winRateWith',
      'winRateWithout',
      'winRateLift',
      'cycleWith',
      'cycleWithout',
      'leadsPartner',
      'leadsOrdinary',
    ];
    const tileKeys = (element) => [...element.shadowRoot.querySelectorAll('[data-metric]')].map((t) => t.dataset.metric);
    const moneyNumbers = (element) =>
      [...element.shadowRoot.querySelectorAll('lightning-formatted-number')].filter((n) => n.formatStyle === 'currency');

    it("asks for Opportunity's object info", () => {
      mount('c-partner-impact', PartnerImpact);
      expect(getObjectInfo.getLastConfig()).toEqual({ objectApiName: { objectApiName: 'Opportunity' } });
    });

    it('shows every figure, money included, when Opportunity has no CurrencyIsoCode (a single-currency org)', async () => {
      const element = await mountWithData();
      expect(element.shadowRoot.querySelector('.multi-currency')).toBeNull();
      expect(tileKeys(element)).toEqual([...MONEY_TILES.slice(0, 4), ...RATE_TILES, 'potential']);
      expect(element.shadowRoot.querySelectorAll('li.bar-row')).toHaveLength(2);
      expect(
        table(element, 'partners')
          .columns.filter((c) => c.type === 'currency')
          .map((c) => c.fieldName),
      ).toEqual(['sourcedPipeline', 'sourcedRevenue', 'influencedRevenue', 'potentialPipeline']);
    });

    it('waits for the object info before showing any figure', async () => {
      const element = mount('c-partner-impact', PartnerImpact);
      graphql.emit(IMPACT_DATA);
      await flushPromises();
      // every page is in, but whether the amounts can be added up is not known yet
      expect(element.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
      expect(element.shadowRoot.querySelector('dl.metrics')).toBeNull();
      getObjectInfo.emit(OPPORTUNITY_INFO);
      await flushPromises();
      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
      expect(metric(element, 'sourcedRevenue')).toEqual([100000]);
    });

    it('shows a notice and no money figure when Opportunity has CurrencyIsoCode (a multi-currency org)', async () => {
      const element = await mountWithData({}, IMPACT_DATA, OPPORTUNITY_INFO_MULTI_CURRENCY);
      const notice = element.shadowRoot.querySelector('.multi-currency');
      expect(notice.getAttribute('role')).toBe('status');
      expect(notice.classList).toContain('slds-scoped-notification');
      expect(notice.textContent).toBe('c.PL_Impact_Multi_Currency');
      // no money tiles, bars or money columns; counts and rates as in a single-currency org
      expect(tileKeys(element)).toEqual(RATE_TILES);
      expect(moneyNumbers(element)).toEqual([]);
      expect(element.shadowRoot.querySelector('ul.chart')).toBeNull();
      expect(element.shadowRoot.querySelectorAll('li.bar-row')).toHaveLength(0);
      expect(metric(element, 'winRateWith')).toEqual([1]);
      expect(metric(element, 'winRateWithout')).toEqual([0.5]);
      expect(metric(element, 'winRateLift')).toEqual([50]);
      expect(metric(element, 'cycleWithout')).toEqual([60]);
      expect(metric(element, 'leadsOrdinary')).toEqual([0.3333]);
      const partners = table(element, 'partners');
      expect(partners.columns.map((c) => c.fieldName)).toEqual(['name', 'deals', 'winRateLift', 'leadConversion', 'overlaps']);
      // by name, not by revenue (Northwind first by revenue): amounts of several currencies order nothing
      expect(partners.data.map((r) => [r.name, r.deals, r.overlaps])).toEqual([
        ['Contoso', 2, 1],
        ['Northwind', 1, 1],
      ]);
      expect(Object.keys(partners.data[0]).sort()).toEqual(['deals', 'id', 'leadConversion', 'name', 'overlaps', 'winRateLift']);
      expect(table(element, 'overlaps').data).toHaveLength(2);
    });

    it('keeps money hidden when the model, the range or the partner changes', async () => {
      const element = await mountWithData({ recordId: CONTOSO }, IMPACT_DATA, OPPORTUNITY_INFO_MULTI_CURRENCY);
      await change(element, 'lightning-combobox.model', 'Last touch');
      await change(element, 'lightning-input.from', '2026-01-01');
      expect(element.shadowRoot.querySelector('.multi-currency')).not.toBeNull();
      expect(tileKeys(element)).toEqual(RATE_TILES);
      expect(moneyNumbers(element)).toEqual([]);
      expect(table(element, 'partners').data.map((r) => r.name)).toEqual(['Contoso']);
    });

    it('shows a failed object info read in the error panel, with no figures', async () => {
      const element = mount('c-partner-impact', PartnerImpact);
      graphql.emit(IMPACT_DATA);
      getObjectInfo.error();
      await flushPromises();
      const panel = element.shadowRoot.querySelector('c-error-panel');
      expect(panel.errors).toMatchObject({ status: 404, body: [{ errorCode: 'NOT_FOUND' }] });
      expect(panel.friendlyMessage).toBe('c.PL_Impact_Load_Failed');
      expect(element.shadowRoot.querySelector('lightning-spinner')).toBeNull();
      expect(element.shadowRoot.querySelector('dl.metrics')).toBeNull();
    });

    it('is accessible with the multi-currency notice', async () => {
      const element = await mountWithData({}, IMPACT_DATA, OPPORTUNITY_INFO_MULTI_CURRENCY);
      expect(element.shadowRoot.querySelector('.multi-currency')).not.toBeNull();
      await expect(element).toBeAccessible();
    });
  });
});
