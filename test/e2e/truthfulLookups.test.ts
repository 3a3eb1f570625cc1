// Issue 19 in the browser, the admin's and the lookups' part: an invalid population filter never saves and says why
// (the sync's own reason); the overlap lookup tells the true count and pages; the lead page names the partners a lead
// overlaps and lets a rep dispute and restore one. At 1366 px and 400 px; screenshots to test-results/screenshots/issue19-*.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { settingsFromRecord } from '../../src/config/settings';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import type { PreviewServer } from '../../src/preview/server';
import { fill, launchBrowser, screenshot, servePreview, visit, pageOverflow } from './harness';
import { seedFixture, type Fixture } from './fixture';

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
let fx: Fixture;

beforeAll(async () => {
  browser = await launchBrowser();
  org = await startLocalOrg();
  fx = seedFixture(org.store);
  seedInitech();
  server = await servePreview(org);
});

afterAll(async () => {
  await server?.close();
  await org?.stop();
  await browser?.close();
});

/** A fresh page at `width`, failing on any browser error. */
const at = (width: number, url: string, run: (page: Page) => Promise<void>): Promise<void> => visit(browser, url, run, { width });

function insert(sobject: string, fields: Record<string, unknown>): string {
  const result = org.store.insert(sobject, fields);
  if (!result.success || !result.id) throw new Error(`seeding ${sobject}: ${JSON.stringify(result.errors)}`);
  return result.id;
}

/** More matches than a page holds (the 36 accounts and 73 leads): 70 leads at initech.example, 3 elsewhere. */
function seedInitech(): void {
  for (let i = 1; i <= 36; i += 1)
    insert('Account', { Name: `Initech ${String(i).padStart(2, '0')}`, Website: `https://initech.example/unit-${i}` });
  for (let i = 1; i <= 73; i += 1) {
    const email = i <= 70 ? `lead${i}@initech.example` : `buyer${i}@mail.example`;
    insert('Lead', { LastName: `Buyer ${i}`, Company: 'Initech Ltd', Email: email, Status: 'Open - Not Contacted' });
  }
}

function query(soql: string): Record<string, unknown>[] {
  return org.store.query(soql).records as Record<string, unknown>[];
}

const count = (soql: string): number => org.store.query(soql).totalSize;

const settingsRecord = (): Record<string, unknown> | undefined =>
  query("SELECT Id, Customer_Filter__c, Lead_Filter__c FROM Partner_Sync_Setting__c WHERE External_Id__c = 'default'")[0];

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
    expect(syncReason).toBe(
      'The filter ends too early: a value (text in single quotes, a number, a date, TRUE, FALSE or NULL) is missing after "Type =".',
    );
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
      await expect(admin.locator('.settings-error-summary').innerText()).resolves.toContain(
        `${text('PL_Setting_Customer_Filter')}: ${syncReason}`,
      );
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

describe.each(WIDTHS)('admin partners at %i px', (width) => {
  test("the admin's partner list is readable and edits a partner", async () => {
    // a status of its own per width, so each run changes something
    const status = width === 400 ? 'Ended' : 'Paused';
    await at(width, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
      const admin = page.locator('c-partner-sync-admin');
      const table = admin.getByRole('table', { name: text('PL_Admin_Partners') });
      const row = (partner: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: partner }) });
      await row('Litware').waitFor();
      // every partner, with its values whole (a datatable cut them to single letters at 400 px)
      for (const partner of ['Contoso', 'Fabrikam', 'Litware', 'Northwind']) {
        const shown = await row(partner).innerText();
        for (const part of [`${partner.toLowerCase()}.example`, 'Overlapping records']) expect(shown).toContain(part);
      }
      // each cell as wide as the card at 400 px (stacked, labelled); the page never scrolls sideways
      const card = await admin.locator('article.slds-card').first().boundingBox();
      const name = await row('Litware').getByRole('rowheader').boundingBox();
      const sharing = await row('Litware').locator('td.sharing').boundingBox();
      expect((name?.x ?? 0) + (name?.width ?? Infinity)).toBeLessThanOrEqual(width);
      if (width === 400) {
        for (const cell of [name, sharing]) expect(cell?.width ?? 0).toBeGreaterThan((card?.width ?? Infinity) - 80);
        await expect(row('Litware').locator('td.sharing').getAttribute('data-label')).resolves.toBe(
          text('PL_Field_Sharing_Level'),
        );
      }
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `issue19-admin-partners-${width}`);

      // edit, by the button that names its partner
      await row('Litware')
        .getByRole('button', { name: fill(text('PL_Admin_Edit_Partner_Named'), 'Litware') })
        .click();
      const form = admin.getByRole('group', { name: `${text('PL_Admin_Edit_Partner')}: Litware` });
      await form.getByRole('combobox', { name: text('PL_Field_Status') }).click();
      await form.getByRole('option', { name: status }).click();
      await form.getByRole('button', { name: text('PL_Action_Save') }).click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: text('PL_Admin_Partner_Saved') }).waitFor();
      await row('Litware').locator('td.partner-status', { hasText: status }).waitFor();
      await expect(form.count()).resolves.toBe(0);
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `issue19-admin-partner-saved-${width}`);
    });
    expect(query("SELECT Status__c FROM Partner__c WHERE Name = 'Litware'")).toEqual([
      expect.objectContaining({ Status__c: status }),
    ]);
  });
});

