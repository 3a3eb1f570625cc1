// Issue 19, impact tables, in the browser at 1366 and 400 px: every header and amount of the partner impact
// tables readable on the Partner page and PartnerLens Home (wrapping headers; stacked rows on a phone), "Deals
// with partner" the same count `partnerlens report` gives on the same org, one number format, and an empty state
// for a partner with nothing to measure. Screenshots: test-results/screenshots/issue19-impact-*.
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { runImpactReport } from '../../src/impact/report';
import { reportRows } from '../../src/impact/render';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import type { PreviewServer } from '../../src/preview/server';
import { launchBrowser, screenshot, servePreview, visit } from './harness';
import { seedFixture, type Fixture } from './fixture';

jest.setTimeout(240_000);

const label = readCustomLabels(path.join(__dirname, '..', '..', 'force-app'));
const WIDTHS = [1366, 400] as const;

let browser: Browser;
let org: LocalOrg;
let server: PreviewServer;
let fx: Fixture;

beforeAll(async () => {
  browser = await launchBrowser();
  org = await startLocalOrg();
  fx = seedFixture(org.store);
  server = await servePreview(org);
});

afterAll(async () => {
  await server?.close();
  await org?.stop();
  await browser?.close();
});

/** A fresh page at `width`, failing on any browser error. */
const at = (width: number, url: string, run: (page: Page) => Promise<void>): Promise<void> => visit(browser, url, run, { width, locale: 'en-US' });

// The checks below run in the page; the tests are typed without the DOM library, so the little of it they use
// is declared here.
interface Cell {
  textContent: string | null;
  innerText: string;
  scrollWidth: number;
  clientWidth: number;
  offsetParent: unknown;
  dataset: Record<string, string | undefined>;
  parentElement: Cell | null;
  closest(selector: string): Cell | null;
  querySelectorAll(selector: string): Iterable<Cell>;
  getBoundingClientRect(): { width: number; right: number };
}
type Window = { getComputedStyle(cell: Cell, pseudo?: string): { position: string; content: string } };

/**
 * Cells (headers and data) whose text is cut: wider than the cell shows. The header row a stacked table hides
 * for screen readers only (SLDS clips it to 1 px and labels each cell instead) is not shown, so not cut.
 */
const cutCells = (table: Locator): Promise<string[]> =>
  table.evaluate((node) => {
    const style = (globalThis as unknown as Window).getComputedStyle;
    return [...(node as unknown as Cell).querySelectorAll('th, td')]
      .filter((cell) => style(cell.closest('thead') ?? cell).position !== 'absolute')
      .filter((cell) => cell.offsetParent !== null && cell.getBoundingClientRect().width > 2)
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => (cell.textContent ?? '').trim());
  });

/** Whether the table is wider than the card it sits in (a table that needs a horizontal scroll to be read). */
const overflows = (table: Locator): Promise<boolean> =>
  table.evaluate((node) => {
    const cell = node as unknown as Cell;
    const card = cell.closest('article') ?? cell.parentElement;
    return cell.getBoundingClientRect().right > (card?.getBoundingClientRect().right ?? Infinity) + 1;
  });

/** The partner table as { partner name: { field: shown text } }. */
const shownRows = (table: Locator): Promise<Record<string, Record<string, string>>> =>
  table.evaluate((node) => {
    const rows: Record<string, Record<string, string>> = {};
    for (const tr of (node as unknown as Cell).querySelectorAll('tbody tr')) {
      const cells = Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.field ?? '', td.innerText.trim()]));
      rows[cells.name ?? ''] = cells;
    }
    return rows;
  });

/** The labels the stacked layout shows before each cell of the first row (SLDS: the cell's data-label in ::before). */
const stackedLabels = (table: Locator): Promise<string[]> =>
  table.evaluate((node) => {
    const style = (globalThis as unknown as Window).getComputedStyle;
    return [...(node as unknown as Cell).querySelectorAll('tbody tr:first-child td')].map((td) =>
      style(td, '::before').content.replace(/^"|"$/g, ''),
    );
  });

