import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { ImpactReport } from '../../src/impact/metrics';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { runPartnerlens, type Outcome } from './runCli';

// End to end through the compiled CLI (run `npm run build` first), against a local org this test serves.
const partnerlens = (cwd: string, ...args: string[]): Promise<Outcome> => runPartnerlens(cwd, args);
const partnerlensIn = (env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Promise<Outcome> => runPartnerlens(cwd, args, env);

function json<T>(out: Outcome): { status: number; result: T; name?: string; message?: string } {
  return JSON.parse(out.stdout) as { status: number; result: T; name?: string; message?: string };
}

describe('partnerlens commands (e2e)', () => {
  jest.setTimeout(60_000);
  let org: LocalOrg;
  let dir: string;
  beforeAll(async () => {
    org = await startLocalOrg();
    dir = mkdtempSync(path.join(tmpdir(), 'plcmd-'));
    mkdirSync(path.join(dir, '.partnerlens'));
    writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
    for (let i = 0; i < 5; i++) org.store.insert('Account', { Name: `Company ${i}`, Website: `company${i}.com`, Type: 'Customer' });
  });
  afterAll(async () => org.stop());

  it('init writes the config and the settings record, then refuses to overwrite it (exit 2)', async () => {
    const first = await partnerlens(dir, 'init', '--json');
    expect(first.code).toBe(0);
    expect(json<{ settings: { created: boolean } }>(first).result.settings.created).toBe(true);
    expect(existsSync(path.join(dir, 'partnerlens.config.yaml'))).toBe(true);
    const again = await partnerlens(dir, 'init');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/partnerlens\.config\.yaml already exists/);
    expect(again.stderr).toContain('--force');
  });

  it('partners add and list; a bad domain exits 2 naming the flag', async () => {
    const added = await partnerlens(dir, 'partners', 'add', '--name', 'Acme Partners', '--domain', 'https://www.AcmePartners.com/', '--external-id', 'acme', '--sharing-level', 'Overlapping records', '--json');
    expect(added.code).toBe(0);
    expect(json<{ domain: string; created: boolean }>(added).result).toMatchObject({ domain: 'acmepartners.com', created: true });
    const bad = await partnerlens(dir, 'partners', 'add', '--name', 'X', '--domain', 'localhost');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid domain/);
    const rename = await partnerlens(dir, 'partners', 'add', '--name', 'Someone Else', '--domain', 'acmepartners.com');
    expect(rename.code).toBe(2);
    expect(rename.stderr).toMatch(/acmepartners\.com is already the domain of partner "Acme Partners" \(External_Id__c acme\)/);
    expect(rename.stderr).toContain('--external-id acme');
    const list = await partnerlens(dir, 'partners', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).not.toMatch(/Someone Else/);
    expect(list.stdout).toMatch(/Acme Partners.*acme.*acmepartners\.com/);
  });

  it('report --partner naming no partner exits 2 with the partners that exist (messages/report.md), in text and --json', async () => {
    const text = await partnerlens(dir, 'report', '--partner', 'Nobody Inc');
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/No partner has the Id or name "Nobody Inc"/);
    expect(text.stderr).toMatch(/Use one of: .*Acme Partners/);
    const out = await partnerlens(dir, 'report', '--partner', 'Nobody Inc', '--json');
    expect(out.code).toBe(2);
    expect(JSON.parse(out.stdout)).toMatchObject({ status: 2, name: 'UnknownPartner', actions: [expect.stringMatching(/^Use one of: .*Acme Partners/)] });
  });

  it('a bad partner file row: the run completed with 1 rejected row (exit 0), naming the file, line and field; status shows the run', async () => {
    writeFileSync(path.join(dir, 'acme.csv'), 'company,website,population\nCompany 1,company1.com,Customer\nCompany 2,company2.com,Custmer\n');
    writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    file: acme.csv\n');
    const sync = await partnerlens(dir, 'sync');
    expect(sync.code).toBe(0);
    expect(sync.stderr).toMatch(/Completed with 1 rejected row: partner or referral file rows the sync could not use/);
    expect(sync.stderr).toMatch(/acme\.csv line 3, field population: 'Custmer' is not a population/);
    expect(sync.stderr).toMatch(/errors\.csv/);
    expect(sync.stdout).toMatch(/: Succeeded\. .*failed 1 \(1 rejected file rows\)/);
    const status = await partnerlens(dir, 'sync', 'status', '--json');
    expect(status.code).toBe(0);
    const s = json<{ runs: { status: string; created: number; failed: number }[]; checkpoint: { watermark?: string } }>(status).result;
    expect(s.runs[0]).toMatchObject({ status: 'Succeeded', created: 1, failed: 1 });
    expect(s.checkpoint.watermark).toBeDefined();
    // for a person: times in the terminal's zone, each rejected row's file named once
    const text = await partnerlensIn({ TZ: 'America/New_York' }, dir, 'sync', 'status');
    expect(text.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d EST/);
    expect(text.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    expect(text.stdout).toMatch(/Completed with 1 rejected row/);
    expect(text.stdout).toMatch(/acme\.csv \(\S*acme\.csv\): 1 failure\n\s+line 3, field population: 'Custmer' is not a population/);
    expect(text.stdout).not.toMatch(/acme\.csv:3/);
  });

  it('an unusable partner file exits 1 naming the file and the missing column', async () => {
    writeFileSync(path.join(dir, 'acme.csv'), 'company,population\nCompany 1,Customer\n');
    const sync = await partnerlens(dir, 'sync', '--json');
    expect(sync.code).toBe(1);
    expect(json(sync).message).toMatch(/acme\.csv.*(website|domain)/i);
    // --json errors are for scripts and people: no JavaScript stack, no "cause": "undefined"
    expect(JSON.parse(sync.stdout)).not.toHaveProperty('stack');
    expect(JSON.parse(sync.stdout)).not.toHaveProperty('cause');
  });

  it('referrals import creates the lead once; share export writes the partner file', async () => {
    writeFileSync(path.join(dir, 'refs.csv'), 'company,email,first_name,last_name,referral_date\nInitech,pete@initech.com,Pete,Gibbons,2026-11-20\n');
    const first = await partnerlens(dir, 'referrals', 'import', '--partner', 'acme', '--file', 'refs.csv', '--json');
    expect(first.code).toBe(0);
    expect(json<{ referrals: { created: number } }>(first).result.referrals.created).toBe(1);
    const again = await partnerlens(dir, 'referrals', 'import', '--partner', 'acme', '--file', 'refs.csv');
    expect(again.code).toBe(0);
    expect(org.store.query("SELECT COUNT() FROM Lead WHERE Email = 'pete@initech.com'").totalSize).toBe(1);
    const share = await partnerlens(dir, 'share', 'export', '--partner', 'acme', '--output', 'share.csv');
    expect(share.code).toBe(0);
    expect(readFileSync(path.join(dir, 'share.csv'), 'utf8')).toMatch(/Company 1,company1\.com,Customer/);
  });

  it('sync --dry-run shows the primary partners it would set, and writes nothing', async () => {
    writeFileSync(path.join(dir, 'acme.csv'), 'company,website,population\nCompany 1,company1.com,Customer\n');
    const account = String(org.store.query("SELECT Id FROM Account WHERE Name = 'Company 1'").records[0]?.Id);
    org.store.insert('Opportunity', { Name: 'Dry deal', AccountId: account, StageName: 'Prospecting', CloseDate: '2026-12-31' });
    const dry = await partnerlens(dir, 'sync', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Partner_Influence__c\W+create \(Rule\)\W+1\b/);
    expect(dry.stdout).toMatch(/Opportunity\W+set Primary_Partner__c\W+1\b/);
    expect(dry.stdout).toMatch(/Opportunity\W+clear Primary_Partner__c\W+0\b/);
    const asJson = await partnerlens(dir, 'sync', '--dry-run', '--json');
    expect(json<{ plan: { primarySet: number; primaryClear: number } }>(asJson).result.plan).toMatchObject({ primarySet: 1, primaryClear: 0 });
    expect(org.store.query("SELECT COUNT() FROM Opportunity WHERE Primary_Partner__c != null").totalSize).toBe(0);
  });

  it('a second sync of the same org refuses while the first holds the lock (exit 1), naming it; a stale lock is taken over', async () => {
    const checkpoints = path.join(dir, '.partnerlens', 'checkpoints');
    const [folder] = readdirSync(checkpoints);
    const lock = path.join(checkpoints, folder!, 'sync.lock');
    // this test's own process stands in for a running sync: alive, on this host
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2026-12-06T09:00:00.000Z' }));
    const refused = await partnerlens(dir, 'sync', '--json');
    expect(refused.code).toBe(1);
    expect(json(refused)).toMatchObject({ name: 'SyncLocked', message: expect.stringContaining(`process ${process.pid} on ${hostname()}, started 2026-12-06T09:00:00.000Z (lock file ${lock})`) });
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 4321, host: hostname(), startedAt: '2026-12-01T00:00:00.000Z' }));
    const taken = await partnerlens(dir, 'sync', '--json');
    expect(taken.code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('demo --no-serve --json loads, syncs and reports in one go', async () => {
    const demoDir = mkdtempSync(path.join(tmpdir(), 'pldemo-'));
    const out = await partnerlens(demoDir, 'demo', '--no-serve', '--accounts', '400', '--json');
    expect(out.code).toBe(0);
    const r = json<{ overlaps: { overlaps: number }[]; sourcedLeads: { flagged: number; created: number }; apiCalls: number; sync: { status: string } }>(out).result;
    expect(r.overlaps.reduce((n, o) => n + o.overlaps, 0)).toBeGreaterThan(0);
    expect(r.sourcedLeads.created).toBeGreaterThan(0);
    expect(r.apiCalls).toBeGreaterThan(0);
    // tokens are never printed: a local org token is "<org id>!<secret>"
    expect(out.stdout).not.toMatch(/[0-9A-Za-z]{15}![\w-]{20,}/);
    expect(out.stdout).not.toContain('accessToken');
    expect(existsSync(path.join(demoDir, '.partnerlens', 'demo', 'partnerlens.config.json'))).toBe(true);
    expect(existsSync(path.join(demoDir, '.partnerlens', 'localorg.json'))).toBe(false);
  });

  it('demo shows the partner impact after the sync: a positive lift on the default seed, in text and in --json', async () => {
    const demoDir = mkdtempSync(path.join(tmpdir(), 'pldemo-'));
    const asJson = await partnerlens(demoDir, 'demo', '--no-serve', '--accounts', '400', '--json');
    expect(asJson.code).toBe(0);
    // the same report as `partnerlens report --json` on the demo org
    const impact = json<{ impact: ImpactReport }>(asJson).result.impact;
    expect(impact.model).toBe('Recorded');
    const { lift, leads, sourced, influenced } = impact.overall;
    expect(lift.withPartner.closed).toBeGreaterThan(20);
    expect(lift.withoutPartner.closed).toBeGreaterThan(20);
    expect(lift.winRateLift).toBeGreaterThan(0);
    expect(leads.partnerSourced.rate).toBeGreaterThan(leads.ordinary.rate ?? 1);
    expect(sourced.revenue).toBeGreaterThan(0);
    expect(influenced.revenue).toBeGreaterThan(0);
    expect(impact.partners).toHaveLength(3);

    // the same seed gives the same org, so the text shows these very numbers
    const text = await partnerlens(demoDir, 'demo', '--no-serve', '--accounts', '400');
    expect(text.code).toBe(0);
    const pct = (v: number | null) => `${((v ?? NaN) * 100).toFixed(1)}%`;
    const money = (v: number) => Math.round(v).toLocaleString('en-US');
    const block = text.stdout.slice(text.stdout.indexOf('Partner impact on the demo org'));
    expect(block.split('\n').slice(0, 5)).toEqual([
      'Partner impact on the demo org (all time, Recorded attribution):',
      `  Win rate ${pct(lift.withPartner.winRate)} with partners vs ${pct(lift.withoutPartner.winRate)} without: +${((lift.winRateLift ?? NaN) * 100).toFixed(1)} pts.`,
      `  Partner-sourced leads convert ${pct(leads.partnerSourced.rate)} vs ${pct(leads.ordinary.rate)} for other leads.`,
      `  Partner-sourced revenue ${money(sourced.revenue)} from ${sourced.won} won deals; partner-influenced revenue ${money(influenced.revenue)} from ${influenced.won} won deals.`,
      '  Full report (per partner, pipeline, sales cycle, overlap map, --csv): `npx partnerlens org start --data .partnerlens/demo.db`, then `npx partnerlens report` in this folder.',
    ]);
    // after the sync summary
    expect(text.stdout).toMatch(/Sync completed with \d+ rejected rows: /);
    expect(text.stdout).not.toMatch(/Sync Partial/);
    expect(text.stdout.indexOf('Sync completed with')).toBeLessThan(text.stdout.indexOf('Partner impact on the demo org'));
  });

  it('help shows commands as users type them, and the shared org flag reads for every command', async () => {
    for (const command of ['sync', 'report', 'partners add']) {
      const help = await partnerlens(dir, ...command.split(' '), '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`$ partnerlens ${command}`);
      expect(help.stdout).not.toContain('partnerlens partnerlens');
    }
    const report = await partnerlens(dir, 'report', '--help');
    expect(report.stdout).not.toContain('Org to sync');
    expect(report.stdout).toMatch(/-o, --target-org=<value>\s+Org to work on/);
  });

  it('a mistyped command or flag names the closest one (exit 127 and 2), without a terminal', async () => {
    const command = await partnerlens(dir, 'synk');
    expect(command.code).toBe(127);
    expect(command.stderr.replace(/\s*›\s*/g, ' ')).toContain('`partnerlens synk` is not a partnerlens command. Did you mean `partnerlens sync`?');
    const flag = await partnerlens(dir, 'sync', '--dryrun');
    expect(flag.code).toBe(2);
    expect(flag.stderr.replace(/\s*›\s*/g, ' ')).toContain('Nonexistent flag: --dryrun. Did you mean --dry-run?');
    const far = await partnerlens(dir, 'sync', '--bananas');
    expect(far.code).toBe(2);
    expect(far.stderr).not.toContain('Did you mean');
     // a real command with a word it does not take is a usage error naming the command, not "not a command"
    const extra = await partnerlens(dir, 'signals', 'ack', 'SIG-00001');
    expect(extra.code).toBe(2);
    expect(extra.stderr.replace(/\s*›\s*/g, ' ')).toContain('`partnerlens signals ack` takes no argument "SIG-00001": its input comes in flags. Run `partnerlens signals ack --help`');
  });

  it('sync in a folder without a config file says that nothing was read, instead of a silent "matched 0"', async () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'plbare-'));
    mkdirSync(path.join(bare, '.partnerlens'));
    writeFileSync(path.join(bare, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken }));
    const dry = await partnerlens(bare, 'sync', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stderr).toMatch(/No PartnerLens config file \(partnerlens\.config\.json or \.yaml\) in .*plbare-.*Run `partnerlens init`/s);
    writeFileSync(path.join(bare, 'partnerlens.config.json'), JSON.stringify({ referralFiles: [] }));
    const empty = await partnerlens(bare, 'sync', '--dry-run', '--json');
    expect(json(empty).status).toBe(0);
    expect(JSON.parse(empty.stdout).warnings).toEqual(expect.arrayContaining([expect.stringMatching(/partnerlens\.config\.json names no partner files or private exchange results/)]));
  });
});
