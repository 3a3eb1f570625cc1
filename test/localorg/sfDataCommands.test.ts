import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';

// The sf CLI's data commands (@salesforce/plugin-data, the plugin `sf data ...` runs) against the local org,
// loaded by oclif exactly as the sf CLI loads a plugin. The login is what `sf org login access-token` does:
// an AuthInfo from an access token and instance URL, saved under a temporary HOME.
// Runs in a child process: @salesforce/core reads ~/.sf from the real environment, and the org must keep
// serving while the commands run.
const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
let org: LocalOrg;
let home: string;

const script = `
const path = require('node:path');
const { AuthInfo } = require('@salesforce/core');
const { Config } = require('@oclif/core');
(async () => {
  const { ORG_TOKEN: accessToken, ORG_URL: instanceUrl, SF_ARGS } = process.env;
  const auth = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl } });
  await auth.save();
  const config = await Config.load(path.resolve('node_modules/@salesforce/plugin-data'));
  for (const argv of JSON.parse(SF_ARGS)) {
    process.stdout.write('\\n@@' + argv[0] + '\\n');
    await config.runCommand(argv[0], [...argv.slice(1), '--target-org', auth.getUsername()]);
  }
})().catch((e) => { console.error(e); process.exit(1); });
`;

/** Runs plugin-data commands in order; returns each command's stdout. */
async function sf(...commands: string[][]): Promise<string[]> {
  const env = { ...process.env, HOME: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true', ORG_TOKEN: org.accessToken, ORG_URL: org.instanceUrl, SF_ARGS: JSON.stringify(commands) };
  const { stdout } = await run(path.join(root, 'node_modules/.bin/node'), ['-e', script], { env, cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split(/\n@@[\w:]+\n/).slice(1);
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'pl-sfdata-'));
  org = await startLocalOrg();
});
afterAll(async () => {
  await org.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('sf data commands against the local org', () => {
  it('creates a record, then queries it as a table (query columns) and as JSON with a parent field', async () => {
    const [created, table, json] = await sf(
      ['data:create:record', '--sobject', 'Account', '--values', "Name='Acme Cloud' Website=acme.example", '--json'],
      ['data:query', '--query', "SELECT Id, Name, Owner.Name FROM Account WHERE Name = 'Acme Cloud'"],
      ['data:query', '--query', "SELECT Name, Website, Owner.Name FROM Account WHERE Name = 'Acme Cloud'", '--json'],
    );
    const id = (JSON.parse(created ?? '{}') as { result: { id: string } }).result.id;
    expect(id).toMatch(/^001\w{15}$/);
    // box lines on a terminal, plain columns under CI
    expect(table).toMatch(new RegExp(`${id}[\\s│]+Acme Cloud[\\s│]+Local Admin`));
    expect(table).toContain('Total number of records retrieved: 1.');
    const result = (JSON.parse(json ?? '{}') as { result: { totalSize: number; records: Record<string, unknown>[] } }).result;
    expect(result.totalSize).toBe(1);
    expect(result.records[0]).toMatchObject({ Name: 'Acme Cloud', Website: 'acme.example', Owner: { Name: 'Local Admin' } });
  }, 60_000);

  it('imports a CSV with Bulk API 2.0 and exports it back', async () => {
    const csvIn = path.join(home, 'partners.csv');
    const csvOut = path.join(home, 'export.csv');
    writeFileSync(csvIn, ['Name,External_Id__c,Tier__c', ...Array.from({ length: 300 }, (_, i) => `Partner ${i},sfdata-${i},Gold`)].join('\n'));
    const [imported] = await sf(
      ['data:import:bulk', '--file', csvIn, '--sobject', 'Partner__c', '--wait', '2', '--json'],
      ['data:export:bulk', '--query', "SELECT External_Id__c, Tier__c FROM Partner__c WHERE External_Id__c LIKE 'sfdata-%'", '--output-file', csvOut, '--result-format', 'csv', '--wait', '2'],
    );
    expect(JSON.parse(imported ?? '{}')).toMatchObject({ status: 0, result: { processedRecords: 300, successfulRecords: 300, failedRecords: 0 } });
    // Salesforce quotes every value of a bulk query result; read it back with a CSV parser
    const rows = parse(readFileSync(csvOut, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(['External_Id__c', 'Tier__c']);
    expect(rows.map((r) => `${r.External_Id__c},${r.Tier__c}`).sort()).toEqual(Array.from({ length: 300 }, (_, i) => `sfdata-${i},Gold`).sort());
  }, 90_000);
});
