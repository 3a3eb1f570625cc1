// `partnerlens doctor`'s checks against local orgs that each lack one thing an admin gets wrong (over real HTTP).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLocalConfig } from '../../src/config/localConfig';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../src/localorg/index';
import { connectionFor } from '../../src/org/connection';
import { writeResult } from '../../src/psi/result';
import { defaultSettingsRecord } from '../../src/config/settings';
import { runDoctor, type CheckResult, type DoctorResult } from '../../src/usecases/doctor/index';
import { HEADROOM_WARN_POINTS } from '../../src/usecases/doctor/headroom';

jest.setTimeout(60_000);
const FORCE_APP = path.resolve(__dirname, '../../force-app');
const tmp: string[] = [];
const orgs: LocalOrg[] = [];
afterAll(async () => {
  for (const o of orgs) await o.stop();
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  tmp.push(d);
  return d;
}

/** A copy of force-app's objects and permission sets, minus `remove` (paths below main/default). */
function forceAppWithout(...remove: string[]): string {
  const dir = tempDir('pl-doctor-fa-');
  for (const part of ['objects', 'permissionsets']) cpSync(path.join(FORCE_APP, 'main', 'default', part), path.join(dir, 'main', 'default', part), { recursive: true });
  for (const r of remove) rmSync(path.join(dir, 'main', 'default', r), { recursive: true, force: true });
  return dir;
}

async function org(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const o = await startLocalOrg(options);
  orgs.push(o);
  return o;
}

/** A deployed, set-up org: the settings record, an admin assignment of each permission set, partner acme. */
async function healthyOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const o = await org(options);
  o.store.insert('Partner_Sync_Setting__c', defaultSettingsRecord());
  const user = String(o.store.query('SELECT Id FROM User').records[0]!.Id);
  for (const ps of o.store.query('SELECT Id FROM PermissionSet').records) o.store.insert('PermissionSetAssignment', { AssigneeId: user, PermissionSetId: ps.Id });
  o.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active' });
  return o;
}

/** A folder with a config (`yaml`) and partners/acme.csv (none when `file` is null). */
function configDir(yaml = 'partnerFiles:\n  - partner: acme\n    file: partners/acme.csv\n', file: string | null = 'id,company,website,population\nA1,Company 1,company1.com,Customer\n'): string {
  const dir = tempDir('pl-doctor-');
  writeFileSync(path.join(dir, 'partnerlens.config.yaml'), yaml);
  if (file !== null) {
    mkdirSync(path.join(dir, 'partners'));
    writeFileSync(path.join(dir, 'partners', 'acme.csv'), file);
  }
  return dir;
}

async function doctor(o: LocalOrg, dir = configDir(), targetOrg?: string): Promise<DoctorResult> {
  return runDoctor({ target: { conn: connectionFor(o.instanceUrl, o.accessToken), key: 'local', label: 'local org' }, config: loadLocalConfig(dir), forceAppDir: FORCE_APP, version: '0.1.0', targetOrg });
}

const check = (r: DoctorResult, id: CheckResult['id']): CheckResult => r.checks.find((c) => c.id === id)!;
const statuses = (r: DoctorResult): Record<string, string> => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

/** `n` counted REST requests, as another integration would make them. */
async function useApi(o: LocalOrg, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await fetch(`${o.instanceUrl}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${o.accessToken}` } });
}

