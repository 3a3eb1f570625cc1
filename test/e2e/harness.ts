// The browser preview under test: the bundle (built once per source hash), a preview server per local org,
// and one headless Chromium for every journey. Screenshots land in test-results/screenshots (a CI artefact,
// not committed).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { LocalOrg } from '../../src/localorg/index';
import { ensureBundle } from '../../src/preview/bundle';
import { startPreviewServer, type PreviewServer } from '../../src/preview/server';
import { runDemo, type RunningDemo } from '../../src/usecases/demo';

export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  // Playwright refuses --user-data-dir on launch() and gives every launch a fresh temporary profile itself.
  return chromium.launch({
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
}

/** Serves the preview of `org`; the first call of a run builds the bundle if the sources changed. */
export async function servePreview(org: LocalOrg): Promise<PreviewServer> {
  const bundle = await ensureBundle();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return startPreviewServer({ org, bundleDir: bundle.dir });
}

export interface VisitOptions {
  /** Browser errors the journey expects (anything else fails it). */
  expected?: RegExp[];
  /** Viewport width in px (the page is 900 px high): 1366 by default, 400 for narrow-screen journeys. */
  width?: number;
  /** The browser's locale, for journeys that read formatted numbers and dates. */
  locale?: string;
}

/**
 * Runs a journey on a fresh page (own browser context: no state shared between journeys) and fails it on
 * any browser error it does not list as `expected`.
 */
export async function visit(browser: Browser, url: string, run: (page: Page) => Promise<void>, options: VisitOptions = {}): Promise<void> {
  const { expected = [], width = 1366, locale } = options;
  const context = await browser.newContext({ viewport: { width, height: 900 }, ...(locale !== undefined ? { locale } : {}) });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);
    await run(page);
    expect(errors.filter((e) => !expected.some((re) => re.test(e)))).toEqual([]);
  } finally {
    await context.close();
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A custom label's `{0}`, `{1}`... filled in, as the components' formatLabel does (a missing argument stays). */
export function fill(template: string | undefined, ...args: (string | number)[]): string {
  return (template ?? '').replace(/\{(\d+)\}/g, (match, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : match));
}

/** How many px the page scrolls sideways (0: it fits the viewport). A string, so the test code needs no DOM types. */
export async function pageOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}

export interface DemoPreview {
  browser: Browser;
  /** The folder the demo ran in (its .partnerlens/ holds localorg.json and the demo's config). */
  cwd: string;
  demo: RunningDemo;
  server: PreviewServer;
  close(): Promise<void>;
}

/** `npm start`'s demo (60 accounts, a fixed "today") in a fresh folder, its preview, and a browser. */
export async function startDemoPreview(prefix: string): Promise<DemoPreview> {
  const browser = await launchBrowser();
  const cwd = mkdtempSync(path.join(tmpdir(), prefix));
  const demo = await runDemo({ cwd, accounts: 60, today: '2026-03-01' });
  const server = await servePreview(demo.org);
  return {
    browser,
    cwd,
    demo,
    server,
    close: async () => {
      await server.close();
      await demo.stop();
      await browser.close();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}
