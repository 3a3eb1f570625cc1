// Deal registration approval in the browser (issue 17): a partner manager works the registration queue on its app
// page and decides on registration record pages (approve one, reject one), on a local org seeded here. The end
// state is read back from the org by SOQL over its REST API, as any client would.
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startLocalOrg, type LocalOrg, type OrgStore } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import type { PreviewServer } from '../../src/preview/server';
import { runReport } from '../../src/impact/report';
import { OrgClient } from '../../src/org/client';
import { connectionFor } from '../../src/org/connection';
import { BudgetGuard } from '../../src/org/budget';
import { runSync } from '../../src/sync/engine';
import { CheckpointStore } from '../../src/sync/state';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fill, launchBrowser, screenshot, servePreview, visit } from './harness';

// A cold run builds the bundle (12-30 s on 2 cores); the journeys themselves take seconds.
jest.setTimeout(240_000);

const label = readCustomLabels(path.join(__dirname, '..', '..', 'force-app'));
const PROTECTION_DAYS = 30;

interface Seeded {
  /** Northwind's Globex registration, the oldest waiting, no conflict: approved in the journey. */
  globex: string;
  /** Fabrikam's Acme GmbH, matched by name only: stays in the queue, flagged. */
  acmeGmbh: string;
  /** Contoso's Initech, after Northwind's approved Initech registration: rejected in the journey. */
  initech: string;
  /** Northwind's approved Initech registration (decided: not in the queue). */
  initechFirst: string;
  /** Contoso's Umbrella, rejected by the existing-deal rule: approved with an override in the journey. */
  umbrella: string;
  /** Umbrella's open deal, which the override links. */
  umbrellaDeal: string;
}

function insert(store: OrgStore, sobject: string, fields: Record<string, unknown>): string {
  const result = store.insert(sobject, fields);
  if (!result.success || !result.id) throw new Error(`seeding ${sobject}: ${JSON.stringify(result.errors)}`);
  return result.id;
}

function seed(store: OrgStore): Seeded {
  const partner = (name: string): string =>
    insert(store, 'Partner__c', { Name: name, Domain__c: `${name.toLowerCase()}.example`, Status__c: 'Active', Type__c: 'Reseller', Sharing_Level__c: 'Overlapping records' });
  const northwind = partner('Northwind');
  const contoso = partner('Contoso');
  const fabrikam = partner('Fabrikam');
  const acme = insert(store, 'Account', { Name: 'Acme Corp', Website: 'https://acme.example' });
  const initechAccount = insert(store, 'Account', { Name: 'Initech', Website: 'https://initech.example' });
  insert(store, 'Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default', Registration_Protection_Days__c: PROTECTION_DAYS });
  const registration = (fields: Record<string, unknown>): string => insert(store, 'Partner_Registration__c', fields);
  const initechFirst = registration({
    Partner__c: northwind, Company__c: 'Initech', Domain__c: 'initech.example', Status__c: 'Approved', Submitted_At__c: '2026-10-01T09:00:00.000Z',
    Decided_At__c: '2026-10-02T09:00:00.000Z', Protection_Until__c: '2099-12-31', Account__c: initechAccount, Match_Method__c: 'Domain', External_Id__c: 'northwind:R-1',
  });
  // inserted out of submission order: the queue sorts them
  const initech = registration({
    Partner__c: contoso, Company__c: 'Initech', Domain__c: 'initech.example', Status__c: 'Submitted', Submitted_At__c: '2026-12-01T11:45:00.000Z',
    Estimated_Amount__c: 90000, Conflict__c: 'Other partner', Conflicting_Registration__c: initechFirst, Account__c: initechAccount,
    Match_Method__c: 'Domain', Match_Reason__c: 'website initech.example = initech.example', External_Id__c: 'contoso:C-7',
  });
  const globex = registration({
    Partner__c: northwind, Company__c: 'Globex', Domain__c: 'globex.example', Status__c: 'Submitted', Submitted_At__c: '2026-11-20T08:00:00.000Z',
    Estimated_Amount__c: 50000, Contact_Name__c: 'Jo Park', Contact_Email__c: 'jo@globex.example', External_Id__c: 'northwind:R-2',
  });
  const acmeGmbh = registration({
    Partner__c: fabrikam, Company__c: 'Acme GmbH', Domain__c: 'acme.de', Status__c: 'Under review', Submitted_At__c: '2026-11-28T14:15:00.000Z',
    Estimated_Amount__c: 12000, Conflict__c: 'Name only', Match_Method__c: 'Name', Account__c: acme,
    Match_Reason__c: "name 'Acme GmbH' ~ 'Acme Corp' on acme.de / acme.example", External_Id__c: 'fabrikam:F-3',
  });
  const umbrellaAccount = insert(store, 'Account', { Name: 'Umbrella', Website: 'https://umbrella.example' });
  const umbrellaDeal = insert(store, 'Opportunity', { Name: 'Umbrella - expansion', AccountId: umbrellaAccount, StageName: 'Prospecting', CloseDate: '2027-03-31', Amount: 80000 });
  const umbrella = registration({
    Partner__c: contoso, Company__c: 'Umbrella', Domain__c: 'umbrella.example', Status__c: 'Rejected', Conflict__c: 'Existing deal', Account__c: umbrellaAccount,
    Submitted_At__c: '2026-11-25T10:00:00.000Z', Decided_At__c: '2026-11-25T10:00:00.000Z', Match_Method__c: 'Domain',
    Decision_Reason__c: 'Existing deal: Umbrella - expansion', External_Id__c: 'contoso:C-9',
  });
  return { globex, acmeGmbh, initech, initechFirst, umbrella, umbrellaDeal };
}

