// Issue 19, one date and number format throughout, in the browser at 1366 and 400 px: the same known instant, date
// and numbers on six screens (run history on Home and in the sync runs' list view, the registration queue, a
// registration's record page with its own highlights and details, a partner's latest exchange, a lead's page) read
// exactly as Intl writes them in the signed-in user's locale and time zone - first an en_US user in GMT, then the
// same user switched to de_DE in Europe/Berlin (the User record's LocaleSidKey and TimeZoneSidKey, which the preview
// reads at every page load). The browser itself stays en-US: the format follows the user, not the browser.
// Screenshots: test-results/screenshots/issue19-locale-*.
import type { Browser } from 'playwright-core';
import { startLocalOrg, type LocalOrg, type OrgStore } from '../../src/localorg/index';
import type { PreviewServer } from '../../src/preview/server';
import { launchBrowser, pageOverflow, screenshot, servePreview, visit } from './harness';

// A cold run builds the bundle (12-30 s on 2 cores); the journeys themselves take seconds.
jest.setTimeout(240_000);

/** The known record values every screen shows. */
const INSTANT = '2026-12-07T13:05:00.000Z';
const DAY = '2026-12-07';
const AMOUNT = 1234567;
const READ = 1234567;

interface Case {
  localeSidKey: string;
  timeZoneSidKey: string;
  /** The BCP 47 tag and zone Intl formats with. */
  locale: string;
  timeZone: string;
  /** What the user reads, written out: the same on every screen that shows one. */
  dateTime: string;
  date: string;
  count: string;
  money: string;
  /** The amount as the record page's own highlights and details write the field (its 2 decimals). */
  fieldMoney: string;
}

const CASES: Case[] = [
  {
    localeSidKey: 'en_US', timeZoneSidKey: 'GMT', locale: 'en-US', timeZone: 'GMT',
    dateTime: 'Dec 7, 2026, 01:05 PM', date: 'Dec 7, 2026', count: '1,234,567', money: '$1,234,567', fieldMoney: '$1,234,567.00',
  },
  {
    // 13:05 UTC is 14:05 in Berlin; day first, dots and a 24-hour clock; the currency (USD) after the amount
    localeSidKey: 'de_DE', timeZoneSidKey: 'Europe/Berlin', locale: 'de-DE', timeZone: 'Europe/Berlin',
    dateTime: '7. Dez. 2026, 14:05', date: '07.12.2026', count: '1.234.567', money: '1.234.567 $', fieldMoney: '1.234.567,00 $',
  },
];

/** Text as read, with Intl's no-break spaces (before AM, before $ in de-DE) as plain ones. */
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();

function insert(store: OrgStore, sobject: string, fields: Record<string, unknown>): string {
  const result = store.insert(sobject, fields);
  if (!result.success || !result.id) throw new Error(`seeding ${sobject}: ${JSON.stringify(result.errors)}`);
  return result.id;
}

let browser: Browser;
let org: LocalOrg;
let server: PreviewServer;
let userId: string;
let registration: string;
let lead: string;
let partnerId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  org = await startLocalOrg();
  const partner = insert(org.store, 'Partner__c', {
    Name: 'Northwind', Domain__c: 'northwind.example', Status__c: 'Active', Type__c: 'Reseller', Sharing_Level__c: 'Overlapping records',
  });
  partnerId = partner;
  // the partner's latest private exchange: finished at the same instant, our set as large as the run's read
  insert(org.store, 'Partner_Exchange__c', {
    Partner__c: partner, Mode__c: 'Counts', Started__c: '2026-12-07T13:00:00.000Z', Finished__c: INSTANT, Our_Set_Size__c: READ, Partner_Set_Size__c: 950,
    Counts__c: JSON.stringify([{ ourPopulation: 'Customer', partnerPopulation: 'Customer', count: 42 }]), External_Id__c: 'exchange-1',
  });
  insert(org.store, 'Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default' });
  insert(org.store, 'Partner_Sync_Run__c', {
    Mode__c: 'Full', Status__c: 'Succeeded', Started__c: INSTANT, Finished__c: '2026-12-07T13:06:00.000Z', Records_Read__c: READ,
    Records_Matched__c: 0, Records_Created__c: 0, Records_Updated__c: 0, Records_Deactivated__c: 0, Records_Failed__c: 0, External_Id__c: 'run-1',
  });
  registration = insert(org.store, 'Partner_Registration__c', {
    Partner__c: partner, Company__c: 'Globex', Domain__c: 'globex.example', Status__c: 'Submitted', Submitted_At__c: INSTANT,
    Estimated_Amount__c: AMOUNT, Expected_Close_Date__c: DAY, External_Id__c: 'northwind:R-1',
  });
  lead = insert(org.store, 'Lead', {
    LastName: 'Park', Company: 'Globex', Email: 'jo@globex.example', Partner_Sourced__c: true, Source_Partner__c: partner, Partner_Referral_Date__c: DAY,
  });
  userId = String(org.store.query('SELECT Id FROM User').records[0]?.Id);
  server = await servePreview(org);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await org?.stop();
});

