// Co-sell now in the browser (issue 16): the preview's Home page ranks the user's open deals by the co-sell score on
// a local org seeded with a known lift; a rep requests an intro (a Task for the partner manager, the signal marked)
// and dismisses a pair. Signals are written through the org's REST API, as the sync writes them (its detection is
// the backend half of the issue); the end state is read back by SOQL over REST, at 1366 and 400 px.
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startLocalOrg, type LocalOrg, type OrgStore } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import type { PreviewServer } from '../../src/preview/server';
import { fill, launchBrowser, screenshot, servePreview, visit } from './harness';

// A cold run builds the bundle (12-30 s on 2 cores); the journeys themselves take seconds.
jest.setTimeout(240_000);

const label = readCustomLabels(path.join(__dirname, '..', '..', 'force-app'));

interface Seeded {
  manager: string;
  acmeDeal: string;
  hooliDeal: string;
}

function insert(store: OrgStore, sobject: string, fields: Record<string, unknown>): string {
  const result = store.insert(sobject, fields, { allowReadOnly: true });
  if (!result.success || !result.id) throw new Error(`seeding ${sobject}: ${JSON.stringify(result.errors)}`);
  return result.id;
}

/**
 * The lift is known by construction: 4 closed deals with no partner, 1 won (25%); 5 closed deals on accounts Globex
 * shares, 3 won (60%); every won deal took 30 days. Initech shares no closed deal: its pairs use the prior (60% vs 25%).
 */
function seed(store: OrgStore): Seeded {
  const manager = insert(store, 'User', { Username: 'morgan@partnerlens.example', FirstName: 'Morgan', LastName: 'Manager', Email: 'morgan@partnerlens.example' });
  const partner = (name: string, owner?: string): string =>
    insert(store, 'Partner__c', {
      Name: name, Domain__c: `${name.toLowerCase()}.example`, Status__c: 'Active', Type__c: 'Reseller', Sharing_Level__c: 'Overlapping records',
      ...(owner ? { OwnerId: owner } : {}),
    });
  const globex = partner('Globex', manager);
  const initech = partner('Initech', manager);
  const account = (name: string): string => insert(store, 'Account', { Name: name, Website: `https://${name.toLowerCase()}.example` });
  const closed = (accountId: string, won: boolean): string =>
    insert(store, 'Opportunity', {
      Name: `Closed ${accountId}`, AccountId: accountId, StageName: won ? 'Closed Won' : 'Closed Lost', Amount: 1000,
      CreatedDate: '2026-01-01T00:00:00.000Z', CloseDate: '2026-01-31',
    });
  const loner = account('Loner');
  [true, false, false, false].forEach((won) => closed(loner, won));
  const overlap = (partnerId: string, accountId: string, population: string, owner?: string): string =>
    insert(store, 'Partner_Overlap__c', {
      Partner__c: partnerId, Account__c: accountId, Match_Key__c: `${accountId}.example`, Match_Method__c: 'Domain', Our_Population__c: 'Open Opportunity',
      Partner_Population__c: population, Active__c: true, External_Id__c: `${partnerId}:${accountId}`, ...(owner ? { Partner_Owner_Name__c: owner } : {}),
    });
  [true, true, true, false, false].forEach((won, i) => {
    const shared = account(`Shared${i}`);
    overlap(globex, shared, 'Customer');
    closed(shared, won);
  });
  const acme = account('Acme');
  const hooli = account('Hooli');
  overlap(globex, acme, 'Customer', 'Pat Lee');
  overlap(initech, hooli, 'Prospect');
  // the preview's user (the org's own) owns the open deals: "my" deals
  const acmeDeal = insert(store, 'Opportunity', { Name: 'Acme expansion', AccountId: acme, StageName: 'Prospecting', Amount: 100000, CloseDate: '2027-03-31' });
  const hooliDeal = insert(store, 'Opportunity', { Name: 'Hooli renewal', AccountId: hooli, StageName: 'Prospecting', Amount: 50000, CloseDate: '2027-03-31' });
  return { manager, acmeDeal, hooliDeal };
}

