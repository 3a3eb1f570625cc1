// Co-sell now in the browser (issue 16): the preview's Home page ranks the user's open deals by the co-sell score on
// a local org with a known lift; a rep requests an intro (a Task for the partner manager, the signal marked) and
// dismisses a pair; the partner manager acknowledges a signal on the Partner page. The overlaps and signals come from
// the real sync: a baseline run, then partner files in which rows moved. The end state is read back by SOQL over
// REST, at 1366 and 400 px.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { loadLocalConfig } from '../../src/config/localConfig';
import { startLocalOrg, type LocalOrg, type OrgStore } from '../../src/localorg/index';
import { connectionFor, type Target } from '../../src/org/connection';
import { API_VERSION } from '../../src/schema/dataModel';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import type { PreviewServer } from '../../src/preview/server';
import { syncFromConfig } from '../../src/sync/fromConfig';
import type { RunningDemo } from '../../src/usecases/demo';
import { fill, launchBrowser, screenshot, servePreview, startDemoPreview, visit, type DemoPreview } from './harness';

// A cold run builds the bundle (12-30 s on 2 cores); the journeys themselves take seconds.
jest.setTimeout(240_000);

const label = readCustomLabels(path.join(__dirname, '..', '..', 'force-app'));

interface Seeded {
  manager: string;
  acmeDeal: string;
  hooliDeal: string;
  globex: string;
}

function insert(store: OrgStore, sobject: string, fields: Record<string, unknown>): string {
  const result = store.insert(sobject, fields, { allowReadOnly: true });
  if (!result.success || !result.id) throw new Error(`seeding ${sobject}: ${JSON.stringify(result.errors)}`);
  return result.id;
}

/**
 * Our side. The lift is known by construction once the sync has matched Globex's file: 4 closed deals with no
 * partner, 1 won (25%); 5 closed deals on accounts Globex lists, 3 won (60%); every won deal took 30 days. Initech
 * shares no closed deal: its pairs use the prior (60% vs 25%).
 */
function seed(store: OrgStore): Seeded {
  const manager = insert(store, 'User', { Username: 'morgan@partnerlens.example', FirstName: 'Morgan', LastName: 'Manager', Email: 'morgan@partnerlens.example' });
  const partner = (name: string, sharing: string): string =>
    insert(store, 'Partner__c', {
      Name: name, External_Id__c: name.toLowerCase(), Domain__c: `${name.toLowerCase()}.example`, Status__c: 'Active', Type__c: 'Reseller',
      Sharing_Level__c: sharing, OwnerId: manager,
    });
  const globex = partner('Globex', 'Overlapping records');
  // counts only: the sync keeps Initech's account owners off the overlaps
  partner('Initech', 'Counts only');
  const account = (name: string): string => insert(store, 'Account', { Name: name, Website: `https://${name.toLowerCase()}.com`, Type: 'Prospect' });
  const closed = (accountId: string, won: boolean): string =>
    insert(store, 'Opportunity', {
      Name: `Closed ${accountId}`, AccountId: accountId, StageName: won ? 'Closed Won' : 'Closed Lost', Amount: 1000,
      CreatedDate: '2026-01-01T00:00:00.000Z', CloseDate: '2026-01-31',
    });
  const loner = account('Loner');
  [true, false, false, false].forEach((won) => closed(loner, won));
  [true, true, true, false, false].forEach((won, i) => closed(account(`Shared${i}`), won));
  account('Initrode');
  const acme = account('Acme');
  const hooli = account('Hooli');
  // the preview's user (the org's own) owns the open deals: "my" deals
  const acmeDeal = insert(store, 'Opportunity', { Name: 'Acme expansion', AccountId: acme, StageName: 'Prospecting', Amount: 100000, CloseDate: '2027-03-31' });
  const hooliDeal = insert(store, 'Opportunity', { Name: 'Hooli renewal', AccountId: hooli, StageName: 'Prospecting', Amount: 50000, CloseDate: '2027-03-31' });
  return { manager, acmeDeal, hooliDeal, globex };
}

/** The partners' files: `moved` is the second sync's, where Acme and Shared0 became Globex customers and Initech lists Hooli. */
function partnerFiles(dir: string, moved: boolean): void {
  const header = 'id,company,website,population,owner_name\n';
  const shared = [0, 1, 2, 3, 4].map((i) => `G-${i},Shared${i},shared${i}.com,${i === 0 && !moved ? 'Prospect' : 'Customer'},`).join('\n');
  writeFileSync(path.join(dir, 'globex.csv'), `${header}${shared}\nG-9,Acme,acme.com,${moved ? 'Customer' : 'Prospect'},Pat Lee\n`);
  writeFileSync(path.join(dir, 'initech.csv'), `${header}I-1,Initrode,initrode.com,Customer,\n${moved ? 'I-2,Hooli,hooli.com,Prospect,Sam Hidden\n' : ''}`);
}

