/* eslint-disable @typescript-eslint/no-explicit-any -- the --json output read back */
// `partnerlens doctor` end to end: the compiled CLI (run `npm run build` first) spawned with an org the sf CLI logged
// in to as a user does (`sf org login access-token`, test/fixtures/sf-cli, under a fresh HOME), against local orgs
// this test serves.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../src/localorg/index';

jest.setTimeout(120_000);
const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/run.js');
const sfBin = path.join(root, 'test/fixtures/sf-cli/bin/run.js');
const node = path.join(root, 'node_modules/.bin/node');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

async function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, env: { ...process.env, CI: 'true', ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as Outcome;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

interface Login {
  org: LocalOrg;
  home: string;
  /** partnerlens with this HOME (the sf CLI's stored login) in `cwd`. */
  partnerlens: (cwd: string, ...args: string[]) => Promise<Outcome>;
}

/** A local org and a fresh HOME where `sf org login access-token --alias local` stored its login. */
async function loggedIn(options: LocalOrgOptions = {}): Promise<Login> {
  const org = await startLocalOrg(options);
  cleanup.push(() => org.stop());
  const home = tempDir('pl-doctor-home-');
  const env = { HOME: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true' };
  const login = await exec(node, [sfBin, 'org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--alias', 'local', '--no-prompt', '--json'], home, { ...env, SF_ACCESS_TOKEN: org.accessToken });
  expect(login.code).toBe(0);
  return { org, home, partnerlens: (cwd, ...args) => exec(process.execPath, [bin, ...args], cwd, env) };
}

/** Deployed and set up: the settings record, the admin in every permission set, partner acme. */
function setUp(org: LocalOrg): void {
  org.store.insert('Partner_Sync_Setting__c', { Name: 'Default', External_Id__c: 'default' });
  const user = String(org.store.query('SELECT Id FROM User').records[0]!.Id);
  for (const ps of org.store.query('SELECT Id FROM PermissionSet').records) org.store.insert('PermissionSetAssignment', { AssigneeId: user, PermissionSetId: ps.Id });
  org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active' });
  for (let i = 0; i < 3; i++) org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
}

function project(): string {
  const dir = tempDir('pl-doctor-');
  mkdirSync(path.join(dir, 'partners'));
  writeFileSync(path.join(dir, 'partners', 'acme.csv'), 'id,company,website,population\nA1,Company 1,company1.com,Customer\n');
  writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    file: partners/acme.csv\n');
  return dir;
}

describe('partnerlens doctor (e2e)', () => {
  it('a set-up org: six checks ok, exit 0; --json has them as data and nothing else on stdout', async () => {
    const l = await loggedIn();
    setUp(l.org);
    const dir = project();
    const text = await l.partnerlens(dir, 'doctor', '--target-org', 'local');
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(':')[0])).toEqual(['ok    API access', 'ok    Metadata', 'ok    Permission sets', 'ok    Settings record', 'ok    Partner sources', 'ok    Daily API headroom']);
    expect(text.stdout).toContain(`REST API v62.0 answers as ${l.org.username}`);
    expect(text.stdout).toContain('population sizes: Customer 3, Open Opportunity 0, Prospect 0, Lead 0');
    expect(text.stdout).not.toContain('fix:');

    const json = await l.partnerlens(dir, 'doctor', '--target-org', 'local', '--json');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { status: number; result: any };
    expect(out.status).toBe(0);
    expect(out.result).toMatchObject({ org: l.org.username, failed: 0, warnings: 0, apiCalls: 9 });
    expect(out.result.checks.map((c: any) => `${c.id}:${c.status}`)).toEqual(['api:ok', 'metadata:ok', 'permission-sets:ok', 'settings:ok', 'sources:ok', 'api-headroom:ok']);
    expect(json.stdout).not.toContain(l.org.accessToken);
  });

  it('an org deployed without a field: fail with the missing field and the deploy fix naming the org, exit 1; --json names the failed check', async () => {
    const forceApp = tempDir('pl-doctor-fa-');
    cpSync(path.join(root, 'force-app/main/default/objects'), path.join(forceApp, 'main/default/objects'), { recursive: true });
    cpSync(path.join(root, 'force-app/main/default/permissionsets'), path.join(forceApp, 'main/default/permissionsets'), { recursive: true });
    rmSync(path.join(forceApp, 'main/default/objects/Lead/fields/Partner_Sourced__c.field-meta.xml'));
    const l = await loggedIn({ forceAppDir: forceApp });
    setUp(l.org);
    const dir = project();
    const text = await l.partnerlens(dir, 'doctor', '--target-org', 'local');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^fail {2}Metadata: PartnerLens \d+\.\d+\.\d+ metadata is missing or older than this version: 0 of \d+ objects and 1 of \d+ custom fields absent: Lead\.Partner_Sourced__c$/m);
    expect(text.stdout).toContain('fix: Deploy this version\'s metadata: `sf project deploy start --source-dir force-app --target-org local`');
    expect(text.stdout).toMatch(/^ok {4}Permission sets/m);
    expect(text.stderr).toMatch(/1 of 6 checks failed: Metadata/);

    const json = await l.partnerlens(dir, 'doctor', '--target-org', 'local', '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as Record<string, any>;
    expect(out).toMatchObject({ name: 'DoctorFailed', exitCode: 1 });
    expect(out.data.checks.find((c: any) => c.id === 'metadata')).toMatchObject({ status: 'fail', summary: expect.stringContaining('Lead.Partner_Sourced__c') });
    expect(out).not.toHaveProperty('stack');
  });

  it('a fresh org: nobody assigned fails, no settings record warns; following the init fix makes the settings check ok', async () => {
    const l = await loggedIn();
    const dir = project();
    l.org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active' });
    const before = await l.partnerlens(dir, 'doctor', '--target-org', 'local');
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/^fail {2}Permission sets: no active user has any PartnerLens permission set/m);
    expect(before.stdout).toMatch(/^warn {2}Settings record: no Partner_Sync_Setting__c record/m);
    expect(before.stdout).toContain('fix: Create it with every default spelled out: run `partnerlens init --target-org local` in an empty folder');

    const empty = tempDir('pl-doctor-init-');
    expect((await l.partnerlens(empty, 'init', '--target-org', 'local')).code).toBe(0);
    const after = await l.partnerlens(dir, 'doctor', '--target-org', 'local');
    expect(after.stdout).toMatch(/^ok {4}Settings record: Partner_Sync_Setting__c \(External_Id__c default\) is valid/m);

    // without --target-org: the running local org that `partnerlens org start` announced in .partnerlens/localorg.json
    mkdirSync(path.join(dir, '.partnerlens'));
    writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: l.org.instanceUrl, accessToken: l.org.accessToken }));
    const local = await l.partnerlens(dir, 'doctor');
    expect(local.stdout).toContain(`ok    API access: REST API v62.0 answers as local org at ${l.org.instanceUrl}`);
  });
});
