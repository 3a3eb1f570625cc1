import { execFile } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index.js';
import { OrgClient } from '../../src/org/client.js';
import { LOCAL_ORG_FILE, connectionFor } from '../../src/org/connection.js';
import { computeImpact, type ImpactReport } from '../../src/impact/metrics.js';
import { runImpactReport } from '../../src/impact/report.js';
import { readLikeTheComponent } from './componentRead.js';

// The local org over real HTTP, seeded with a small org whose answers are worked out by hand, read by
// the CLI's SOQL path and by the component's own GraphQL query: both must give the same report.
const repo = path.resolve(__dirname, '../..');
const run = promisify(execFile);

let org: LocalOrg;
const ids: Record<string, string> = {};

function insert(ref: string, object: string, fields: Record<string, unknown>): void {
  const result = org.store.insert(object, fields, { allowReadOnly: true });
  if (!result.success) throw new Error(`${ref}: ${JSON.stringify(result.errors)}`);
  ids[ref] = result.id as string;
}

beforeAll(async () => {
  org = await startLocalOrg();
  insert('orbit', 'Partner__c', { Name: 'Orbit Cloud', Domain__c: 'orbit.example', External_Id__c: 'orbit' });
  insert('nimbus', 'Partner__c', { Name: 'Nimbus', Domain__c: 'nimbus.example', External_Id__c: 'nimbus' });
  for (let i = 1; i <= 8; i++) insert(`a${i}`, 'Account', { Name: `Account ${i}` });
  const opp = (ref: string, account: string, amount: number, stage: string, created: string, close: string, source?: string) =>
    insert(ref, 'Opportunity', {
      Name: ref,
      AccountId: ids[account],
      Amount: amount,
      StageName: stage,
      CreatedDate: `${created}T08:00:00.000Z`,
      CloseDate: close,
      Source_Partner__c: source ? ids[source] : null,
    });
  // with partners: o1 won 45 days (sourced by Orbit), o2 won 60 days (Nimbus 100%), o3 lost (Orbit 50%), o4 open on Nimbus's customer
  opp('o1', 'a1', 50000, 'Closed Won', '2026-01-01', '2026-02-15', 'orbit');
  opp('o2', 'a2', 30000, 'Closed Won', '2026-01-05', '2026-03-06');
  opp('o3', 'a3', 20000, 'Closed Lost', '2026-01-05', '2026-03-10');
  opp('o4', 'a4', 40000, 'Prospecting', '2026-02-01', '2026-06-30');
  // without: o5 won 100 days, o6 and o7 lost, o8 open
  opp('o5', 'a5', 10000, 'Closed Won', '2026-01-01', '2026-04-11');
  opp('o6', 'a6', 15000, 'Closed Lost', '2026-01-01', '2026-02-01');
  opp('o7', 'a7', 25000, 'Closed Lost', '2026-01-01', '2026-02-01');
  opp('o8', 'a8', 5000, 'Prospecting', '2026-01-01', '2026-05-01');
  opp('old', 'a5', 99000, 'Closed Won', '2025-01-01', '2025-06-01', 'nimbus'); // before the period
  insert('i1', 'Partner_Influence__c', {
    Opportunity__c: ids.o2,
    Partner__c: ids.nimbus,
    Role__c: 'Influenced',
    Attribution_Percent__c: 100,
    Touch_Date__c: '2026-01-10',
  });
  insert('i2', 'Partner_Influence__c', {
    Opportunity__c: ids.o3,
    Partner__c: ids.orbit,
    Role__c: 'Co-sell',
    Attribution_Percent__c: 50,
    Touch_Date__c: '2026-01-20',
  });
  insert('v1', 'Partner_Overlap__c', {
    Partner__c: ids.nimbus,
    Account__c: ids.a4,
    Our_Population__c: 'Open Opportunity',
    Partner_Population__c: 'Customer',
    Active__c: true,
    External_Id__c: 'v1',
  });
  insert('v2', 'Partner_Overlap__c', {
    Partner__c: ids.orbit,
    Account__c: ids.a1,
    Our_Population__c: 'Customer',
    Partner_Population__c: 'Prospect',
    Active__c: true,
    External_Id__c: 'v2',
  });
  insert('v3', 'Partner_Overlap__c', {
    Partner__c: ids.orbit,
    Account__c: ids.a6,
    Our_Population__c: 'Prospect',
    Partner_Population__c: 'Customer',
    Active__c: true,
    Disputed__c: true,
    External_Id__c: 'v3',
  });
  const lead = (ref: string, converted: boolean, source?: string) =>
    insert(ref, 'Lead', {
      LastName: ref,
      Company: ref,
      IsConverted: converted,
      Partner_Sourced__c: Boolean(source),
      Source_Partner__c: source ? ids[source] : null,
      CreatedDate: '2026-02-01T08:00:00.000Z',
    });
  lead('l1', true, 'orbit');
  lead('l2', false, 'orbit');
  lead('l3', true);
  lead('l4', false);
  lead('l5', false);
  insert('setting', 'Partner_Sync_Setting__c', { Name: 'Default', Attribution_Model__c: 'Recorded', External_Id__c: 'default' });
});

afterAll(async () => {
  await org?.stop();
});

