// The preview in headless Chromium: the real components on Lightning-like pages, reading and writing the
// local org. One org, one bundle build (cached by source hash) and one browser for every journey.
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import { openPage, screenshot, startPreview, type Preview } from './harness';
import { seedFixture, type Fixture } from './fixture';

// First run builds the bundle (~30 s on 2 cores); the browser journeys themselves take seconds.
jest.setTimeout(240_000);

const label = readCustomLabels(path.join(__dirname, '..', '..', 'force-app'));
let preview: Preview;
let fx: Fixture;

beforeAll(async () => {
  preview = await startPreview((org) => {
    fx = seedFixture(org.store);
  });
});

afterAll(() => preview?.stop());

const opportunityUrl = (id: string): string => `/lightning/r/Opportunity/${id}/view`;

/** Runs a journey on a fresh page; any browser error not `expected` fails it. */
async function visit(urlPath: string, run: (page: Page) => Promise<void>, expected: RegExp[] = []): Promise<void> {
  const { page, errors } = await openPage(preview, urlPath);
  try {
    await run(page);
    expect(errors.filter((e) => !expected.some((re) => re.test(e)))).toEqual([]);
  } finally {
    await page.context().close();
  }
}

/** Opens the tagger inside the influence panel, once its partners have loaded. */
async function openTagger(page: Page): Promise<Locator> {
  const panel = page.locator('c-partner-influence-panel');
  await panel.getByRole('button', { name: label.PL_Panel_Add_Partner }).click();
  const tagger = panel.locator('c-partner-tagger');
  await tagger.getByRole('combobox', { name: label.PL_Field_Partner }).waitFor();
  return tagger;
}

/** Fills the tagger in as a partner manager would, and saves. */
async function tagPartner(tagger: Locator, partner: string, role: string, attribution: string): Promise<void> {
  await tagger.getByRole('combobox', { name: label.PL_Field_Partner }).click();
  await tagger.getByRole('option', { name: partner }).click();
  await tagger.getByRole('combobox', { name: label.PL_Field_Role }).click();
  await tagger.getByRole('option', { name: role }).click();
  await tagger.getByLabel(label.PL_Field_Attribution ?? '').fill(attribution);
  await tagger.getByRole('button', { name: label.PL_Action_Save }).click();
}

test('a rep opens an opportunity and sees the partners on the deal and the partner-sourced badge', async () => {
  await visit(opportunityUrl(fx.opportunity), async (page) => {
    await expect(page.locator('.record-name').textContent()).resolves.toBe('Acme - 500 licences');
    const panel = page.locator('c-partner-influence-panel');
    await panel.locator('lightning-badge.sourced', { hasText: label.PL_Badge_Partner_Sourced }).waitFor();
    const partners = panel.locator('.partner');
    await expect(partners.allTextContents()).resolves.toEqual(['Northwind', 'Contoso']);
    // The owner at the partner comes through the overlap, shared at this partner's sharing level.
    await panel.getByText('dana@contoso.example').waitFor();
    await screenshot(page, 'opportunity');
  });
});

test('a partner manager tags a partner with 30% attribution and finds it again after a reload', async () => {
  await visit(opportunityUrl(fx.opportunity), async (page) => {
    await tagPartner(await openTagger(page), 'Fabrikam', label.PL_Role_Co_Sell ?? '', '30');
    await page.locator('preview-toasts [data-variant="success"]', { hasText: label.PL_Tagger_Saved }).waitFor();
    await screenshot(page, 'opportunity-tagged');

    await page.reload();
    const row = page.locator('c-partner-influence-panel li', { hasText: 'Fabrikam' });
    await row.getByText('30.00%').waitFor();
  });
  const saved = preview.org.store.query(
    `SELECT Role__c, Attribution_Percent__c, Origin__c FROM Partner_Influence__c WHERE Opportunity__c = '${fx.opportunity}' AND Partner__c = '${fx.partners.fabrikam}'`,
  );
  expect(saved.records).toEqual([expect.objectContaining({ Role__c: 'Co-sell', Attribution_Percent__c: 30, Origin__c: 'Manual' })]);
});

test('a validation error from the server is shown next to the field it is about', async () => {
  await visit(opportunityUrl(fx.renewal), async (page) => {
    // The form has loaded Litware as an active partner; someone removes it before the manager saves.
    await page.locator('c-partner-influence-panel').getByText(label.PL_Panel_Empty ?? '').waitFor();
    const tagger = await openTagger(page);
    expect(preview.org.store.delete('Partner__c', fx.partners.litware).success).toBe(true);
    await tagPartner(tagger, 'Litware', label.PL_Role_Referral ?? '', '10');

    const partnerField = page.locator('c-partner-tagger lightning-combobox[data-field="Partner__c"]');
    // The org's message for the Partner__c field sits under the partner input, and only there.
    await partnerField.locator('.slds-form-element__help', { hasText: 'entity is deleted' }).waitFor();
    const otherHelp = page.locator('c-partner-tagger [data-field]:not([data-field="Partner__c"]) .slds-form-element__help');
    expect((await otherHelp.allInnerTexts()).filter((text) => text.trim() !== '')).toEqual([]);
    await screenshot(page, 'opportunity-server-error');
  }, [/status of 400 \(Bad Request\)/]);
  const written = preview.org.store.query(`SELECT Id FROM Partner_Influence__c WHERE Opportunity__c = '${fx.renewal}'`);
  expect(written.totalSize).toBe(0);
});

test("an admin opens the PartnerLens home page and sees the last sync run's counts", async () => {
  const [run] = preview.org.store.query('SELECT Records_Read__c, Records_Matched__c, Records_Created__c, Records_Updated__c, Records_Deactivated__c, Records_Failed__c, API_Calls_Used__c FROM Partner_Sync_Run__c ORDER BY Started__c DESC LIMIT 1').records;
  await visit('/lightning/n/PartnerLens_Home', async (page) => {
    const runs = page.locator('c-partner-sync-admin lightning-datatable').last();
    const firstRow = runs.locator('tbody tr').first();
    await firstRow.waitFor();
    // innerText: the rendered text, cells' formatted numbers included (textContent stops at component shadows).
    const cells = (await firstRow.locator('td, th').allInnerTexts()).map((t) => t.trim());
    const expected = ['Records_Read__c', 'Records_Matched__c', 'Records_Created__c', 'Records_Updated__c', 'Records_Deactivated__c', 'Records_Failed__c', 'API_Calls_Used__c'].map((f) =>
      Number(run?.[f]).toLocaleString('en-US'),
    );
    expect(cells).toEqual(expect.arrayContaining(expected));
    await screenshot(page, 'home');
  });
});

test('every page of the app renders without errors', async () => {
  const pages: [string, string, string][] = [
    ['account', `/lightning/r/Account/${fx.account}/view`, 'c-account-overlaps'],
    ['lead', `/lightning/r/Lead/${fx.lead}/view`, 'c-lead-partner-badge'],
    ['partner', `/lightning/r/Partner__c/${fx.partners.northwind}/view`, 'c-partner-impact'],
    ['opportunities', '/lightning/o/Opportunity/home', 'preview-object-home tbody tr'],
    ['app-home', '/', 'preview-app main'],
  ];
  for (const [name, url, ready] of pages) {
    await visit(url, async (page) => {
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, name);
    });
  }
});