describe('partnerlens doctor checks against the local org', () => {
  it('a set-up org: every check ok, no fix, in a handful of API calls', async () => {
    const o = await healthyOrg();
    const r = await doctor(o);
    expect(statuses(r)).toEqual({ api: 'ok', metadata: 'ok', 'permission-sets': 'ok', settings: 'ok', sources: 'ok', 'api-headroom': 'ok' });
    expect(r.checks.every((c) => c.fix.length === 0)).toBe(true);
    expect(r).toMatchObject({ failed: 0, warnings: 0 });
    expect(check(r, 'api').summary).toBe('REST API v62.0 answers as local org (the org serves up to v68.0)');
    expect(check(r, 'metadata').summary).toMatch(/^PartnerLens 0\.1\.0 metadata deployed: \d+ objects and \d+ custom fields of force-app, all present$/);
    expect(check(r, 'permission-sets').summary).toBe('assigned to active users: PartnerLens_Admin (1), PartnerLens_Manager (1), PartnerLens_Rep (1)');
    expect(check(r, 'settings').summary).toBe('Partner_Sync_Setting__c (External_Id__c default) is valid; population sizes: Customer 0, Open Opportunity 0, Prospect 0, Lead 0');
    expect(check(r, 'sources').summary).toBe('partners/acme.csv (partner acme): 1 records');
    expect(check(r, 'api-headroom').summary).toMatch(/^\d of 100,000 daily API requests used \(0%\); the sync stops at 80% \(API_Budget_Percent__c\): 79,99\d requests of headroom$/);
    // read-only and cheap: eight calls the org counts, plus the version list (no session, not counted)
    expect(o.apiUsage().used).toBe(8);
    expect(r.apiCalls).toBe(9);
  });

  it('API access: an org that refuses the REST API fails the check with the API Enabled fix; the org checks are skipped', async () => {
    const o = await healthyOrg({ faults: { rate: 1, kinds: ['apiDisabled'] } });
    const r = await doctor(o);
    expect(check(r, 'api')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/API_DISABLED_FOR_ORG/) });
    expect(check(r, 'api').fix.join(' ')).toMatch(/"API Enabled" system permission/);
    expect(statuses(r)).toMatchObject({ metadata: 'skip', 'permission-sets': 'skip', settings: 'skip', 'api-headroom': 'skip' });
    // the files are local: still checked
    expect(check(r, 'sources').status).toBe('ok');
    expect(r.failed).toBe(1);
  });

  it('API access: an org without API v62.0 fails naming the versions it has', async () => {
    const conn = { instanceUrl: 'http://old.example', request: async (r: { url: string }): Promise<unknown> => (r.url === '/services/data' ? [{ version: '60.0' }, { version: '61.0' }] : Promise.reject(new Error(`unexpected ${r.url}`))) };
    const r = await runDoctor({ target: { conn, key: 'old', label: 'old org' }, config: loadLocalConfig(configDir()), forceAppDir: FORCE_APP, version: '0.1.0' });
    expect(check(r, 'api')).toMatchObject({ status: 'fail', summary: 'the org serves API versions up to v61.0; PartnerLens needs v62.0' });
    expect(check(r, 'api').fix[0]).toMatch(/current Salesforce release \(API v62\.0 or later\)/);
    expect(check(r, 'metadata').status).toBe('skip');
  });

  it('sources: exchange endpoints are not contacted', async () => {
    const o = await healthyOrg();
    const r = await doctor(o, configDir('partnerFiles:\n  - partner: acme\n    file: partners/acme.csv\nexchanges:\n  - partner: acme\n    endpoint: https://127.0.0.1:1/psi\n'));
    expect(check(r, 'sources')).toMatchObject({ status: 'ok', summary: 'partners/acme.csv (partner acme): 1 records' });
  });

  it('API access: an expired login names the re-login fix', async () => {
    const o = await healthyOrg();
    const r = await runDoctor({ target: { conn: connectionFor(o.instanceUrl, 'not-a-token'), key: 'x', label: 'local org' }, config: loadLocalConfig(configDir()), forceAppDir: FORCE_APP, version: '0.1.0', targetOrg: 'prod' });
    expect(check(r, 'api')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/INVALID_SESSION_ID/) });
    expect(check(r, 'api').fix.join(' ')).toContain('sf org login web --alias prod');
  });

  it('metadata: an org without PartnerLens deployed names the missing objects; permission sets and settings fail too', async () => {
    const empty = tempDir('pl-doctor-empty-');
    const o = await org({ forceAppDir: empty });
    const r = await doctor(o);
    const m = check(r, 'metadata');
    expect(m.status).toBe('fail');
    expect(m.summary).toMatch(/^PartnerLens 0\.1\.0 metadata is missing or older than this version: (\d+) of \1 objects and (\d+) of \2 custom fields absent: Partner_Exchange__c, /);
    expect(m.details).toEqual(expect.arrayContaining(['Partner__c', 'Partner_Sync_Setting__c', 'Account.DUNS__c', 'Lead.Partner_Sourced__c']));
    expect(m.summary).toMatch(/, and \d+ more$/);
    expect(m.fix[0]).toContain('sf project deploy start --source-dir force-app');
    expect(m.fix[1]).toMatch(/Describe shows only what the user can see: assign PartnerLens_Admin/);
    expect(check(r, 'permission-sets')).toMatchObject({ status: 'fail', summary: 'not in the org: PartnerLens_Admin, PartnerLens_Manager, PartnerLens_Rep' });
    expect(check(r, 'settings')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^the record cannot be read: .*INVALID_TYPE/) });
    expect(check(r, 'sources')).toMatchObject({ status: 'ok' });
  });

  it('metadata: an org deployed from an older version (one object and one field missing) names both', async () => {
    const o = await healthyOrg({ forceAppDir: forceAppWithout('objects/Partner_Exchange__c', 'objects/Partner_Overlap__c/fields/Match_Reason__c.field-meta.xml') });
    const r = await doctor(o, configDir(), 'prod');
    expect(check(r, 'metadata')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/: 1 of \d+ objects and \d+ of \d+ custom fields absent: Partner_Exchange__c, Partner_Overlap__c\.Match_Reason__c$/),
      fix: expect.arrayContaining([expect.stringContaining('sf project deploy start --source-dir force-app --target-org prod')]),
    });
    expect(r.failed).toBe(1);
  });

  it('permission sets: none deployed of one, nobody assigned, or one not assigned to an active user', async () => {
    const noRep = await healthyOrg({ forceAppDir: forceAppWithout('permissionsets/PartnerLens_Rep.permissionset-meta.xml') });
    const notDeployed = check(await doctor(noRep), 'permission-sets');
    expect(notDeployed).toMatchObject({ status: 'fail', summary: 'not in the org: PartnerLens_Rep' });
    expect(notDeployed.fix[0]).toContain('sf project deploy start --source-dir force-app');

    const o = await org();
    const nobody = check(await doctor(o), 'permission-sets');
    expect(nobody).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^no active user has any PartnerLens permission set/) });
    expect(nobody.fix[0]).toContain('sf org assign permset --name PartnerLens_Admin');

    const admin = String(o.store.query('SELECT Id FROM User').records[0]!.Id);
    const ps = (name: string): string => String(o.store.query(`SELECT Id FROM PermissionSet WHERE Name = '${name}'`).records[0]!.Id);
    o.store.insert('PermissionSetAssignment', { AssigneeId: admin, PermissionSetId: ps('PartnerLens_Admin') });
    const rep = o.store.insert('User', { Username: 'rep@example.com', LastName: 'Rep', Email: 'rep@example.com', IsActive: false });
    o.store.insert('PermissionSetAssignment', { AssigneeId: rep.id, PermissionSetId: ps('PartnerLens_Rep') });
    const some = check(await doctor(o), 'permission-sets');
    // an inactive user's assignment does not count
    expect(some).toMatchObject({ status: 'warn', summary: 'assigned: PartnerLens_Admin (1); not assigned to any active user: PartnerLens_Manager, PartnerLens_Rep' });
    expect(some.fix[0]).toContain('--name PartnerLens_Manager');
  });

  it('settings: no record warns with the init fix; the sync runs on the defaults', async () => {
    const o = await healthyOrg();
    o.store.delete('Partner_Sync_Setting__c', String(o.store.query('SELECT Id FROM Partner_Sync_Setting__c').records[0]!.Id));
    const r = await doctor(o);
    expect(check(r, 'settings')).toMatchObject({ status: 'warn', summary: 'no Partner_Sync_Setting__c record with External_Id__c default: the sync uses the defaults, and admins have nothing to edit in the org' });
    expect(check(r, 'settings').fix[0]).toContain('partnerlens init');
    expect(r.failed).toBe(0);
  });

  it('settings: a filter the sync refuses, an out-of-range number, and a filter naming a field the org lacks each fail naming the field', async () => {
    const o = await healthyOrg();
    const id = String(o.store.query('SELECT Id FROM Partner_Sync_Setting__c').records[0]!.Id);
    o.store.update('Partner_Sync_Setting__c', id, { Customer_Filter__c: "Type = 'Customer' LIMIT 10" });
    const limit = check(await doctor(o), 'settings');
    expect(limit).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^the sync would refuse this record: .*Customer_Filter__c.*Only the condition of a WHERE clause is allowed here, not LIMIT/) });
    expect(limit.fix.join(' ')).toContain("Type = 'Customer'");

    o.store.update('Partner_Sync_Setting__c', id, { Customer_Filter__c: "Type = 'Customer'", Max_Deactivation_Percent__c: 150 });
    expect(check(await doctor(o), 'settings')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/Max_Deactivation_Percent__c/) });

    o.store.update('Partner_Sync_Setting__c', id, { Max_Deactivation_Percent__c: 50, Lead_Filter__c: "Rating__c = 'Hot'" });
    const unknown = check(await doctor(o), 'settings');
    expect(unknown).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^Lead_Filter__c: the org refused the filter `Rating__c = 'Hot'`: INVALID_FIELD/) });
    expect(unknown.fix[0]).toBe('Edit Lead_Filter__c on the settings record: it must name fields Lead has (for example `IsConverted = false`).');
  });

  it('sources: a missing file, an unusable file, rows with errors, an unknown partner and an inactive one', async () => {
    const o = await healthyOrg();
    o.store.insert('Partner__c', { Name: 'Globex', External_Id__c: 'globex', Domain__c: 'globex.com', Status__c: 'Paused' });
    const missing = check(await doctor(o, configDir(undefined, null)), 'sources');
    expect(missing).toMatchObject({ status: 'fail', summary: 'partners/acme.csv (partner acme): no such file' });
    expect(missing.fix[0]).toMatch(/relative to the config file's folder/);

    const unusable = check(await doctor(o, configDir(undefined, 'company,population\nCompany 1,Customer\n')), 'sources');
    expect(unusable).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^partners\/acme\.csv \(partner acme\): .*(website|domain)/i) });
    expect(unusable.fix[0]).toMatch(/^Fix the file/);

    const rows = check(await doctor(o, configDir(undefined, 'company,website,population\nCompany 1,company1.com,Customer\nCompany 2,company2.com,Custmer\n')), 'sources');
    expect(rows).toMatchObject({ status: 'warn', summary: expect.stringMatching(/^partners\/acme\.csv \(partner acme\): 1 of 2 rows unusable, first: .*line 3, field population/) });

    const yaml = 'partnerFiles:\n  - partner: acme\n    file: partners/acme.csv\n  - partner: initech\n    file: partners/acme.csv\n  - partner: globex.com\n    file: partners/acme.csv\n';
    const partners = check(await doctor(o, configDir(yaml)), 'sources');
    expect(partners.status).toBe('fail');
    expect(partners.summary).toBe('partners/acme.csv: partner initech is not a Partner__c (no External_Id__c or Domain__c initech); partners/acme.csv: partner Globex (globex.com) is Paused, so the sync skips its data');
    expect(partners.details).toContain('ok: partners/acme.csv (partner acme): 1 records');
    expect(partners.fix.join(' ')).toMatch(/partnerlens partners add/);
    expect(partners.fix.join(' ')).toMatch(/Status__c to Active/);

    const none = check(await doctor(o, configDir('referralFiles: []\n', null)), 'sources');
    expect(none).toMatchObject({ status: 'warn', summary: 'the config names no partner files or private exchange results: the sync reads the org but matches nothing' });
  });

  it('sources: private exchange results: none yet warns, an invalid result file fails, a completed one is ok', async () => {
    const o = await healthyOrg();
    const dir = configDir('privateResults:\n  - partner: acme\n    file: .partnerlens/psi/acme.result.json\n', null);
    const none = check(await doctor(o, dir), 'sources');
    expect(none).toMatchObject({ status: 'warn', summary: '.partnerlens/psi/acme.result.json (partner acme): no exchange result yet' });
    expect(none.fix[0]).toContain('partnerlens psi start');
    const psiDir = path.join(dir, '.partnerlens', 'psi');
    mkdirSync(psiDir, { recursive: true });
    writeFileSync(path.join(psiDir, 'acme.result.json'), '{"version": 1, "mode": "sideways"}');
    expect(check(await doctor(o, dir), 'sources')).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^\.partnerlens\/psi\/acme\.result\.json \(partner acme\): /) });
    rmSync(path.join(psiDir, 'acme.result.json'));
    await writeResult(psiDir, { version: 1, partner: 'acme', session: 'ab'.repeat(16), role: 'initiator', mode: 'list', keyKind: 'domain', sharingLevel: 'Overlapping records', ourSetSize: 3, partnerSetSize: 4, counts: [], matches: [{ key: 'globex.com', ourPopulations: ['Customer'], partnerPopulations: ['Customer'] }], startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:01:00.000Z' });
    expect(check(await doctor(o, dir), 'sources')).toMatchObject({ status: 'ok', summary: `.partnerlens/psi/acme.result.json (partner acme): exchange ${'ab'.repeat(16)}, list mode, finished 2026-12-01T10:01:00.000Z` });
  });

  it(`API headroom: within ${HEADROOM_WARN_POINTS} points of the budget warns; at the budget fails (the sync would pause)`, async () => {
    const o = await healthyOrg({ dailyApiLimit: 100 });
    await useApi(o, 70);
    const low = check(await doctor(o), 'api-headroom');
    expect(low).toMatchObject({ status: 'warn', summary: '71 of 100 daily API requests used (71%): within 10 points of the budget, 80% (API_Budget_Percent__c); 9 requests of headroom' });
    expect(low.fix.join(' ')).toMatch(/raise API_Budget_Percent__c/);
    expect(low.fix[0]).toMatch(/rolling 24 hours/);
    const o2 = await healthyOrg({ dailyApiLimit: 100 });
    await useApi(o2, 79);
    const r = await doctor(o2);
    expect(check(r, 'api-headroom')).toMatchObject({ status: 'fail', summary: '80 of 100 daily API requests used (80%): at or past the budget, 80% (API_Budget_Percent__c); a sync now pauses at once (exit 4)' });
    expect(r.failed).toBe(1);
    // the settings record's budget is the one the check uses
    const id = String(o2.store.query('SELECT Id FROM Partner_Sync_Setting__c').records[0]!.Id);
    o2.store.update('Partner_Sync_Setting__c', id, { API_Budget_Percent__c: 100 });
    expect(check(await doctor(o2), 'api-headroom').status).toBe('ok');
  });
});