describe.each(WIDTHS)('overlap lookup at %i px', (width) => {
  const summary = (accounts: string, leads: string, term: string): string =>
    fill(text('PL_Lookup_Results_Summary'), accounts, leads, term);
  const accounts = (n: number): string =>
    n === 1 ? text('PL_Lookup_Count_Account_One') : fill(text('PL_Lookup_Count_Account_Many'), n);
  const leads = (n: number): string => (n === 1 ? text('PL_Lookup_Count_Lead_One') : fill(text('PL_Lookup_Count_Lead_Many'), n));

  test('says the true count, pages, says "1 account", searches an e-mail domain and clears on a blank search', async () => {
    // the truth, from the org
    const accountTotal = count("SELECT COUNT() FROM Account WHERE Name LIKE '%initech%' OR Website LIKE '%initech%'");
    const leadTotal = count("SELECT COUNT() FROM Lead WHERE Company LIKE '%initech%' OR Email LIKE '%initech%'");
    const emailLeads = count("SELECT COUNT() FROM Lead WHERE Company LIKE '%@initech.example' OR Email LIKE '%@initech.example'");
    expect([accountTotal, leadTotal, emailLeads]).toEqual([36, 73, 70]);

    await at(width, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
      const lookup = page.locator('c-overlap-lookup');
      const box = lookup.getByLabel(text('PL_Lookup_Search_Label'));
      const run = async (term: string): Promise<void> => {
        await box.fill(term);
        await lookup.getByRole('button', { name: text('PL_Action_Search') }).click();
      };
      const accountRows = lookup.locator('table.accounts tbody tr');

      await run('initech');
      await lookup.locator('.summary', { hasText: summary(accounts(36), leads(73), 'initech') }).waitFor();
      await expect(accountRows.count()).resolves.toBe(25);
      const accountPager = lookup.getByRole('navigation', { name: text('PL_Lookup_Account_Pages') });
      await accountPager.getByText(fill(text('PL_Lookup_Showing'), 1, 25, 36)).waitFor();
      await screenshot(page, `issue19-lookup-count-${width}`);
      // readable at 400 px: each row stacks its cells across the card, the page never scrolls sideways
      const partnersCell = await accountRows.first().locator('td[data-field="partners"]').boundingBox();
      if (width === 400) expect(partnersCell?.width ?? 0).toBeGreaterThan(250);
      expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      // the next page of accounts: the 11 left, the count unchanged
      await accountPager.getByRole('button', { name: text('PL_Lookup_Next') }).click();
      await accountPager.getByText(fill(text('PL_Lookup_Showing'), 26, 36, 36)).waitFor();
      await expect(accountRows.count()).resolves.toBe(11);
      await expect(accountRows.first().innerText()).resolves.toContain('Initech 26');
      await expect(lookup.locator('.summary').innerText()).resolves.toBe(summary(accounts(36), leads(73), 'initech'));
      await expect(accountPager.getByRole('button', { name: text('PL_Lookup_Next') }).isDisabled()).resolves.toBe(true);
      await screenshot(page, `issue19-lookup-page2-${width}`);

      // one account: singular
      await run('Initech 07');
      await lookup.locator('.summary', { hasText: summary(accounts(1), leads(0), 'Initech 07') }).waitFor();
      await expect(lookup.locator('.summary').innerText()).resolves.toBe('1 account and 0 leads match Initech 07.');

      // an e-mail address searches its domain
      await run('Jo@Initech.example');
      await lookup
        .locator('.summary', { hasText: fill(text('PL_Lookup_Email_Summary'), accounts(36), leads(70), 'initech.example') })
        .waitFor();
      await expect(lookup.locator('table.leads tbody tr').first().innerText()).resolves.toContain('@initech.example');
      await screenshot(page, `issue19-lookup-email-${width}`);

      // a blank search clears the result and says what to do
      await run('   ');
      await lookup.locator('.hint', { hasText: text('PL_Lookup_Type_Something') }).waitFor();
      await expect(lookup.locator('table').count()).resolves.toBe(0);
      await expect(lookup.locator('.summary').count()).resolves.toBe(0);
      await screenshot(page, `issue19-lookup-blank-${width}`);
    });
  });
});

