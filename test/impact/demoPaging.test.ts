import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeImpact, type ImpactReport } from '../../src/impact/metrics.js';
import { runImpactReport, type ReportOptions } from '../../src/impact/report.js';
import { OrgClient } from '../../src/org/client.js';
import { connectionFor } from '../../src/org/connection.js';
import { runDemo, type RunningDemo } from '../../src/usecases/demo.js';
import { PAGE_SIZE, UPPER_BOUND, toImpactData } from '../../force-app/main/default/lwc/partnerImpact/graphData.js';
import { componentQuery, readLikeTheComponent, type ComponentRead } from './componentRead.js';

// The default demo (`npm start`: 3,000 accounts, seed 42, then a sync) has more opportunities and leads
// than one GraphQL page holds, and more leads than relay paging reaches without upperBound (4,000). The
// component's own query, paged by the component's own code, must give the very report the CLI computes.
jest.setTimeout(240_000);

let cwd: string;
let demo: RunningDemo;
let component: ComponentRead;
let client: OrgClient;

const count = (soql: string): number => demo.org.store.query(soql).totalSize;

beforeAll(async () => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pl-impact-paging-'));
  demo = await runDemo({ cwd, today: '2026-11-01' });
  client = new OrgClient(connectionFor(demo.org.instanceUrl, demo.org.accessToken));
  component = await readLikeTheComponent(demo.org);
});

afterAll(async () => {
  await demo?.stop();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

describe('partner impact on the 3,000-account demo org', () => {
  it('pages with first, after and upperBound on every paged connection', () => {
    const query = componentQuery();
    for (const [object, variable] of [
      ['Partner__c', 'partnerAfter'],
      ['Opportunity', 'opportunityAfter'],
      ['Partner_Overlap__c', 'overlapAfter'],
      ['Lead', 'leadAfter'],
    ]) {
      expect(query).toContain(`${object}(first: ${PAGE_SIZE}, after: $${variable}, upperBound: ${UPPER_BOUND},`);
    }
  });

  it('reads every opportunity, lead, partner and active overlap, page after page', () => {
    const opportunities = count('SELECT COUNT() FROM Opportunity');
    const leads = count('SELECT COUNT() FROM Lead');
    expect(opportunities).toBeGreaterThan(PAGE_SIZE);
    expect(leads).toBeGreaterThan(2 * PAGE_SIZE);
    expect(component.counts).toEqual({
      Partner__c: count('SELECT COUNT() FROM Partner__c'),
      Opportunity: opportunities,
      Partner_Overlap__c: count('SELECT COUNT() FROM Partner_Overlap__c WHERE Active__c = true'),
      Lead: leads,
    });
    expect(component.read.data.opportunities).toHaveLength(opportunities);
    expect(component.read.data.leads).toHaveLength(leads);
    expect(component.read.truncated).toBe(false);
    // one request per page of the longest kind; the second continues after the first page's last record
    expect(component.requests).toHaveLength(Math.ceil(Math.max(opportunities, leads) / PAGE_SIZE));
    const cursor = (index: number): string => Buffer.from(`v1:${index}`).toString('base64');
    expect(component.requests[1]).toMatchObject({ opportunityAfter: cursor(PAGE_SIZE - 1), leadAfter: cursor(PAGE_SIZE - 1) });
    expect(component.requests[2]).toMatchObject({ leadAfter: cursor(2 * PAGE_SIZE - 1) });
  });

  it.each<[string, ReportOptions]>([
    ['all partners, the configured model', {}],
    ['a date range and another model', { from: '2026-01-01', to: '2026-06-30', model: 'Even split' }],
  ])('gives the report the CLI computes: %s', async (_, options) => {
    const cli = await runImpactReport(client, options);
    const lwc = computeImpact(component.read.data, { from: options.from ?? null, to: options.to ?? null, model: cli.model });
    expect(lwc).toEqual(cli);
  });

  it("gives a partner's report the CLI computes for that partner", async () => {
    const partner = component.read.data.partners[0]!;
    const cli = await runImpactReport(client, { partner: partner.name });
    expect(computeImpact(component.read.data, { partnerId: partner.id, model: cli.model })).toEqual(cli);
  });

  it('differs from the first page alone (the read before paging)', async () => {
    const first = toImpactData(component.firstPage);
    expect(first.truncated).toBe(true);
    const cli: ImpactReport = await runImpactReport(client);
    const onePage = computeImpact(first.data, { model: cli.model });
    expect(onePage.overall.sourced.revenue).toBeLessThan(cli.overall.sourced.revenue);
  });
});
