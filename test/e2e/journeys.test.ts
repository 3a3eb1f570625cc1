// The preview in headless Chromium: the real components on Lightning-like pages, reading and writing a local
// org. One bundle build (cached by source hash) and one browser serve every journey.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import type { PreviewServer } from '../../src/preview/server';
import { runDemo, type RunningDemo } from '../../src/usecases/demo';
import { launchBrowser, screenshot, servePreview, visit } from './harness';
import { seedFixture, type Fixture } from './fixture';

// A cold run builds the bundle (12-30 s on 2 cores); the journeys themselves take seconds.
jest.setTimeout(240_000);

const label = readCustomLabels(path.join(__dirname, '..', '..', 'force-app'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(() => browser?.close());

describe('on a small known org', () => {
  let org: LocalOrg;
  let server: PreviewServer;
  let fx: Fixture;

  beforeAll(async () => {
    org = await startLocalOrg();
    fx = seedFixture(org.store);
    server = await servePreview(org);
  });

  afterAll(async () => {
    await server?.close();
    await org?.stop();
  });

  const opportunityUrl = (id: string): string => `${server.url}/lightning/r/Opportunity/${id}/view`;

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
    await visit(browser, opportunityUrl(fx.opportunity), async (page) => {
      await page.locator('.record-name', { hasText: 'Acme - 500 licences' }).waitFor();
      const panel = page.locator('c-partner-influence-panel');
      await panel.locator('lightning-badge.sourced', { hasText: label.PL_Badge_Partner_Sourced }).waitFor();
      await expect(panel.locator('.partner').allTextContents()).resolves.toEqual(['Northwind', 'Contoso']);
      // The owner at the partner comes through the overlap, shared at this partner's sharing level.
      await panel.getByText('dana@contoso.example').waitFor();
      await screenshot(page, 'opportunity');
    });
  });

  test('a partner manager tags a partner with 30% attribution and finds it again after a reload', async () => {
    await visit(browser, opportunityUrl(fx.opportunity), async (page) => {
      await tagPartner(await openTagger(page), 'Fabrikam', label.PL_Role_Co_Sell ?? '', '30');
      await page.locator('preview-toasts [data-variant="success"]', { hasText: label.PL_Tagger_Saved }).waitFor();
      await screenshot(page, 'opportunity-tagged');

      await page.reload();
      const row = page.locator('c-partner-influence-panel li', { hasText: 'Fabrikam' });
      // the share as the user's locale writes a percentage (en-US), not the server's displayValue 30.00%
      await row.locator('.attribution', { hasText: /^30%$/ }).waitFor();
    });
    // checked as any client would: a SOQL query over the local org's REST API
    const soql = `SELECT Role__c, Attribution_Percent__c, Origin__c FROM Partner_Influence__c WHERE Opportunity__c = '${fx.opportunity}' AND Partner__c = '${fx.partners.fabrikam}'`;
    const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/query?q=${encodeURIComponent(soql)}`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as { records: Record<string, unknown>[] };
    expect(saved.records).toEqual([expect.objectContaining({ Role__c: 'Co-sell', Attribution_Percent__c: 30, Origin__c: 'Manual' })]);
  });

  test('a validation error from the server is shown next to the field it is about', async () => {
    await visit(
      browser,
      opportunityUrl(fx.renewal),
      async (page) => {
        await page.locator('c-partner-influence-panel').getByText(label.PL_Panel_Empty ?? '').waitFor();
        // The form has loaded Litware as an active partner; someone removes it before the manager saves.
        const tagger = await openTagger(page);
        expect(org.store.delete('Partner__c', fx.partners.litware).success).toBe(true);
        await tagPartner(tagger, 'Litware', label.PL_Role_Referral ?? '', '10');

        // The org's message for Partner__c sits under the partner input, and under no other.
        const partnerField = tagger.locator('lightning-combobox[data-field="Partner__c"]');
        await partnerField.locator('.slds-form-element__help', { hasText: 'entity is deleted' }).waitFor();
        const otherHelp = tagger.locator('[data-field]:not([data-field="Partner__c"]) .slds-form-element__help');
        expect((await otherHelp.allInnerTexts()).filter((text) => text.trim() !== '')).toEqual([]);
        await screenshot(page, 'opportunity-server-error');
      },
      { expected: [/status of 400 \(Bad Request\)/] },
    );
    expect(org.store.query(`SELECT Id FROM Partner_Influence__c WHERE Opportunity__c = '${fx.renewal}'`).totalSize).toBe(0);
  });

  test("a partner manager sizes a partner from the overlap matrix of its latest private exchange", async () => {
    // Contoso, not Litware: the server-error journey above deletes Litware from the org.
    const exchange = (session: string, finished: string, counts: object[]): void => {
      org.store.insert('Partner_Exchange__c', {
        External_Id__c: `${session}:initiator`, Session_Id__c: session, Partner__c: fx.partners.contoso, Role__c: 'Initiator', Mode__c: 'Counts',
        Sharing_Level__c: 'Counts only', Our_Set_Size__c: 1200, Partner_Set_Size__c: session === 'b'.repeat(32) ? 950 : 800, Started__c: finished, Finished__c: finished, Counts__c: JSON.stringify(counts),
      });
    };
    exchange('a'.repeat(32), '2026-11-01T09:00:00.000Z', [{ ourPopulation: 'Customer', partnerPopulation: 'Customer', count: 3 }]);
    exchange('b'.repeat(32), '2026-12-01T09:00:00.000Z', [
      { ourPopulation: 'Customer', partnerPopulation: 'Customer', count: 42 },
      { ourPopulation: 'Prospect', partnerPopulation: 'Open Opportunity', count: 13 },
    ]);
    await visit(browser, `${server.url}/lightning/r/Partner__c/${fx.partners.contoso}/view`, async (page) => {
      const card = page.locator('c-partner-exchange-matrix');
      const table = card.getByRole('table');
      await table.waitFor();
      const row = (population: string): Promise<string[]> => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: population, exact: true }) }).getByRole('cell').allInnerTexts();
      // the latest exchange only: 42, not the earlier 3
      expect(await row('Customer')).toEqual(['42', '0', '0', '0']);
      expect(await row('Prospect')).toEqual(['0', '13', '0', '0']);
      const summary = await card.locator('.summary').innerText();
      expect(summary).toContain('1,200');
      expect(summary).toContain('950');
      await screenshot(page, 'partner-exchange-matrix');
    });
  });

  test('a partner manager looks up a domain and finds the account and the partner it overlaps with', async () => {
    await visit(browser, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
      const lookup = page.locator('c-overlap-lookup');
      await lookup.getByLabel(label.PL_Lookup_Search_Label ?? '').fill('acme.example');
      await lookup.getByRole('button', { name: label.PL_Action_Search }).click();
      const account = lookup.locator('table.accounts tbody tr').first();
      await account.waitFor();
      const cells = (await account.locator('td, th').allInnerTexts()).join(' | ');
      expect(cells).toContain('Acme Corp');
      expect(cells).toContain('Contoso');
      await screenshot(page, 'overlap-lookup');
    });
  });

  test('a rep reads which partners share an account in the sidebar and marks a name-only match as not a match', async () => {
    await visit(browser, `${server.url}/lightning/r/Account/${fx.account}/view`, async (page) => {
      const card = page.locator('c-account-overlaps');
      const overlap = (partner: string): Locator => card.getByRole('listitem').filter({ has: page.getByRole('heading', { name: partner, exact: true }) });
      await overlap('Contoso').waitFor();

      // One tile per active overlap, latest first, the partner's whole name as its heading: readable in the sidebar.
      const headings = card.getByRole('heading', { level: 3 });
      await expect(headings.allInnerTexts()).resolves.toEqual(['Contoso', 'Fabrikam']);
      // (node typings have no DOM: describe the few element properties the page function reads)
      type Box = { scrollWidth: number; clientWidth: number; textContent: string | null };
      const clipped = await headings.evaluateAll((hs) => (hs as unknown as Box[]).filter((h) => h.scrollWidth > h.clientWidth).map((h) => h.textContent));
      expect(clipped).toEqual([]);
      const contoso = await overlap('Contoso').innerText();
      for (const shown of ['Customer × Open Opportunity', 'Domain', 'Dana Reyes', 'dana@contoso.example', 'Feb 1, 2026', 'Mar 1, 2026']) {
        expect(contoso).toContain(shown);
      }
      const fabrikam = await overlap('Fabrikam').innerText();
      for (const shown of ['Prospect × Customer', 'Name', label.PL_Overlaps_Low_Confidence, label.PL_Contact_Not_Shared]) {
        expect(fabrikam).toContain(shown);
      }
      expect(contoso).not.toContain(label.PL_Overlaps_Low_Confidence);
      await screenshot(page, 'account');

      // The inactive pair is behind the toggle, with its status.
      await card.getByText(label.PL_Overlaps_Show_Inactive ?? '').click();
      await expect(overlap('Northwind').innerText()).resolves.toContain(label.PL_Overlaps_Inactive);
      await screenshot(page, 'account-inactive');

      // "Not a match" sits in the overlap's own menu, named after the partner.
      await card.getByRole('button', { name: `Actions for Fabrikam` }).click();
      await card.getByRole('menuitem', { name: label.PL_Overlaps_Not_A_Match }).click();
      const form = overlap('Fabrikam').getByRole('region', { name: 'Mark Fabrikam as not a match' });
      const reason = form.getByRole('textbox', { name: label.PL_Overlaps_Dispute_Reason });
      await reason.waitFor();
      await expect(reason.evaluate((el) => (el as unknown as { matches(selector: string): boolean }).matches(':focus'))).resolves.toBe(true);

      // A reason is required: nothing is written without one.
      await form.getByRole('button', { name: label.PL_Overlaps_Not_A_Match }).click();
      await form.getByText(label.PL_Validation_Required ?? '').waitFor();
      await screenshot(page, 'account-dispute');
      expect(org.store.query(`SELECT Disputed__c FROM Partner_Overlap__c WHERE Id = '${fx.nameOverlap}'`).records).toEqual([
        expect.objectContaining({ Disputed__c: false }),
      ]);

      await reason.fill('Acme Corp of Ohio, not our Acme');
      await form.getByRole('button', { name: label.PL_Overlaps_Not_A_Match }).click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: label.PL_Overlaps_Disputed }).waitFor();
      // it leaves the active list; under "Show inactive" (still on) it stays, saying why, so it can be undone
      await overlap('Fabrikam').getByText((label.PL_Overlaps_Disputed_Status ?? '').replace('{0}', 'Acme Corp of Ohio, not our Acme')).waitFor();
      await expect(headings.allInnerTexts()).resolves.toEqual(['Contoso', 'Fabrikam', 'Northwind']);

      // Disputed pairs stay out of the list after a reload, as the next sync leaves them out.
      await page.reload();
      await overlap('Contoso').waitFor();
      await expect(headings.allInnerTexts()).resolves.toEqual(['Contoso']);
    });
    const soql = `SELECT Disputed__c, Dispute_Reason__c, Active__c FROM Partner_Overlap__c WHERE Id = '${fx.nameOverlap}'`;
    const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/query?q=${encodeURIComponent(soql)}`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as { records: Record<string, unknown>[] };
    expect(saved.records).toEqual([expect.objectContaining({ Disputed__c: true, Dispute_Reason__c: 'Acme Corp of Ohio, not our Acme', Active__c: true })]);
  });

  test('every other page of the app renders without errors', async () => {
    const pages: [string, string, string][] = [
      ['lead', `/lightning/r/Lead/${fx.lead}/view`, 'c-lead-partner-badge'],
      ['partner', `/lightning/r/Partner__c/${fx.partners.northwind}/view`, 'c-partner-impact'],
      ['opportunities', '/lightning/o/Opportunity/home', 'preview-object-home tbody tr'],
      // No flexipage: the default record page, the record's details.
      ['overlap', `/lightning/r/Partner_Overlap__c/${fx.overlap}/view`, 'preview-details [data-field="Match_Key__c"]'],
      ['app-home', '/', 'preview-app main'],
    ];
    for (const [name, urlPath, ready] of pages) {
      await visit(browser, `${server.url}${urlPath}`, async (page) => {
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        await screenshot(page, name);
      });
    }
  });
});

