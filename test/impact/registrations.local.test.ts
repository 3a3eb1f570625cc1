import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index.js';
import { LOCAL_ORG_FILE } from '../../src/org/connection.js';
import type { ImpactReportWithRegistrations } from '../../src/impact/report.js';

// Partner impact counts deal registrations: `partnerlens report` against a local org seeded with registrations
// whose figures are worked out by hand (approval rate, median days to a manager's decision, registered-deal win rate).
const repo = path.resolve(__dirname, '../..');
const run = promisify(execFile);
let org: LocalOrg;
let cwd: string;
jest.setTimeout(60_000);

const report = async (...args: string[]): Promise<{ stdout: string }> =>
  run(path.join(repo, 'node_modules/.bin/node'), [path.join(repo, 'bin/run.js'), 'report', ...args], { cwd, env: { ...process.env, CI: 'true' } });

beforeAll(async () => {
  org = await startLocalOrg();
  cwd = mkdtempSync(path.join(os.tmpdir(), 'pl-report-reg-'));
  mkdirSync(path.join(cwd, path.dirname(LOCAL_ORG_FILE)), { recursive: true });
  writeFileSync(path.join(cwd, LOCAL_ORG_FILE), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
  const insert = (object: string, fields: Record<string, unknown>): string => String(org.store.insert(object, fields, { allowReadOnly: true }).id);
  const orbit = insert('Partner__c', { Name: 'Orbit Cloud', External_Id__c: 'orbit', Status__c: 'Active' });
  const nimbus = insert('Partner__c', { Name: 'Nimbus', External_Id__c: 'nimbus', Status__c: 'Active' });
  const user = String(org.store.query('SELECT Id FROM User LIMIT 1').records[0]?.Id);
  const account = insert('Account', { Name: 'Initech' });
  const opp = (stage: string): string => insert('Opportunity', { Name: `deal ${stage}`, AccountId: account, StageName: stage, CloseDate: '2026-03-01' });
  let n = 0;
  const reg = (partner: string, status: string, submitted: string, decided?: string, extra: Record<string, unknown> = {}): void => {
    insert('Partner_Registration__c', {
      Partner__c: partner, Company__c: `Company ${++n}`, External_Id__c: `r${n}`, Status__c: status, Submitted_At__c: `${submitted}T09:00:00.000Z`,
      ...(decided !== undefined ? { Decided_At__c: `${decided}T09:00:00.000Z`, Decided_By__c: user } : {}), ...extra,
    });
  };
  // Orbit: won (Converted) decided in 2 days, lost deal in 4, open deal in 6, rejected by a manager in 1
  reg(orbit, 'Converted', '2026-01-01', '2026-01-03', { Opportunity__c: opp('Closed Won') });
  reg(orbit, 'Approved', '2026-01-05', '2026-01-09', { Opportunity__c: opp('Closed Lost') });
  reg(orbit, 'Approved', '2026-01-10', '2026-01-16', { Opportunity__c: opp('Prospecting') });
  reg(orbit, 'Rejected', '2026-01-11', '2026-01-12');
  // Nimbus: rejected by a rule at intake (no manager), one pending; one before the period
  reg(nimbus, 'Rejected', '2026-01-20', undefined, { Decided_At__c: '2026-01-20T09:00:00.000Z', Conflict__c: 'Existing deal' });
  reg(nimbus, 'Under review', '2026-01-21');
  reg(nimbus, 'Approved', '2025-12-01', '2025-12-02');
});
afterAll(async () => {
  rmSync(cwd, { recursive: true, force: true });
  await org.stop();
});

it('reports approval rate, median days to a decision and the registered deals’ win rate, per partner and overall', async () => {
  const json = JSON.parse((await report('--from', '2026-01-01', '--to', '2026-12-31', '--json')).stdout) as { result: ImpactReportWithRegistrations };
  const { partners, overall } = json.result.registrations;
  expect(partners.map((p) => [p.partnerName, p.received, p.pending, p.approved, p.rejected, p.approvalRate, p.medianDaysToDecision, p.dealsWon, p.dealsClosed])).toEqual([
    ['Orbit Cloud', 4, 0, 3, 1, 0.75, 3, 1, 2],
    ['Nimbus', 2, 1, 0, 1, 0, null, 0, 0],
  ]);
  expect(overall).toMatchObject({ received: 6, approvalRate: 0.6, medianDaysToDecision: 3, dealWinRate: 0.5 });

  const table = (await report('--from', '2026-01-01', '--to', '2026-12-31')).stdout;
  expect(table).toContain('Deal registrations (submitted in the period)');
  const rows = table.split('\n').map((line) => line.replace(/│/g, ' ').trim().split(/\s{2,}/));
  expect(rows.find((r) => r[0] === 'Orbit Cloud' && r.length === 6)).toEqual(['Orbit Cloud', '4', '0', '75.0%', '3.0', '50.0% (1/2)']);
  expect(rows.find((r) => r[0] === 'Nimbus' && r.length === 6)).toEqual(['Nimbus', '2', '1', '0.0%', '-', '-']);
});

it('narrows the registration figures to --partner, and counts all time without a period', async () => {
  const json = JSON.parse((await report('--partner', 'Nimbus', '--json')).stdout) as { result: ImpactReportWithRegistrations };
  expect(json.result.registrations.partners.map((p) => [p.partnerName, p.received, p.approved])).toEqual([['Nimbus', 3, 1]]);
  expect(json.result.registrations.overall.received).toBe(3);
});
