import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { LATEST_API_VERSION } from '../../src/localorg/rest';

// @salesforce/core 9 (what sf CLI plugins use) logs in with an access token and works against the local org.
// It runs in a child process with HOME in a temporary folder: core resolves ~/.sf and ~/.sfdx from the real
// environment, which jest's sandboxed process.env does not change, and nothing may touch the real ~/.sf.
const run = promisify(execFile);
let org: LocalOrg;
let home: string;

const script = `
const { AuthInfo, Org } = require(process.env.CORE_PATH);
(async () => {
  const { ORG_TOKEN: accessToken, ORG_URL: instanceUrl } = process.env;
  const auth = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl } });
  await auth.save();
  const org = await Org.create({ aliasOrUsername: auth.getUsername() });
  const conn = org.getConnection();
  await conn.sobject('Account').create({ Name: 'From sf core' });
  const accounts = await conn.query("SELECT Name FROM Account WHERE Name = 'From sf core'");
  const orgRow = await conn.singleRecordQuery('SELECT Name, IsSandbox, OrganizationType FROM Organization');
  console.log(JSON.stringify({ username: auth.getUsername(), fields: auth.getFields(), orgId: org.getOrgId(), maxVersion: await conn.retrieveMaxApiVersion(), accounts: accounts.records.map((r) => r.Name), orgRow }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'pl-sfcore-'));
  org = await startLocalOrg();
});
afterAll(async () => {
  await org.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('@salesforce/core against the local org', () => {
  it('creates and saves an AuthInfo from an access token, then Org and Connection work', async () => {
    const env = { ...process.env, HOME: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_TELEMETRY: 'true', ORG_TOKEN: org.accessToken, ORG_URL: org.instanceUrl, CORE_PATH: require.resolve('@salesforce/core') };
    const { stdout } = await run(path.resolve(__dirname, '../../node_modules/.bin/node'), ['-e', script], { env, cwd: home });
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    expect(out).toMatchObject({
      username: org.username,
      fields: { instanceUrl: org.instanceUrl, isDevHub: false },
      orgId: expect.stringMatching(/^00D\w{15}$/),
      maxVersion: `${LATEST_API_VERSION}.0`,
      accounts: ['From sf core'],
      orgRow: { Name: 'PartnerLens Local Org', IsSandbox: false },
    });
    // the auth file went to the temporary HOME
    expect(readdirSync(path.join(home, '.sfdx'))).toContain(`${org.username}.json`);
  }, 30_000);
});