describe('deal registration approval', () => {
  let browser: Browser;
  let org: LocalOrg;
  let server: PreviewServer;
  let reg: Seeded;
  let names: Record<string, string>;
  /** The org's user: the preview's @salesforce/user/Id, so Decided_By__c. */
  let userId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    org = await startLocalOrg();
    reg = seed(org.store);
    names = Object.fromEntries(org.store.query('SELECT Id, Name FROM Partner_Registration__c').records.map((r) => [String(r.Id), String(r.Name)]));
    const info = await fetch(`${org.instanceUrl}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    userId = ((await info.json()) as { user_id: string }).user_id;
    server = await servePreview(org);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await org?.stop();
  });

  /** A registration as the org holds it, read with SOQL over REST. */
  async function inOrg(id: string): Promise<Record<string, unknown>> {
    const soql = `SELECT Status__c, Decided_At__c, Decided_By__c, Protection_Until__c, Decision_Reason__c FROM Partner_Registration__c WHERE Id = '${id}'`;
    const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/query?q=${encodeURIComponent(soql)}`, { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(res.status).toBe(200);
    const [record] = ((await res.json()) as { records: Record<string, unknown>[] }).records;
    return record ?? {};
  }

  const queueUrl = (): string => `${server.url}/lightning/n/PartnerLens_Registrations`;
  const recordUrl = (id: string): string => `${server.url}/lightning/r/Partner_Registration__c/${id}/view`;
  const queueRows = (page: Page): Locator => page.locator('c-partner-registration-queue tbody tr');

  async function atBothWidths(page: Page, name: string): Promise<void> {
    await screenshot(page, `${name}-1366`);
    await page.setViewportSize({ width: 400, height: 900 });
    await screenshot(page, `${name}-400`);
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  test('the queue lists what waits for a decision, oldest first, with conflicts and name-only matches flagged', async () => {
    await visit(browser, queueUrl(), async (page) => {
      const rows = queueRows(page);
      await rows.first().waitFor();
      // the approved registration is decided: not in the queue
      await expect(rows.locator('th').allInnerTexts()).resolves.toEqual([reg.globex, reg.acmeGmbh, reg.initech].map((id) => names[id]));
      const acme = await rows.nth(1).innerText();
      expect(acme).toContain('Fabrikam');
      expect(acme).toContain(label.PL_Reg_Name_Only);
      const initech = await rows.nth(2).innerText();
      expect(initech).toContain('Other partner');
      expect(initech).toContain(fill(label.PL_Reg_Conflict_With, 'Northwind', names[reg.initechFirst] ?? ''));
      // whole money, as the impact figures show it
      expect(initech).toContain('$90,000');
      expect(initech).not.toContain('$90,000.00');
      expect(await rows.first().innerText()).not.toContain(label.PL_Reg_Name_Only);
      await atBothWidths(page, 'registration-queue');

      // At 400 px the table stacks: the queue's card does not scroll sideways.
      await page.setViewportSize({ width: 400, height: 900 });
      type Box = { scrollWidth: number; clientWidth: number };
      const overflow = await page.locator('c-partner-registration-queue article').evaluate((el) => (el as unknown as Box).scrollWidth - (el as unknown as Box).clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });

  test('a partner manager approves one registration and rejects another; the org holds both decisions', async () => {
    const started = new Date();
    // approve: no conflict, no reason needed; protected for the settings' 30 days
    await visit(browser, recordUrl(reg.globex), async (page) => {
      const card = page.locator('c-partner-registration-review');
      const approve = card.getByRole('button', { name: label.PL_Reg_Approve, exact: true });
      await approve.waitFor();
      await expect(card.getByRole('button', { name: label.PL_Reg_Reject, exact: true }).isVisible()).resolves.toBe(true);
      await atBothWidths(page, 'registration-review');
      await approve.click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: fill(label.PL_Reg_Approved_Toast, names[reg.globex] ?? '') }).waitFor();
      // decided: the buttons are gone, and the lead/opportunity follows from the backend's apply step
      await card.getByText(label.PL_Reg_Approved_Pending ?? '').waitFor();
      await expect(card.getByRole('button').count()).resolves.toBe(0);
      await atBothWidths(page, 'registration-approved');
      await page.reload();
      await card.getByText(label.PL_Reg_Approved_Pending ?? '').waitFor();
      await expect(card.getByRole('button').count()).resolves.toBe(0);
    });
    const approved = await inOrg(reg.globex);
    const today = started.toISOString().slice(0, 10);
    const until = new Date(started.getTime() + PROTECTION_DAYS * 86_400_000).toISOString().slice(0, 10);
    expect(approved).toMatchObject({ Status__c: 'Approved', Decided_By__c: userId, Protection_Until__c: until, Decision_Reason__c: null });
    expect(String(approved.Decided_At__c).slice(0, 10)).toBe(today);
    expect(Date.parse(String(approved.Decided_At__c).replace(/\+0000$/, 'Z'))).toBeGreaterThanOrEqual(started.getTime() - 1000);

    // reject: a reason is required, and the message names the field
    await visit(browser, recordUrl(reg.initech), async (page) => {
      const card = page.locator('c-partner-registration-review');
      const reject = card.getByRole('button', { name: label.PL_Reg_Reject, exact: true });
      await reject.waitFor();
      await expect(card.locator('.conflict-text').innerText()).resolves.toBe(fill(label.PL_Reg_Conflict_Other_Partner, 'Northwind'));
      await expect(card.locator('a.conflicting-link').innerText()).resolves.toBe(names[reg.initechFirst]);
      await reject.click();
      await card.getByText(label.PL_Reg_Reason_Required_Reject ?? '').waitFor();
      await atBothWidths(page, 'registration-reject-no-reason');
      expect((await inOrg(reg.initech)).Status__c).toBe('Submitted');

      await card.getByRole('textbox', { name: label.PL_Reg_Reason }).fill('Northwind registered Initech first and is still protected');
      await reject.click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: fill(label.PL_Reg_Rejected_Toast, names[reg.initech] ?? '') }).waitFor();
      await card.locator('dd.decision-reason', { hasText: 'Northwind registered Initech first' }).waitFor();
      await expect(card.getByRole('button').count()).resolves.toBe(0);
      await atBothWidths(page, 'registration-rejected');
    });
    expect(await inOrg(reg.initech)).toMatchObject({
      Status__c: 'Rejected', Decided_By__c: userId, Protection_Until__c: null, Decision_Reason__c: 'Northwind registered Initech first and is still protected',
    });
    expect(String((await inOrg(reg.initech)).Decided_At__c).slice(0, 10)).toBe(today);

    // only the name-only match still waits
    await visit(browser, queueUrl(), async (page) => {
      const rows = queueRows(page);
      await rows.first().waitFor();
      await expect(rows.locator('th').allInnerTexts()).resolves.toEqual([names[reg.acmeGmbh]]);
      await atBothWidths(page, 'registration-queue-after');
    });
  });

  test("the partner's page shows what its registrations came to, as partnerlens report counts them", async () => {
    const northwind = String(org.store.query("SELECT Id FROM Partner__c WHERE Name = 'Northwind'").records[0]?.Id);
    const report = await runReport(new OrgClient(connectionFor(org.instanceUrl, org.accessToken)), { partner: 'Northwind' });
    const figures = report.registrations.overall;
    // Northwind: Initech approved earlier, Globex approved in the journey above (a manager's decision)
    expect(figures).toMatchObject({ received: 2, pending: 0, approved: 2, approvalRate: 1, dealsClosed: 0 });
    expect(figures.medianDaysToDecision).toBeGreaterThan(0);
    const number = (value: number, percent = false): string =>
      new Intl.NumberFormat('en-US', percent ? { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 } : { maximumFractionDigits: 1 }).format(value);
    await visit(browser, `${server.url}/lightning/r/Partner__c/${northwind}/view`, async (page) => {
      const card = page.locator('c-partner-registration-impact');
      const value = (key: string): Promise<string> => card.locator(`li.tile[data-key="${key}"] .value`).innerText();
      await card.locator('li.tile').first().waitFor();
      await expect(value('received')).resolves.toBe(number(figures.received));
      await expect(value('pending')).resolves.toBe(number(figures.pending));
      await expect(value('approval')).resolves.toBe(number(figures.approvalRate ?? NaN, true));
      await expect(value('days')).resolves.toBe(number(figures.medianDaysToDecision ?? NaN));
      // no registered deal has closed yet: said, not shown as 0%
      await expect(value('won')).resolves.toBe(label.PL_Reg_Impact_No_Value);
      await atBothWidths(page, 'registration-impact');
    });
  });

  test('a manager overrides an existing-deal rejection with a reason; the next sync credits the partner on that deal', async () => {
    await visit(browser, recordUrl(reg.umbrella), async (page) => {
      const card = page.locator('c-partner-registration-review');
      const approve = card.getByRole('button', { name: label.PL_Reg_Approve, exact: true });
      await approve.waitFor();
      // a rule's rejection is not rejected again, only overridden
      await expect(card.getByRole('button', { name: label.PL_Reg_Reject, exact: true }).count()).resolves.toBe(0);
      // the SLDS faux checkbox covers the native input: a person clicks its label
      const override = card.getByRole('checkbox', { name: fill(label.PL_Reg_Override, 'Existing deal') });
      await card.locator('lightning-input.override label').click();
      await expect(override.isChecked()).resolves.toBe(true);
      await card.getByRole('textbox', { name: label.PL_Reg_Reason }).fill('Expansion stalled; Contoso brings the buyer');
      await approve.click();
      await page.locator('preview-toasts [data-variant="success"]', { hasText: fill(label.PL_Reg_Approved_Toast, names[reg.umbrella] ?? '') }).waitFor();
      await atBothWidths(page, 'registration-override');
    });
    expect(await inOrg(reg.umbrella)).toMatchObject({ Status__c: 'Approved', Decided_By__c: userId, Decision_Reason__c: 'Expansion stalled; Contoso brings the buyer' });
    // the sync applies the component's decision: the existing deal, not a second opportunity, gets the Sourced row
    const dir = mkdtempSync(path.join(tmpdir(), 'plreg-e2e-'));
    const client = new OrgClient(connectionFor(org.instanceUrl, org.accessToken), { budget: new BudgetGuard(80) });
    await runSync({ client, store: new CheckpointStore(path.join(dir, 'cp'), 'local'), runsDir: path.join(dir, 'runs'), loadPartners: async () => [] });
    const contoso = String(org.store.query("SELECT Id FROM Partner__c WHERE Name = 'Contoso'").records[0]?.Id);
    expect(org.store.query(`SELECT Role__c, Partner__c FROM Partner_Influence__c WHERE Opportunity__c = '${reg.umbrellaDeal}'`).records).toEqual([
      expect.objectContaining({ Role__c: 'Reseller', Partner__c: contoso }),
    ]);
    expect(org.store.query("SELECT Id FROM Opportunity WHERE Account.Name = 'Umbrella'").records).toHaveLength(1);
    expect(org.store.query(`SELECT Opportunity__c FROM Partner_Registration__c WHERE Id = '${reg.umbrella}'`).records[0]).toMatchObject({ Opportunity__c: reg.umbrellaDeal });
  });
});