function expectHandWorkedReport(report: ImpactReport): void {
  // with partners o1 o2 (won) o3 (lost) o4 (open): 2/3, cycles 45 and 60; without o5 (won, 100 days) o6 o7 (lost): 1/3
  expect(report.overall.lift.withPartner).toEqual({ deals: 4, closed: 3, won: 2, winRate: 0.6667, avgCycleDays: 52.5 });
  expect(report.overall.lift.withoutPartner).toEqual({ deals: 4, closed: 3, won: 1, winRate: 0.3333, avgCycleDays: 100 });
  expect(report.overall.lift.winRateLift).toBe(0.3333);
  expect(report.overall.lift.cycleDaysDelta).toBe(-47.5);
  expect(report.overall.sourced).toEqual({ pipeline: 0, revenue: 50000, deals: 1, won: 1 });
  expect(report.overall.influenced).toEqual({ pipeline: 0, revenue: 30000, deals: 2, won: 1 });
  expect(report.overall.potential).toEqual({ pipeline: 40000, deals: 1 });
  expect(report.overall.leads.partnerSourced).toEqual({ leads: 2, converted: 1, rate: 0.5 });
  expect(report.overall.leads.ordinary).toEqual({ leads: 3, converted: 1, rate: 0.3333 });
  // Orbit 50,000 sourced + 0; Nimbus 30,000 influenced
  expect(report.partners.map((p) => [p.name, p.sourced.revenue, p.influenced.revenue, p.overlaps.pairs])).toEqual([
    ['Orbit Cloud', 50000, 0, { 'Customer|Prospect': 1 }],
    ['Nimbus', 0, 30000, { 'Open Opportunity|Customer': 1 }],
  ]);
}

describe('partner impact against the local org', () => {
  it('reads the org with SOQL over HTTP and shows the planted lift', async () => {
    const report = await runImpactReport(new OrgClient(connectionFor(org.instanceUrl, org.accessToken)), {
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(report.model).toBe('Recorded');
    expectHandWorkedReport(report);
  });

  it("gives the same numbers from the partnerImpact component's own GraphQL query", async () => {
    const { read, requests } = await readLikeTheComponent(org);
    // everything fits one page: one request, no cursors
    expect(requests).toEqual([{ partnerAfter: null, opportunityAfter: null, overlapAfter: null, leadAfter: null }]);
    expect(read.truncated).toBe(false);
    expect(read.configuredModel).toBe('Recorded');
    const fromGraphql = computeImpact(read.data, { from: '2026-01-01', to: '2026-12-31', model: 'Recorded' });
    expectHandWorkedReport(fromGraphql);
    const fromSoql = await runImpactReport(new OrgClient(connectionFor(org.instanceUrl, org.accessToken)), {
      from: '2026-01-01',
      to: '2026-12-31',
    });
    expect(fromGraphql).toEqual(fromSoql);
  });

  it('prints the same report from `partnerlens report` (JSON and CSV) against the running local org', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'pl-report-'));
    try {
      mkdirSync(path.join(cwd, path.dirname(LOCAL_ORG_FILE)), { recursive: true });
      writeFileSync(
        path.join(cwd, LOCAL_ORG_FILE),
        JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }),
      );
      const node = path.join(repo, 'node_modules/.bin/node');
      const bin = path.join(repo, 'bin/run.js');
      const json = await run(node, [bin, 'report', '--from', '2026-01-01', '--to', '2026-12-31', '--json'], { cwd });
      const parsed = JSON.parse(json.stdout) as { status: number; result: ImpactReport };
      expect(parsed.status).toBe(0);
      expectHandWorkedReport(parsed.result);
      const csv = await run(
        node,
        [bin, 'report', '--from', '2026-01-01', '--to', '2026-12-31', '--csv', '--partner', 'Nimbus', '--model', 'Even split'],
        { cwd },
      );
      const lines = csv.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^partner,sourcedPipeline,sourcedRevenue,/);
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 7).join(','))).toEqual([
        'All partners,0,0,0,0,30000,1',
        'Nimbus,0,0,0,0,30000,1',
      ]);
      // l3 l4 l5 are ordinary leads, l4 converted: 1/3; Nimbus's customer a-account has o4 open (40,000);
      // its one overlap is Open Opportunity|Customer
      const [nimbusTotal] = parse(csv.stdout, { columns: true }) as Record<string, string>[];
      expect(nimbusTotal).toMatchObject({
        ordinaryLeadConversion: '0.3333',
        potentialPipeline: '40000',
        potentialDeals: '1',
        overlaps: '1',
        'overlaps Open Opportunity|Customer': '1',
        'overlaps Customer|Prospect': '0',
      });
      const table = await run(node, [bin, 'report', '--from', '2026-01-01', '--to', '2026-12-31'], { cwd });
      expect(table.stdout).toMatch(/Win rate with partners 66\.7% vs 33\.3% without \(lift \+33\.3 pts\)/);
      // the table draws box lines on a terminal and plain columns under CI: compare the cells only
      const rows = table.stdout.split('\n').map((line) => line.replace(/│/g, ' ').trim().split(/\s{2,}/));
      const row = (...first: string[]): string[] | undefined => rows.find((r) => first.every((cell, i) => r[i] === cell));
      expect(row('All partners')?.slice(-8)).toEqual(['+33.3 pts', '52.5', '100.0', '50.0%', '33.3%', '2', '40,000', '1']);
      expect(table.stdout).toContain('Overlaps by population pair');
      expect(row('Orbit Cloud', 'Customer')).toEqual(['Orbit Cloud', 'Customer', '0', '0', '1', '0']);
      expect(row('Nimbus', 'Open Opportunity')).toEqual(['Nimbus', 'Open Opportunity', '1', '0', '0', '0']);
      expect(table.stdout).toContain('Period: 2026-01-01 to 2026-12-31. Model: Recorded.');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 60000);
});
