import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { API_VERSION } from '../../src/schema/dataModel';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import type { PreviewConfig } from '../../src/preview/config';
import { startPreviewServer, type PreviewServer } from '../../src/preview/server';

let org: LocalOrg;
let server: PreviewServer;

beforeAll(async () => {
  org = await startLocalOrg();
  org.store.insert('Account', { Name: 'Acme Corp' });
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'preview-bundle-'));
  writeFileSync(path.join(bundleDir, 'app.js'), 'window.previewLoaded = true;');
  server = await startPreviewServer({ org, bundleDir });
});

afterAll(async () => {
  await server?.close();
  await org?.stop();
});

/** A GET with the path sent as written (fetch would normalise "..", which is what the test is about). */
function rawGet(urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(`${server.url}${urlPath}`, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('serves the page shell for every app URL, the bundle and the SLDS stylesheet', async () => {
  const page = await fetch(`${server.url}/lightning/r/Account/001000000000000AAA/view`);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  expect(html).toContain('<script type="module" src="/app.js">');
  expect(html).toContain('class="slds-scope"');
  await expect((await fetch(`${server.url}/app.js`)).text()).resolves.toBe('window.previewLoaded = true;');
  const css = await fetch(`${server.url}/assets/styles/salesforce-lightning-design-system.min.css`);
  expect(css.status).toBe(200);
  expect(css.headers.get('content-type')).toContain('text/css');
  // Nothing outside the SLDS assets folder is served from /assets, however the path is spelt.
  expect((await rawGet('/assets/..%2f..%2fpackage.json')).status).toBe(404);
  for (const sneaky of ['/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json']) {
    expect((await rawGet(sneaky)).body).not.toContain('"name": "partnerlens"');
  }
});

test("proxies the org's API with the org's token, so the browser needs none", async () => {
  const direct = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}/query?q=SELECT+Name+FROM+Account`);
  expect(direct.status).toBe(401);
  // only what the components call is forwarded: the UI API and GraphQL, not query
  expect((await fetch(`${server.url}/services/data/v${API_VERSION}/query?q=SELECT+Name+FROM+Account`)).status).toBe(404);
  const { Id } = org.store.query("SELECT Id FROM Account WHERE Name = 'Acme Corp'").records[0] as { Id: string };
  const proxied = await fetch(`${server.url}/services/data/v${API_VERSION}/ui-api/records/${Id}?fields=Account.Name`);
  expect(proxied.status).toBe(200);
  expect(await proxied.json()).toMatchObject({ id: Id, fields: { Name: { value: 'Acme Corp' } } });
  const graphql = await fetch(`${server.url}/services/data/v${API_VERSION}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: '{ uiapi { query { Account { edges { node { Name { value } } } } } } }' }),
  });
  expect(await graphql.json()).toEqual({ data: { uiapi: { query: { Account: { edges: [{ node: { Name: { value: 'Acme Corp' } } }] } } } } });
});

test("the shell's config follows the PartnerLens app's tabs and force-app's flexipages", async () => {
  const config = (await (await fetch(`${server.url}/preview/config.json`)).json()) as PreviewConfig;
  expect(config).toEqual(server.config);
  expect(config.appLabel).toBe('PartnerLens');
  expect(config.tabs.slice(0, 4).map((t) => t.url)).toEqual([
    '/lightning/o/Partner__c/home',
    '/lightning/o/Account/home',
    '/lightning/o/Lead/home',
    '/lightning/o/Opportunity/home',
  ]);
  expect(config.tabs).toContainEqual({ label: 'PartnerLens Home', url: '/lightning/n/PartnerLens_Home' });
  expect(config.objects.Opportunity).toMatchObject({ keyPrefix: '006', labelPlural: 'Opportunities', nameField: 'Name' });
  expect(config.objects.Opportunity?.highlightFields).toContainEqual({ field: 'Account.Name', label: 'Account' });
  expect(config.recordPages.Opportunity?.sidebar.map((c) => c.name)).toContain('partnerInfluencePanel');
  // An object on a tab without a flexipage gets the default record page: its details.
  expect(config.recordPages.Partner_Sync_Run__c?.main.map((c) => c.name)).toEqual(['force:detailPanel']);
  expect(config.appPages.PartnerLens_Home?.main.map((c) => c.name)).toEqual(expect.arrayContaining(['overlapLookup', 'partnerSyncAdmin']));
});

/** The @salesforce/i18n values a page of `url` hands the bundle. */
async function pageI18n(url: string): Promise<Record<string, unknown>> {
  const html = await (await fetch(`${url}/lightning/n/Partner_Home`)).text();
  const env = /globalThis\.__partnerlensPreview = (.*);<\/script>/.exec(html)?.[1];
  return (JSON.parse(env ?? '{}') as { i18n: Record<string, unknown> }).i18n;
}

test("each page load formats with the signed-in user's LocaleSidKey and TimeZoneSidKey; a preview option wins over them", async () => {
  const userId = org.store.query('SELECT Id FROM User').records[0]?.Id as string;
  expect(await pageI18n(server.url)).toMatchObject({ locale: 'en-US', timeZone: 'GMT', currency: 'USD', 'dateTime.mediumDateFormat': 'MMM d, yyyy' });
  org.store.update('User', userId, { LocaleSidKey: 'de_DE', TimeZoneSidKey: 'Europe/Berlin' });
  try {
    expect(await pageI18n(server.url)).toMatchObject({ locale: 'de-DE', timeZone: 'Europe/Berlin', 'number.groupingSeparator': '.', 'dateTime.mediumDateFormat': 'dd.MM.yyyy' });
    const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'preview-bundle-'));
    const fixed = await startPreviewServer({ org, bundleDir, locale: { locale: 'fr_FR', currency: 'EUR' } });
    try {
      expect(await pageI18n(fixed.url)).toMatchObject({ locale: 'fr-FR', timeZone: 'Europe/Berlin', currency: 'EUR', 'number.currencySymbol': '€' });
    } finally {
      await fixed.close();
    }
  } finally {
    org.store.update('User', userId, { LocaleSidKey: 'en_US', TimeZoneSidKey: 'GMT' });
  }
});
