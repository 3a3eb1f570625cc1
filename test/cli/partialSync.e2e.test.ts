// Issue 19, CLI: `partnerlens sync --json` of a partial run (the org refused a record) is a clean JSON error for
// scripts and people: exit 3, no JavaScript stack, no "cause": "undefined", and a message that says what the org
// refused apart from the file rows it rejected, each file row named by file, line and field with its path once.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { runPartnerlens, type Outcome } from './runCli';

jest.setTimeout(60_000);

let org: LocalOrg;
let dir: string;

beforeAll(async () => {
  org = await startLocalOrg();
  dir = mkdtempSync(path.join(tmpdir(), 'pl-partial-'));
  mkdirSync(path.join(dir, '.partnerlens'));
  writeFileSync(
    path.join(dir, '.partnerlens', 'localorg.json'),
    JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, orgId: org.orgId, username: org.username }),
  );
  org.store.insert('Partner__c', {
    Name: 'Acme Partners',
    External_Id__c: 'acme',
    Domain__c: 'acmepartners.com',
    Status__c: 'Active',
    Sharing_Level__c: 'Overlapping records',
  });
  // R1's Lead the org refuses (website too long); line 4 has no company: rejected while planning
  writeFileSync(
    path.join(dir, 'refs.csv'),
    `referral_id,company,email,last_name,referral_date,website\nR1,Evil Inc,jo@evilinc.com,Jo,2026-11-02,evilinc.com/${'a'.repeat(300)}\nR2,Good Inc,al@goodinc.com,Al,2026-11-03,goodinc.com\nR3,,x@initech.com,X,2026-11-03,initech.com\n`,
  );
  writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'referralFiles:\n  - partner: acme\n    file: refs.csv\n');
});

afterAll(async () => {
  await org?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const partnerlens = (...args: string[]): Promise<Outcome> => runPartnerlens(dir, args);

it('sync --json of a partial run: exit 3, no stack or cause, refused records told apart from rejected rows, each path once', async () => {
  const sync = await partnerlens('sync', '--json');
  expect(sync.code).toBe(3);
  const out = JSON.parse(sync.stdout) as Record<string, unknown> & {
    message: string;
    data: { status: string; counts: { failed: number; rejected: number } };
  };
  expect(out).toMatchObject({ name: 'Partial', exitCode: 3, data: { status: 'Partial', counts: { failed: 2, rejected: 1 } } });
  expect(out).not.toHaveProperty('stack');
  expect(out).not.toHaveProperty('cause');
  expect(sync.stdout).not.toMatch(/"undefined"|at \S+ \(\/|node:internal/);
  expect(out.message).toMatch(
    /^The org refused 1 record\(s\) and 1 partner or referral file row\(s\) were rejected; the rest were written:/,
  );
  const refs = path.join(dir, 'refs.csv');
  expect(out.message).toContain(`\n  ${refs} line 4, field company: is empty.`);
  expect(out.message).toMatch(/\n {2}R1 \(Website\): Website: data value too large/);
  // the path once per rejected row (in its message), never as "refs.csv:4 (company): refs.csv line 4 ..."
  expect(out.message.split(refs).length - 1).toBe(1);
  expect(out.message).not.toContain(`${refs}:4`);
  expect(sync.stderr).toBe('');
});
