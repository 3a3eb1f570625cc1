// Issue 19, run history, in the browser at 1366 and 400 px: the demo's sync (its partner files carry deliberately
// malformed rows) reads "Completed with N rejected rows" in the admin's run list, links to its Partner_Sync_Run__c
// record, and that record's summary names each partner file once, in the org and on its record page.
// Screenshots: test-results/screenshots/issue19-runs-*.
import type { Browser } from 'playwright-core';
import type { PreviewServer } from '../../src/preview/server';
import type { RunningDemo } from '../../src/usecases/demo';
import { pageOverflow, screenshot, startDemoPreview, type DemoPreview } from './harness';

jest.setTimeout(240_000);

let browser: Browser;
let demo: RunningDemo;
let server: PreviewServer;
let fixture: DemoPreview | undefined;

beforeAll(async () => {
  fixture = await startDemoPreview('partnerlens-e2e-runs-');
  ({ browser, demo, server } = fixture);
});

afterAll(async () => fixture?.close());

describe.each([1366, 400])('at %i px', (width) => {
  test('the demo run completed with N rejected rows, links to its record, and the record names each file once', async () => {
    const [run] = demo.org.store.query(
      'SELECT Id, Name, Status__c, Records_Failed__c, Error_Summary__c FROM Partner_Sync_Run__c ORDER BY Started__c DESC LIMIT 1',
    ).records as Record<string, unknown>[];
    const rejected = Number(run?.Records_Failed__c);
    expect(rejected).toBeGreaterThan(0);
    expect(run?.Status__c).toBe('Succeeded');
    const summary = String(run?.Error_Summary__c);
    expect(summary.split('\n')[0]).toMatch(new RegExp(`^Completed with ${rejected} rejected rows: `));
    // every partner file path once in the summary, not on each row
    for (const file of new Set([...summary.matchAll(/\((\/\S+\.csv)\)/g)].map((m) => m[1] ?? '')))
      expect(summary.split(file).length - 1).toBe(1);

    const context = await browser.newContext({ viewport: { width, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/lightning/n/PartnerLens_Home`);
      const admin = page.locator('c-partner-sync-admin');
      const firstRun = admin.locator('table.run-table tbody tr').first();
      await firstRun.waitFor();
      const text = await firstRun.innerText();
      expect(text).toContain(`Completed with ${rejected} rejected rows`);
      expect(text).not.toMatch(/\bPartial\b/);
      // the errors cell holds the whole outcome line, not three cut lines
      expect(text.replace(/\s+/g, ' ')).toContain('everything else was written');
      await screenshot(page, `issue19-runs-list-${width}`);
      // readable on a phone: the row stacks its cells (each as wide as the card), nothing cut to letters
      const status = await firstRun.locator('td.run-status').boundingBox();
      const row = await firstRun.boundingBox();
      expect((row?.x ?? 0) + (row?.width ?? Infinity)).toBeLessThanOrEqual(width);
      if (width === 400) expect(status?.width ?? 0).toBeGreaterThan(300);
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      const link = firstRun.getByRole('link', { name: String(run?.Name) });
      expect(await link.getAttribute('href')).toBe(`/lightning/r/Partner_Sync_Run__c/${String(run?.Id)}/view`);
      await link.click();
      await page.waitForURL(`**/lightning/r/Partner_Sync_Run__c/${String(run?.Id)}/view`);
      await page.getByText(`Completed with ${rejected} rejected rows`).first().waitFor();
      // on the record page too, the summary a reader sees names each partner file once
      const shown = await page.locator('preview-details [data-field="Error_Summary__c"]').innerText();
      const files = new Set([...shown.matchAll(/\((\/\S+\.csv)\)/g)].map((m) => m[1] ?? ''));
      expect(files.size).toBeGreaterThan(0);
      for (const file of files) expect(shown.split(file).length - 1).toBe(1);
      await screenshot(page, `issue19-runs-record-${width}`);
    } finally {
      await context.close();
    }
  });
});