describe('co-sell now', () => {
  let browser: Browser;
  let org: LocalOrg;
  let server: PreviewServer;
  let seeded: Seeded;
  let ids: Record<string, string>;
  /** The org's user: the preview's @salesforce/user/Id. */
  let userId: string;

  async function rest(method: string, resource: string, body?: unknown): Promise<Response> {
    return fetch(`${org.instanceUrl}/services/data/v${API_VERSION}${resource}`, {
      method,
      headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function soql(query: string): Promise<Record<string, unknown>[]> {
    const res = await rest('GET', `/query?q=${encodeURIComponent(query)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { records: Record<string, unknown>[] }).records;
  }

  /** A signal as the sync records it: upserted by its external id over REST. */
  async function signal(externalId: string, fields: Record<string, unknown>): Promise<string> {
    const res = await rest('PATCH', `/sobjects/Partner_Signal__c/External_Id__c/${externalId}`, { Status__c: 'New', ...fields });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    org = await startLocalOrg();
    seeded = seed(org.store);
    const partnerIds = Object.fromEntries((await soql('SELECT Id, Name FROM Partner__c')).map((r) => [String(r.Name), String(r.Id)]));
    const accountIds = Object.fromEntries((await soql('SELECT Id, Name FROM Account')).map((r) => [String(r.Name), String(r.Id)]));
    const detectedAt = new Date(Date.now() - 3_600_000).toISOString();
    ids = {
      acmeSignal: await signal('globex:acme:customer', {
        Partner__c: partnerIds.Globex, Account__c: accountIds.Acme, Opportunity__c: seeded.acmeDeal, Kind__c: 'Prospect_Became_Customer',
        From_Population__c: 'Prospect', To_Population__c: 'Customer', Detected_At__c: detectedAt,
      }),
      hooliSignal: await signal('initech:hooli:new', {
        Partner__c: partnerIds.Initech, Account__c: accountIds.Hooli, Opportunity__c: seeded.hooliDeal, Kind__c: 'New_Overlap_On_Open_Deal',
        To_Population__c: 'Prospect', Detected_At__c: detectedAt,
      }),
      // on an account with no open deal: nothing for a rep's list, one for the partner manager to acknowledge
      sharedSignal: await signal('globex:shared0:deal', {
        Partner__c: partnerIds.Globex, Account__c: accountIds.Shared0, Kind__c: 'Partner_Opened_Deal', To_Population__c: 'Open Opportunity',
        Detected_At__c: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      }),
      globex: partnerIds.Globex ?? '',
    };
    const info = await fetch(`${org.instanceUrl}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    userId = ((await info.json()) as { user_id: string }).user_id;
    server = await servePreview(org);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await org?.stop();
  });

  const homeUrl = (): string => `${server.url}/lightning/n/PartnerLens_Home`;
  const card = (page: Page): Locator => page.locator('c-co-sell-now');
  const deal = (page: Page, name: string): Locator => card(page).locator('li.deal', { has: page.getByRole('heading', { name, exact: true }) });
  const pair = (page: Page, dealName: string, partner: string): Locator =>
    deal(page, dealName).locator('li.pair', { has: page.getByRole('heading', { name: partner, exact: true }) });

  async function noSidewaysScroll(page: Page): Promise<void> {
    type Box = { scrollWidth: number; clientWidth: number };
    const overflow = await card(page).locator('article').evaluate((el) => (el as unknown as Box).scrollWidth - (el as unknown as Box).clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }

  test('the Home page ranks my open deals by the co-sell score, with reasons, at 1366 px; a rep requests an intro', async () => {
    await visit(browser, homeUrl(), async (page) => {
      await deal(page, 'Acme expansion').waitFor();
      // Acme: 100,000 x (1 + 60% - 25%) x 1 (same cycle) x 1 (customer) x ~1.5 (signal an hour old) = 202,500
      // Hooli: 50,000 x (1 + 60% - 25%, all partners' deals: Initech shares none) x 0.5 (prospect) x ~1.5 = 50,625
      await expect(card(page).locator('li.deal h3').allInnerTexts()).resolves.toEqual(['Acme expansion', 'Hooli renewal']);
      await expect(card(page).locator('li.deal .score').allInnerTexts()).resolves.toEqual(['202,500', '50,625']);
      const globex = pair(page, 'Acme expansion', 'Globex');
      await expect(globex.locator('.reasons').innerText()).resolves.toBe(
        [fill(label.PL_CoSell_Reason_Customer, 'Globex'), fill(label.PL_CoSell_Reason_Win_Rate, 'Globex', '60%', '25%'), fill(label.PL_CoSell_Reason_Signal_Became_Customer, 'Globex', label.PL_CoSell_Age_Today ?? '')].join('; '),
      );
      await expect(pair(page, 'Hooli renewal', 'Initech').locator('.reasons').innerText()).resolves.toContain(
        fill(label.PL_CoSell_Reason_Prior, 'Initech', 0, 5, '60%', '25%'),
      );
      // the same lift as the Partner Impact card on this page: Globex's row, 60% - 25% = 35.0 points
      const globexImpact = page.locator('c-partner-impact tbody tr', { hasText: 'Globex' }).first();
      await expect(globexImpact.locator('td[data-field="winRateLift"]').innerText()).resolves.toBe('35.0');
      await expect(globex.locator('.partner-owner').innerText()).resolves.toBe('Pat Lee');
      await expect(globex.locator('.partner-manager').innerText()).resolves.toBe('Morgan Manager');
      await expect(pair(page, 'Hooli renewal', 'Initech').locator('.partner-owner').innerText()).resolves.toBe(label.PL_Contact_Not_Shared);
      await screenshot(page, 'co-sell-now-1366');

      await globex.getByRole('button', { name: label.PL_CoSell_Request_Intro }).click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: fill(label.PL_CoSell_Intro_Done, 'Globex', 'Morgan Manager') }).waitFor();
      await globex.getByText(label.PL_CoSell_Intro_Requested ?? '').waitFor();
      await expect(globex.getByRole('button').count()).resolves.toBe(0);
      await screenshot(page, 'co-sell-intro-requested-1366');
      // after a reload the list reads the request back from the signal
      await page.reload();
      await pair(page, 'Acme expansion', 'Globex').getByText(label.PL_CoSell_Intro_Requested ?? '').waitFor();
    });

    const [task, ...others] = await soql(`SELECT Id, Subject, OwnerId, WhatId, Status, Priority, Description FROM Task`);
    expect(others).toEqual([]);
    expect(task).toMatchObject({
      Subject: fill(label.PL_CoSell_Intro_Subject, 'Globex', 'Acme expansion'),
      OwnerId: seeded.manager,
      WhatId: seeded.acmeDeal,
      Status: 'Not Started',
      Priority: 'Normal',
    });
    expect(String(task?.Description)).toContain(fill(label.PL_CoSell_Reason_Win_Rate, 'Globex', '60%', '25%'));
    const [marked] = await soql(`SELECT Status__c, Intro_Task_Id__c FROM Partner_Signal__c WHERE Id = '${ids.acmeSignal}'`);
    expect(marked).toMatchObject({ Status__c: 'Intro_Requested', Intro_Task_Id__c: task?.Id });
  });

  test('at 400 px the list reads without sideways scrolling, and a rep dismisses a pair', async () => {
    await visit(
      browser,
      homeUrl(),
      async (page) => {
        const initech = pair(page, 'Hooli renewal', 'Initech');
        await initech.waitFor();
        await noSidewaysScroll(page);
        await screenshot(page, 'co-sell-now-400');
        await initech.getByRole('button', { name: label.PL_CoSell_Dismiss }).click();
        await page.locator('preview-toasts [data-variant="success"]', { hasText: fill(label.PL_CoSell_Dismissed, 'Initech', 'Hooli renewal') }).waitFor();
        await deal(page, 'Hooli renewal').waitFor({ state: 'detached' });
        await expect(card(page).locator('li.deal h3').allInnerTexts()).resolves.toEqual(['Acme expansion']);
        await noSidewaysScroll(page);
        await screenshot(page, 'co-sell-dismissed-400');
      },
      { width: 400 },
    );
    const [dismissed] = await soql(`SELECT Status__c, Intro_Task_Id__c FROM Partner_Signal__c WHERE Id = '${ids.hooliSignal}'`);
    expect(dismissed).toMatchObject({ Status__c: 'Dismissed', Intro_Task_Id__c: null });
    // dismissing asks no one for anything: still the one intro task
    await expect(soql('SELECT Id FROM Task')).resolves.toHaveLength(1);
  });

  test("the partner manager sees Globex's signals on its page, acknowledged or not, and acknowledges one", async () => {
    const started = Date.now();
    for (const width of [1366, 400]) {
      await visit(
        browser,
        `${server.url}/lightning/r/Partner__c/${ids.globex}/view`,
        async (page) => {
          const signals = page.locator('c-partner-signals');
          const open = signals.locator('li.signal');
          if (width === 1366) {
            await open.first().waitFor();
            // the intro request of the first journey acted on the Acme signal: only the other one waits
            await expect(signals.locator('.summary').innerText()).resolves.toBe(fill(label.PL_Signals_Summary, 1, 1));
            await expect(open.locator('.kind').allInnerTexts()).resolves.toEqual(['Partner opened a deal']);
            await expect(open.locator('.record').innerText()).resolves.toBe('Shared0');
            // the toggle's label takes the click, as a user's would
            await signals.getByText(label.PL_Signals_Show_Acknowledged ?? '').click();
            await open.nth(1).waitFor();
            // newest first: the Acme signal (an hour old) before the Shared0 one (two hours)
            await expect(open.locator('.kind').allInnerTexts()).resolves.toEqual(['Prospect became customer', 'Partner opened a deal']);
            await expect(open.first().locator('.status-value').innerText()).resolves.toBe('Intro requested');
            await expect(open.first().locator('.record').innerText()).resolves.toBe('Acme expansion');
            await screenshot(page, 'partner-signals-1366');
            await signals.getByRole('button', { name: label.PL_Signals_Acknowledge, exact: true }).click();
            await page.locator('preview-toasts [data-variant="success"]', { hasText: label.PL_Signals_Acknowledged }).waitFor();
            await signals.locator('.summary', { hasText: fill(label.PL_Signals_Summary, 0, 2) }).waitFor();
            await expect(signals.getByRole('button', { name: label.PL_Signals_Acknowledge, exact: true }).count()).resolves.toBe(0);
          } else {
            await signals.locator('.summary', { hasText: fill(label.PL_Signals_Summary, 0, 2) }).waitFor();
            await screenshot(page, 'partner-signals-400');
          }
        },
        { width },
      );
    }
    const [acknowledged] = await soql(`SELECT Status__c, Acknowledged_By__c, Acknowledged_At__c FROM Partner_Signal__c WHERE Id = '${ids.sharedSignal}'`);
    expect(acknowledged).toMatchObject({ Status__c: 'Acknowledged', Acknowledged_By__c: userId });
    expect(Date.parse(String(acknowledged?.Acknowledged_At__c).replace(/\+0000$/, 'Z'))).toBeGreaterThanOrEqual(started - 1000);
  });
});