describe("after the demo's sync", () => {
  let cwd: string;
  let demo: RunningDemo;
  let server: PreviewServer;

  beforeAll(async () => {
    cwd = mkdtempSync(path.join(os.tmpdir(), 'partnerlens-e2e-demo-'));
    demo = await runDemo({ cwd, accounts: 60, today: '2026-03-01' });
    server = await servePreview(demo.org);
  });

  afterAll(async () => {
    await server?.close();
    await demo?.stop();
    rmSync(cwd, { recursive: true, force: true });
  });

  test("an admin opens PartnerLens Home and sees the last sync run's counts", async () => {
    const fields = ['Records_Read__c', 'Records_Matched__c', 'Records_Created__c', 'Records_Updated__c', 'Records_Deactivated__c', 'Records_Failed__c', 'API_Calls_Used__c'];
    const [run] = demo.org.store.query(`SELECT ${fields.join(', ')} FROM Partner_Sync_Run__c ORDER BY Started__c DESC LIMIT 1`).records;
    // A real run: the sync matched and wrote overlaps.
    expect(run?.Records_Created__c).toBeGreaterThan(0);
    await visit(browser, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
      const firstRun = page.locator('c-partner-sync-admin table.run-table tbody tr').first();
      await firstRun.waitFor();
      // innerText: the rendered text, formatted numbers included (textContent stops at component shadows).
      const cells = (await firstRun.locator('td, th').allInnerTexts()).map((text) => text.trim());
      expect(cells).toEqual(expect.arrayContaining(fields.map((f) => Number(run?.[f]).toLocaleString('en-US'))));
      await screenshot(page, 'home');
    });
  });

  test('a rep reads on the deal why each partner matched the account, as the sync wrote it', async () => {
    const [influence] = demo.org.store.query(
      "SELECT Opportunity__c, Partner__r.Name, Overlap__r.Match_Method__c, Overlap__r.Match_Reason__c FROM Partner_Influence__c WHERE Origin__c = 'Rule' AND Overlap__r.Match_Method__c = 'Domain' ORDER BY Opportunity__c LIMIT 1",
    ).records as Array<{ Opportunity__c: string; Partner__r: { Name: string }; Overlap__r: { Match_Reason__c: string } }>;
    // the sync says why it matched: "website x = y"
    expect(influence?.Overlap__r.Match_Reason__c).toMatch(/^website \S+ = \S+$/);
    await visit(browser, `${server.url}/lightning/r/Opportunity/${influence?.Opportunity__c}/view`, async (page) => {
      const row = page.locator('c-partner-influence-panel li', { hasText: influence?.Partner__r.Name });
      await row.locator('.match-reason').waitFor();
      await expect(row.locator('.match .method').innerText()).resolves.toBe('Domain');
      await expect(row.locator('.match-reason').innerText()).resolves.toBe(influence?.Overlap__r.Match_Reason__c);
      await screenshot(page, 'opportunity-match-reason');
      await page.setViewportSize({ width: 400, height: 900 });
      await expect(row.locator('.match-reason').isVisible()).resolves.toBe(true);
      await screenshot(page, 'opportunity-match-reason-400');
    });
  });
});