async function cliDeals(): Promise<Record<string, number>> {
  const report = await runImpactReport(new OrgClient(connectionFor(org.instanceUrl, org.accessToken)));
  return Object.fromEntries(
    reportRows(report, 'All partners')
      .slice(1)
      .map((r) => [String(r.partner), Number(r.deals)]),
  );
}

describe.each(WIDTHS)('at %i px', (width) => {
  test('the impact tables on PartnerLens Home are readable and count deals as partnerlens report does', async () => {
    const cli = await cliDeals();
    // Northwind sourced the licence deal; Contoso is tagged on it; Fabrikam only overlaps the account (its
    // name match): an overlap alone does not make the renewal, or the licence deal, Fabrikam's or Contoso's deal
    expect(cli).toMatchObject({ Northwind: 1, Contoso: 1, Fabrikam: 0, Litware: 0 });
    await at(width, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
      const impact = page.locator('c-partner-impact');
      const partners = impact.locator('table.partners');
      await partners.locator('tbody tr').first().waitFor();
      const rows = await shownRows(partners);
      expect(Object.fromEntries(Object.entries(rows).map(([name, r]) => [name, Number(r.deals)]))).toEqual(cli);
      // one number format: whole money with separators, percentages and points with one decimal
      expect(rows.Northwind).toMatchObject({ sourcedPipeline: '$250,000', deals: '1', overlaps: '0' });
      expect(await impact.locator('[data-metric="sourcedPipeline"] dd').innerText()).toBe('$250,000');
      expect(await impact.locator('[data-metric="winRateLift"] dd').innerText()).toMatch(/^(—.*|-?\d+\.\d)$/s);
      const percents = await impact.locator('[data-metric^="winRate"] dd, [data-metric^="leads"] dd').allInnerTexts();
      for (const text of percents) expect(text).toMatch(/^(—[\s\S]*|\d+\.\d%|-?\d+\.\d)$/);

      expect(await cutCells(partners)).toEqual([]);
      expect(await cutCells(impact.locator('table.overlaps'))).toEqual([]);
      expect(await overflows(partners)).toBe(false);
      if (width === 400) {
        // stacked: each value carries its column's label, in full
        expect(await stackedLabels(partners)).toEqual(
          [
            label.PL_Impact_Partner,
            label.PL_Impact_Sourced_Pipeline,
            label.PL_Impact_Sourced_Revenue,
            `${label.PL_Impact_Influenced_Revenue} (${label.PL_Impact_Model_Recorded})`,
            label.PL_Impact_Deals,
            label.PL_Impact_Win_Rate_Lift,
            label.PL_Impact_Lead_Conversion_Partner,
            label.PL_Impact_Overlaps,
            label.PL_Impact_Potential_Pipeline,
          ].map(String),
        );
      } else {
        const headers = await partners.locator('thead th').allInnerTexts();
        expect(headers.map((h) => h.replace(/\s+/g, ' ').trim())).toContain(label.PL_Impact_Sourced_Revenue);
        expect(headers.every((h) => !h.includes('…'))).toBe(true);
      }
      await partners.scrollIntoViewIfNeeded();
      await screenshot(page, `issue19-impact-home-${width}`);
    });
  });

  test("a partner's page shows its figures readable, and a new partner an empty state instead of zero tiles", async () => {
    await at(width, `${server.url}/lightning/r/Partner__c/${fx.partners.northwind}/view`, async (page) => {
      const impact = page.locator('c-partner-impact');
      const partners = impact.locator('table.partners');
      await partners.locator('tbody tr').first().waitFor();
      expect(await shownRows(partners)).toEqual({
        Northwind: expect.objectContaining({ deals: '1', sourcedPipeline: '$250,000' }),
      });
      expect(await cutCells(partners)).toEqual([]);
      expect(await overflows(partners)).toBe(false);
      await screenshot(page, `issue19-impact-partner-${width}`);
    });
    await at(width, `${server.url}/lightning/r/Partner__c/${fx.partners.litware}/view`, async (page) => {
      const impact = page.locator('c-partner-impact');
      await impact.getByText(String(label.PL_Impact_Empty_Partner)).waitFor();
      expect(await impact.locator('dl.metrics').count()).toBe(0);
      expect(await impact.locator('table.partners').count()).toBe(0);
      await screenshot(page, `issue19-impact-empty-${width}`);
    });
  });
});
