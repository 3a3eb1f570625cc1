import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoData } from '../../src/demo/generateDemoData.js';
import { seedDemoData } from '../../src/demo/seedDemoData.js';
import { localConfigSchema } from '../../src/config/localConfig.js';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index.js';
import { OrgClient } from '../../src/org/client.js';
import { connectionFor } from '../../src/org/connection.js';
import { syncFromConfig } from '../../src/sync/fromConfig.js';
import { computeImpact } from '../../src/impact/metrics.js';
import { runImpactReport } from '../../src/impact/report.js';
import { readLikeTheComponent } from './componentRead.js';

// The demo org (built with a partner lift) after a real sync: the report must show that lift, and the
// component's GraphQL read must give the very same report.
let org: LocalOrg;
let dir: string;

beforeAll(async () => {
  const data = generateDemoData({ seed: 11, accounts: 400 });
  org = await startLocalOrg();
  seedDemoData(data, org.store);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pl-impact-demo-'));
  for (const p of data.partners) {
    mkdirSync(path.dirname(path.join(dir, p.partnerFile.path)), { recursive: true });
    writeFileSync(path.join(dir, p.partnerFile.path), p.partnerFile.content);
  }
  const config = {
    ...localConfigSchema.parse({ partnerFiles: data.partners.map((p) => ({ partner: p.externalId, file: p.partnerFile.path })) }),
    baseDir: dir,
  };
  const target = { conn: connectionFor(org.instanceUrl, org.accessToken), key: 'impact-demo', label: 'local org' };
  const sync = await syncFromConfig({ cwd: dir, target, config, dryRun: false, full: true });
  expect(sync.counts.created).toBeGreaterThan(0);
}, 120000);

afterAll(async () => {
  await org?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('partner impact on the synced demo org', () => {
  it('shows a positive win-rate lift, partner-sourced revenue and better partner lead conversion', async () => {
    const report = await runImpactReport(new OrgClient(connectionFor(org.instanceUrl, org.accessToken)));
    const { lift, sourced, influenced, leads } = report.overall;
    expect(lift.withPartner.closed).toBeGreaterThan(20);
    expect(lift.withoutPartner.closed).toBeGreaterThan(20);
    expect(lift.winRateLift).toBeGreaterThan(0.05);
    expect(sourced.revenue).toBeGreaterThan(0);
    expect(influenced.deals).toBeGreaterThan(0);
    expect(leads.partnerSourced.rate).toBeGreaterThan(leads.ordinary.rate ?? 1);
    expect(report.partners.length).toBeGreaterThan(1);
    expect(report.partners.reduce((s, p) => s + p.overlaps.total, 0)).toBeGreaterThan(0);
  });

  it("gives the same report from the partnerImpact component's GraphQL query", async () => {
    const { read } = await readLikeTheComponent(org);
    expect(read.truncated).toBe(false);
    const fromSoql = await runImpactReport(new OrgClient(connectionFor(org.instanceUrl, org.accessToken)));
    expect(computeImpact(read.data, { model: fromSoql.model })).toEqual(fromSoql);
  });
});