test("the written-out texts are Intl's for the record values in each user's locale and zone", () => {
  for (const c of CASES) {
    const dateTime = new Intl.DateTimeFormat(c.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: c.timeZone });
    expect(plain(dateTime.format(new Date(INSTANT)))).toBe(c.dateTime);
    expect(plain(new Intl.DateTimeFormat(c.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${DAY}T00:00:00Z`)))).toBe(c.date);
    expect(plain(new Intl.NumberFormat(c.locale).format(READ))).toBe(c.count);
    expect(plain(new Intl.NumberFormat(c.locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(AMOUNT))).toBe(c.money);
    expect(plain(new Intl.NumberFormat(c.locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2 }).format(AMOUNT))).toBe(c.fieldMoney);
  }
});

describe.each(CASES)('a $localeSidKey user in $timeZoneSidKey', (c) => {
  beforeAll(() => {
    const saved = org.store.update('User', userId, { LocaleSidKey: c.localeSidKey, TimeZoneSidKey: c.timeZoneSidKey });
    expect(saved.success).toBe(true);
  });

  describe.each([1366, 400])('at %i px', (width) => {
    const tag = `${c.locale}-${width}`;

    test('run history on Home: the start time and the records read', async () => {
      await visit(browser, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
        const run = page.locator('c-partner-sync-admin table.run-table tbody tr').first();
        await run.waitFor();
        await run.locator('td.started lightning-formatted-date-time', { hasText: /\d/ }).waitFor();
        expect(plain(await run.locator('td.started').innerText())).toContain(c.dateTime);
        expect(plain(await run.locator('td[data-count="read"] lightning-formatted-number').innerText())).toBe(c.count);
        await screenshot(page, `issue19-locale-runs-${tag}`);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      }, { width });
    });

    test("the sync runs' list view: the start time", async () => {
      await visit(browser, `${server.url}/lightning/o/Partner_Sync_Run__c/home`, async (page) => {
        const started = page.locator('preview-object-home tbody tr td[data-field="Started__c"]', { hasText: /\d/ }).first();
        await started.waitFor();
        expect(plain(await started.innerText())).toBe(c.dateTime);
        await screenshot(page, `issue19-locale-run-list-${tag}`);
      }, { width });
    });

    test('the registration queue: the submitted time and the amount', async () => {
      await visit(browser, `${server.url}/lightning/n/PartnerLens_Registrations`, async (page) => {
        const row = page.locator('c-partner-registration-queue tr.registration').first();
        await row.locator('td.submitted lightning-formatted-date-time', { hasText: /\d/ }).waitFor();
        expect(plain(await row.locator('td.submitted lightning-formatted-date-time').innerText())).toBe(c.dateTime);
        expect(plain(await row.locator('td.amount lightning-formatted-number').innerText())).toBe(c.money);
        await screenshot(page, `issue19-locale-queue-${tag}`);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      }, { width });
    });

    test("a registration's record page: the submitted time, the amount and the expected close date", async () => {
      await visit(browser, `${server.url}/lightning/r/Partner_Registration__c/${registration}/view`, async (page) => {
        const review = page.locator('c-partner-registration-review');
        await review.locator('dd.submitted lightning-formatted-date-time', { hasText: /\d/ }).waitFor();
        expect(plain(await review.locator('dd.submitted').innerText())).toBe(c.dateTime);
        expect(plain(await review.locator('dd.amount').innerText())).toBe(c.money);
        expect(plain(await review.locator('dd.expected-close').innerText())).toBe(c.date);
        // the page's own highlights and record details (Lightning's, in the preview its stand-ins) in the same
        // formats, not the org's en-US UTC displayValue
        const details = page.locator('preview-details');
        await details.locator('[data-field="Submitted_At__c"]', { hasText: /\d/ }).waitFor();
        expect(plain(await details.locator('[data-field="Submitted_At__c"]').innerText())).toBe(c.dateTime);
        expect(plain(await details.locator('[data-field="Expected_Close_Date__c"]').innerText())).toBe(c.date);
        expect(plain(await details.locator('[data-field="Estimated_Amount__c"]').innerText())).toBe(c.fieldMoney);
        expect(plain(await page.locator('preview-record-page [data-field="Estimated_Amount__c"]').first().innerText())).toBe(c.fieldMoney);
        // every highlights label and value reads in full at either width, none cut to "C…" by an ellipsis
        const cut = await page.locator('preview-record-page .slds-page-header__detail-block .slds-truncate').evaluateAll((els) =>
          (els as unknown as { scrollWidth: number; clientWidth: number; textContent: string | null }[]).filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent),
        );
        expect(cut).toEqual([]);
        await screenshot(page, `issue19-locale-registration-${tag}`);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      }, { width });
    });

    test("a partner's page: the latest exchange's finish time and our set size", async () => {
      await visit(browser, `${server.url}/lightning/r/Partner__c/${partnerId}/view`, async (page) => {
        const summary = page.locator('c-partner-exchange-matrix .summary', { hasText: /\d/ });
        await summary.waitFor();
        const text = plain(await summary.innerText());
        expect(text).toContain(c.dateTime);
        expect(text).toContain(c.count);
        await screenshot(page, `issue19-locale-partner-${tag}`);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      }, { width });
    });

    test("a lead's page: the referral date, as the registration's date reads", async () => {
      await visit(browser, `${server.url}/lightning/r/Lead/${lead}/view`, async (page) => {
        const date = page.locator('c-lead-partner-badge .referral-date', { hasText: /\d/ });
        await date.waitFor();
        expect(plain(await date.innerText())).toBe(c.date);
        await screenshot(page, `issue19-locale-lead-${tag}`);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
      }, { width });
    });
  });
});
