// The browser preview under test: a local org with data, the bundle (built once per source hash), the preview
// server and one headless Chromium. Screenshots land in test-results/screenshots (a CI artefact, not committed).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { ensureBundle } from '../../src/preview/bundle';
import { startPreviewServer, type PreviewServer } from '../../src/preview/server';

export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Preview {
  org: LocalOrg;
  server: PreviewServer;
  browser: Browser;
  stop(): Promise<void>;
}

/** Starts everything; `seed` fills the org before the server reads its describe. */
export async function startPreview(seed: (org: LocalOrg) => Promise<void> | void): Promise<Preview> {
  const bundle = await ensureBundle();
  const org = await startLocalOrg();
  const cleanups: (() => Promise<void> | void)[] = [() => org.stop()];
  try {
    await seed(org);
    const server = await startPreviewServer({ org, bundleDir: bundle.dir });
    cleanups.unshift(() => server.close());
    // Playwright refuses --user-data-dir on launch() and gives every launch a fresh temporary profile itself.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    cleanups.unshift(() => browser.close());
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    return {
      org,
      server,
      browser,
      stop: async () => {
        for (const cleanup of cleanups) await cleanup();
      },
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup();
    throw error;
  }
}

/** A fresh page (own context: no state shared between journeys) that fails the test on any page error. */
export async function openPage(preview: Preview, urlPath: string): Promise<{ page: Page; errors: string[] }> {
  const context = await preview.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${preview.server.url}${urlPath}`);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