describe('co-sell now', () => {
  let browser: Browser;
  let org: LocalOrg;
  let server: PreviewServer;
  let seeded: Seeded;
  let ids: Record<string, string>;
  /** The org's user: the preview's @salesforce/user/Id. */
  let userId: string;

  async function soql(query: string): Promise<Record<string, unknown>[]> {
    const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/query?q=${encodeURIComponent(query)}`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { records: Record<string, unknown>[] }).records;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    org = await startLocalOrg();
    seeded = seed(org.store);
    const dir = mkdtempSync(path.join(tmpdir(), 'plcosell-'));
    writeFileSync(path.join(dir, 'partnerlens.config.json'), JSON.stringify({ partnerFiles: [{ partner: 'globex', file: 'globex.csv' }, { partner: 'initech', file: 'initech.csv' }] }));
    const target: Target = { conn: connectionFor(org.instanceUrl, org.accessToken), key: 'local', label: 'local org' };
    const sync = async (): Promise<number> => {
      const result = await syncFromConfig({ cwd: dir, target, config: loadLocalConfig(dir), overlapSeconds: 0 });
      expect(result.failures).toEqual([]);
      return result.signals?.detected ?? 0;
    };
    // the first sync with a partner is the baseline; the second finds what moved
    partnerFiles(dir, false);
    await expect(sync()).resolves.toBe(0);
    partnerFiles(dir, true);
    await expect(sync()).resolves.toBe(3);
    const signalOf = async (where: string): Promise<string> => {
      const [row, ...more] = await soql(`SELECT Id FROM Partner_Signal__c WHERE ${where}`);
      expect(more).toEqual([]);
      return String(row?.Id);
    };
    ids = {
      acmeSignal: await signalOf(`Opportunity__c = '${seeded.acmeDeal}' AND Kind__c = 'Prospect_Became_Customer'`),
      hooliSignal: await signalOf(`Opportunity__c = '${seeded.hooliDeal}' AND Kind__c = 'New_Overlap_On_Open_Deal'`),
      // on an account with no open deal: nothing for a rep's list, one for the partner manager to acknowledge
      sharedSignal: await signalOf(`Opportunity__c = null AND Kind__c = 'Prospect_Became_Customer'`),
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

  test("on a deal's Opportunity page the card lists that deal only, its actions below the reasons in the narrow sidebar", async () => {
    await visit(browser, `${server.url}/lightning/r/Opportunity/${seeded.acmeDeal}/view`, async (page) => {
      const globex = pair(page, 'Acme expansion', 'Globex');
      await globex.getByText(label.PL_CoSell_Intro_Requested ?? '').waitFor();
      await expect(card(page).locator('li.deal h3').allInnerTexts()).resolves.toEqual(['Acme expansion']);
      const manager = await globex.locator('.partner-manager').boundingBox();
      const badge = await globex.getByText(label.PL_CoSell_Intro_Requested ?? '').boundingBox();
      expect(manager).not.toBeNull();
      expect(badge?.y).toBeGreaterThanOrEqual((manager?.y ?? 0) + (manager?.height ?? 0));
      await noSidewaysScroll(page);
      await screenshot(page, 'co-sell-opportunity-1366');
    });
  });

  test("the partner manager sees Globex's signals on its page, acknowledged or not, and acknowledges one", async () => {
    const started = Date.now();
    for (const width of [1366, 400]) {
      await visit(
        browser,
        `${server.url}/lightning/r/Partner__c/${seeded.globex}/view`,
        async (page) => {
          const signals = page.locator('c-partner-signals');
          const open = signals.locator('li.signal');
          if (width === 1366) {
            await open.first().waitFor();
            // the intro request of the first journey acted on the Acme signal: only the other one waits
            await expect(signals.locator('.summary').innerText()).resolves.toBe(fill(label.PL_Signals_Summary, 1, 1));
            await expect(open.locator('.kind').allInnerTexts()).resolves.toEqual(['Prospect became customer']);
            await expect(open.locator('.record').innerText()).resolves.toBe('Shared0');
            // the toggle's label takes the click, as a user's would
            await signals.getByText(label.PL_Signals_Show_Acknowledged ?? '').click();
            await open.nth(1).waitFor();
            // both from the same sync; the Acme one was acted on by the intro request
            const acme = open.filter({ hasText: 'Acme expansion' });
            await expect(acme.locator('.kind').innerText()).resolves.toBe('Prospect became customer');
            await expect(acme.locator('.status-value').innerText()).resolves.toBe('Intro requested');
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

describe("co-sell now on the demo org (npm start's)", () => {
  let browser: Browser;
  let demo: RunningDemo;
  let server: PreviewServer;
  let fixture: DemoPreview | undefined;

  beforeAll(async () => {
    fixture = await startDemoPreview('plcosell-demo-');
    ({ browser, demo, server } = fixture);
  });

  afterAll(async () => fixture?.close());

  test("the Home page ranks the user's open deals that overlap a partner, best first, each with reasons", async () => {
    const q = (soql: string): Record<string, unknown>[] => demo.org.store.query(soql).records;
    const overlapping = new Set(q('SELECT Account__c FROM Partner_Overlap__c WHERE Active__c = true AND Disputed__c = false AND Account__c != null').map((r) => String(r.Account__c)));
    const candidates = q('SELECT Name, AccountId FROM Opportunity WHERE IsClosed = false').filter((r) => overlapping.has(String(r.AccountId))).map((r) => String(r.Name));
    expect(candidates.length).toBeGreaterThan(0);
    await visit(browser, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
      const deals = page.locator('c-co-sell-now li.deal');
      await deals.first().waitFor();
      const names = await deals.locator('h3').allInnerTexts();
      expect(names).toHaveLength(Math.min(10, candidates.length));
      expect(names.filter((n) => !candidates.includes(n))).toEqual([]);
      const scores = (await deals.locator('.score').allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const reasons of await page.locator('c-co-sell-now li.pair .reasons').allInnerTexts()) expect(reasons.length).toBeGreaterThan(0);
      await screenshot(page, 'co-sell-demo-1366');
    });
  });
});
