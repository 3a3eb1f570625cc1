// Issue 19 in the browser, the admin's and the lookups' part: an invalid population filter never saves and says why
// (the sync's own reason); the overlap lookup tells the true count and pages; the lead page names the partners a lead
// overlaps and lets a rep dispute and restore one. At 1366 px and 400 px; screenshots to test-results/screenshots/issue19-*.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { settingsFromRecord } from '../../src/config/settings';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import type { PreviewServer } from '../../src/preview/server';
import { launchBrowser, screenshot, servePreview } from './harness';
import { seedFixture } from './fixture';

jest.setTimeout(240_000);

const label = readCustomLabels(path.join(__dirname, '..', '..', 'force-app'));
const text = (name: string): string => {
  const value = label[name];
  if (value === undefined) throw new Error(`no custom label ${name}`);
  return value;
};
const WIDTHS = [1366, 400] as const;

let browser: Browser;
let org: LocalOrg;
let server: PreviewServer;

beforeAll(async () => {
  browser = await launchBrowser();
  org = await startLocalOrg();
  seedFixture(org.store);
  server = await servePreview(org);
});

afterAll(async () => {
  await server?.close();
  await org?.stop();
  await browser?.close();
});

/** A fresh page at `width`, failing on any browser error. */
async function at(width: number, url: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);
    await run(page);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

function query(soql: string): Record<string, unknown>[] {
  return org.store.query(soql).records as Record<string, unknown>[];
}

const settingsRecord = (): Record<string, unknown> | undefined => query("SELECT Id, Customer_Filter__c, Lead_Filter__c FROM Partner_Sync_Setting__c WHERE External_Id__c = 'default'")[0];

describe.each(WIDTHS)('at %i px', (width) => {
  test('an invalid population filter does not save and shows the reason the sync would give', async () => {
    const invalid = 'Type = ';
    // the sync's reason for it, the one the admin must read on the field
    let syncReason = '';
    try {
      settingsFromRecord({ Customer_Filter__c: invalid });
    } catch (error) {
      syncReason = (error as Error).message.replace(/^.*? on Account: /, '');
    }
    expect(syncReason).toBe('The filter ends too early: a value (text in single quotes, a number, a date, TRUE, FALSE or NULL) is missing after "Type =".');
    const valid = `Type = 'Customer' OR Industry = 'Width ${width}'`;
    const before = settingsRecord()?.Customer_Filter__c ?? null;

    await at(width, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
      const admin = page.locator('c-partner-sync-admin');
      const filter = admin.getByRole('textbox', { name: text('PL_Setting_Customer_Filter') });
      await filter.waitFor();
      await filter.fill(invalid);
      await admin.locator('lightning-button.settings-save button').click();
      // the reason on the field, whole, and in the summary naming the field
      await admin.locator('lightning-textarea[data-field="Customer_Filter__c"]').getByText(syncReason).waitFor();
      await expect(admin.locator('.settings-error-summary').innerText()).resolves.toContain(`${text('PL_Setting_Customer_Filter')}: ${syncReason}`);
      await screenshot(page, `issue19-admin-filter-invalid-${width}`);
      expect(await page.locator('preview-toasts [data-variant="success"]').count()).toBe(0);
      expect(settingsRecord()?.Customer_Filter__c ?? null).toBe(before);

      // corrected: the message goes as it is typed, and it saves
      await filter.fill(valid);
      await expect(admin.locator('.settings-error-summary').count()).resolves.toBe(0);
      await admin.locator('lightning-button.settings-save button').click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: text('PL_Admin_Settings_Saved') }).waitFor();
      await screenshot(page, `issue19-admin-filter-saved-${width}`);
    });
    // in the org, and the sync runs it
    const saved = settingsRecord();
    expect(saved?.Customer_Filter__c).toBe(valid);
    expect(settingsFromRecord(saved).populations[0]?.where).toBe(valid);
  });
});
