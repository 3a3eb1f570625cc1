// Issue 15, the sync service in the admin component, in the browser at 1366 and 400 px: a real `partnerlens serve`
// against the demo org shows as Running with its last run and the next one an interval later; after SIGTERM it shows
// as Stopped with nothing scheduled. The state comes from the org (the settings record the service writes), read
// back here by SOQL too. Screenshots: test-results/screenshots/issue15-service-*.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from '../../src/preview/server';
import { readCustomLabels } from '../../src/preview/forceAppUi';
import type { RunningDemo } from '../../src/usecases/demo';
import { BIN } from '../cli/runCli';
import { pageOverflow, screenshot, startDemoPreview, visit, type DemoPreview } from './harness';
import { until } from '../until';

jest.setTimeout(240_000);

const label = readCustomLabels(path.join(__dirname, '..', '..', 'force-app'));
let browser: Browser;
let cwd: string;
let demo: RunningDemo;
let server: PreviewServer;
let fixture: DemoPreview | undefined;

beforeAll(async () => {
  fixture = await startDemoPreview('partnerlens-e2e-service-');
  ({ browser, cwd, demo, server } = fixture);
});

afterAll(async () => fixture?.close());

const serviceState = (): Record<string, unknown> =>
  demo.org.store.query("SELECT Service_Status__c, Service_Interval__c, Service_Message__c FROM Partner_Sync_Setting__c WHERE External_Id__c = 'default'").records[0]!;


async function serviceSection(page: Page, width: number, name: string): Promise<string> {
  const section = page.locator('c-sync-service-status section.service');
  await section.locator('.state').waitFor();
  await screenshot(page, `issue15-service-${name}-${width}`);
  // the section fits the screen at 400 px and nothing in it is cut
  const box = await section.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(width);
  expect(await section.evaluate((el) => (el as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth - (el as unknown as { clientWidth: number }).clientWidth)).toBeLessThanOrEqual(0);
  // and the page does not scroll sideways (the preview's tab strip scrolls within itself)
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  return (await section.innerText()).replace(/\s+/g, ' ');
}

test('a running service, then a stopped one, as the admin sees them at 1366 and 400 px', async () => {
  const config = path.join(cwd, '.partnerlens', 'demo', 'partnerlens.config.json');
  const serve: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--config', config, '--interval', '3600', '--port', '0'], { cwd, env: { ...process.env, CI: 'true' } });
  let out = '';
  serve.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => serve.on('exit', resolve));
  try {
    await until('the first sync of the service', () => (/sync start: /.test(out) ? true : undefined));
    expect(serviceState()).toMatchObject({ Service_Status__c: 'Running', Service_Interval__c: 3600, Service_Message__c: expect.stringMatching(new RegExp(` pid ${serve.pid}$`)) });
    for (const width of [1366, 400]) {
      await visit(browser, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
        const text = await serviceSection(page, width, 'running');
        expect(text).toContain(label.PL_Service_Running);
        expect(text).toContain(label.PL_Service_Last_Run);
        // the service's first sync finished moments ago: the next is an interval away, not due
        expect(text).not.toContain(label.PL_Service_Next_Due_Now);
        expect(text).not.toContain(label.PL_Service_Not_Scheduled);
        expect(await page.locator('c-sync-service-status .fact[data-key="next-run"] lightning-formatted-date-time').count()).toBe(1);
      }, { width });
    }
  } finally {
    serve.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(serviceState()).toMatchObject({ Service_Status__c: 'Stopped' });
  for (const width of [1366, 400]) {
    await visit(browser, `${server.url}/lightning/n/PartnerLens_Home`, async (page) => {
      const text = await serviceSection(page, width, 'stopped');
      expect(text).toContain(label.PL_Service_Stopped);
      expect(text).toContain(label.PL_Service_Not_Scheduled);
    }, { width });
  }
});