describe.each(WIDTHS)('lead page at %i px', (width) => {
  test("names the lead's partners and lets a rep mark one as not a match and undo it", async () => {
    const lead = insert('Lead', {
      FirstName: 'Jo',
      LastName: `Lin ${width}`,
      Company: `Globex ${width}`,
      Email: `jo@globex${width}.example`,
      Status: 'Open - Not Contacted',
      Partner_Overlap_Count__c: 2,
    });
    const overlap = (partner: string, method: string, reason: string, key: string): string =>
      insert('Partner_Overlap__c', {
        Lead__c: lead,
        Partner__c: partner,
        Match_Key__c: key,
        Match_Method__c: method,
        Match_Reason__c: reason,
        Our_Population__c: 'Lead',
        Partner_Population__c: 'Customer',
        Active__c: true,
        First_Seen__c: '2026-02-01',
        Last_Seen__c: '2026-03-01',
        External_Id__c: `${key}:${partner}`,
      });
    const contoso = overlap(
      fx.partners.contoso,
      'Email domain',
      `e-mail jo@globex${width}.example = globex${width}.example`,
      `globex${width}.example`,
    );
    overlap(fx.partners.northwind, 'Domain', `website globex${width}.example = globex${width}.example`, `globex${width}.example`);
    const reasonText = 'Globex Ohio, a different company';

    await at(width, `${server.url}/lightning/r/Lead/${lead}/view`, async (page) => {
      const badge = page.locator('c-lead-partner-badge');
      // which partners, by name (it said "Partner overlaps 2")
      await badge.locator('.overlapping-partners', { hasText: 'Contoso, Northwind' }).waitFor();
      await expect(badge.innerText()).resolves.toContain(text('PL_Lead_Overlapping_Partners'));

      const card = page.locator('c-account-overlaps');
      const tile = (partner: string) =>
        card.getByRole('listitem').filter({ has: page.getByRole('heading', { name: partner, exact: true }) });
      await tile('Contoso').waitFor();
      const shown = await tile('Contoso').innerText();
      for (const part of ['Lead × Customer', 'Email domain', `e-mail jo@globex${width}.example = globex${width}.example`])
        expect(shown).toContain(part);
      await screenshot(page, `issue19-lead-overlaps-${width}`);

      // Not a match, with a reason
      await card.getByRole('button', { name: fill(text('PL_Overlaps_Actions_For'), 'Contoso') }).click();
      await card.getByRole('menuitem', { name: text('PL_Overlaps_Not_A_Match') }).click();
      const form = tile('Contoso').getByRole('region', { name: fill(text('PL_Overlaps_Dispute_Title'), 'Contoso') });
      await form.getByRole('textbox', { name: text('PL_Overlaps_Dispute_Reason') }).fill(reasonText);
      await form.getByRole('button', { name: text('PL_Overlaps_Not_A_Match') }).click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: text('PL_Overlaps_Disputed') }).waitFor();
      expect(query(`SELECT Disputed__c, Dispute_Reason__c FROM Partner_Overlap__c WHERE Id = '${contoso}'`)).toEqual([
        expect.objectContaining({ Disputed__c: true, Dispute_Reason__c: reasonText }),
      ]);

      // at once, no reload: the badge names only Northwind and the card counts one active pair, one inactive
      const summary = (active: number, inactive: number): string => fill(text('PL_Overlaps_Summary'), active, inactive);
      await badge.locator('.overlapping-partners', { hasText: /^Northwind$/ }).waitFor();
      await card.locator('.summary', { hasText: summary(1, 1) }).waitFor();
      // and after a reload, read from the org; the pair waits under "Show inactive" with its reason
      await page.reload();
      await badge.locator('.overlapping-partners', { hasText: /^Northwind$/ }).waitFor();
      await card.getByText(text('PL_Overlaps_Show_Inactive')).click();
      await tile('Contoso')
        .getByText(fill(text('PL_Overlaps_Disputed_Status'), reasonText))
        .waitFor();
      await screenshot(page, `issue19-lead-disputed-${width}`);

      // undo
      await card.getByRole('button', { name: fill(text('PL_Overlaps_Actions_For'), 'Contoso') }).click();
      await card.getByRole('menuitem', { name: text('PL_Overlaps_Undo_Not_A_Match') }).click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: text('PL_Overlaps_Undone') }).waitFor();
      // without a reload: the badge names both partners again and the card counts two active pairs
      // (the badge's query used to filter disputed pairs out, so its wire no longer held the pair the undo wrote)
      await badge.locator('.overlapping-partners', { hasText: /^Contoso, Northwind$/ }).waitFor({ timeout: 5_000 });
      await card.locator('.summary', { hasText: summary(2, 0) }).waitFor();
      await expect(tile('Contoso').locator('.status-value').count()).resolves.toBe(0);
      await screenshot(page, `issue19-lead-undone-${width}`);
      // the same after a reload
      await page.reload();
      await badge.locator('.overlapping-partners', { hasText: /^Contoso, Northwind$/ }).waitFor();
      await card.locator('.summary', { hasText: summary(2, 0) }).waitFor();
    });
    expect(query(`SELECT Disputed__c, Dispute_Reason__c, Active__c FROM Partner_Overlap__c WHERE Id = '${contoso}'`)).toEqual([
      expect.objectContaining({ Disputed__c: false, Dispute_Reason__c: null, Active__c: true }),
    ]);
  });
});
