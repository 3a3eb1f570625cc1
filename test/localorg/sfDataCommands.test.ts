import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';

// The sf CLI as a user runs it: `sf org login access-token --instance-url <url>` (@salesforce/plugin-auth) stores
// the login under a fresh HOME, then `sf data ...` (@salesforce/plugin-data) commands use it through --target-org.
// test/fixtures/sf-cli is oclif with those two plugins, assembled as @salesforce/cli assembles them; each command is
// its own process, as each typed command is. The stored instance URL ends in "/", so every later request path
// starts with "//services/data" (docs/localorg.md, "Fidelity").
const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const sfBin = path.join(root, 'test/fixtures/sf-cli/bin/run.js');
let org: LocalOrg;
let home: string;

async function sf(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const env = { ...process.env, HOME: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true', ...extraEnv };
  const { stdout } = await run(path.join(root, 'node_modules/.bin/node'), [sfBin, ...args], { env, cwd: home, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

const json = <T>(out: string): T => (JSON.parse(out) as { result: T }).result;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'pl-sfdata-'));
  org = await startLocalOrg();
  // exactly as typed, the token from the environment as `--no-prompt` expects
  const login = json<{ instanceUrl: string; orgId: string; username: string }>(
    await sf(['org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--alias', 'local', '--no-prompt', '--json'], { SF_ACCESS_TOKEN: org.accessToken }),
  );
  expect(login).toMatchObject({ instanceUrl: `${org.instanceUrl}/`, orgId: org.orgId, username: org.username });
}, 60_000);
afterAll(async () => {
  await org.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('sf data commands against the local org', () => {
  it('creates a record, then queries it as a table (query columns) and as JSON with a parent field', async () => {
    const created = await sf(['data', 'create', 'record', '--sobject', 'Account', '--values', "Name='Acme Cloud' Website=acme.example", '--target-org', 'local', '--json']);
    const table = await sf(['data', 'query', '--query', "SELECT Id, Name, Owner.Name FROM Account WHERE Name = 'Acme Cloud'", '--target-org', 'local']);
    const queried = await sf(['data', 'query', '--query', "SELECT Name, Website, Owner.Name FROM Account WHERE Name = 'Acme Cloud'", '--target-org', 'local', '--json']);
    const id = json<{ id: string }>(created).id;
    expect(id).toMatch(/^001\w{15}$/);
    // box lines on a terminal, plain columns under CI
    expect(table).toMatch(new RegExp(`${id}[\\s│]+Acme Cloud[\\s│]+Local Admin`));
    expect(table).toContain('Total number of records retrieved: 1.');
    const result = json<{ totalSize: number; records: Record<string, unknown>[] }>(queried);
    expect(result.totalSize).toBe(1);
    expect(result.records[0]).toMatchObject({ Name: 'Acme Cloud', Website: 'acme.example', Owner: { Name: 'Local Admin' } });
  }, 60_000);

  it('imports a CSV with Bulk API 2.0 and exports it back', async () => {
    const csvIn = path.join(home, 'partners.csv');
    const csvOut = path.join(home, 'export.csv');
    writeFileSync(csvIn, ['Name,External_Id__c,Tier__c', ...Array.from({ length: 300 }, (_, i) => `Partner ${i},sfdata-${i},Gold`)].join('\n'));
    const imported = await sf(['data', 'import', 'bulk', '--file', csvIn, '--sobject', 'Partner__c', '--wait', '2', '--target-org', 'local', '--json']);
    await sf(['data', 'export', 'bulk', '--query', "SELECT External_Id__c, Tier__c FROM Partner__c WHERE External_Id__c LIKE 'sfdata-%'", '--output-file', csvOut, '--result-format', 'csv', '--wait', '2', '--target-org', 'local']);
    expect(JSON.parse(imported)).toMatchObject({ status: 0, result: { processedRecords: 300, successfulRecords: 300, failedRecords: 0 } });
    // Salesforce quotes every value of a bulk query result; read it back with a CSV parser
    const rows = parse(readFileSync(csvOut, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(['External_Id__c', 'Tier__c']);
    expect(rows.map((r) => `${r.External_Id__c},${r.Tier__c}`).sort()).toEqual(Array.from({ length: 300 }, (_, i) => `sfdata-${i},Gold`).sort());
  }, 90_000);

  it('gets a record and deletes it through the stored login; a query then finds it gone', async () => {
    const id = json<{ id: string }>(await sf(['data', 'create', 'record', '--sobject', 'Partner__c', '--values', "Name='Fabrikam' External_Id__c=sf-login-1", '--target-org', 'local', '--json'])).id;
    const got = json<Record<string, unknown>>(await sf(['data', 'get', 'record', '--sobject', 'Partner__c', '--record-id', id, '--target-org', 'local', '--json']));
    expect(got).toMatchObject({ Id: id, Name: 'Fabrikam', External_Id__c: 'sf-login-1' });
    expect(json<{ id: string }>(await sf(['data', 'delete', 'record', '--sobject', 'Partner__c', '--record-id', id, '--target-org', 'local', '--json']))).toMatchObject({ id });
    expect(org.store.query(`SELECT Id FROM Partner__c WHERE Id = '${id}'`).totalSize).toBe(0);
  }, 60_000);
});
