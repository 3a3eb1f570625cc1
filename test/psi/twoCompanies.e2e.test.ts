// Issue 13, the first Must-show: two companies, each with its own local org (its own data file and org id),
// find their common accounts and leads through the compiled CLI as their users run it: share export for the
// records, psi serve (HTTPS, a self-signed certificate made here, a generated token) and psi connect, in list mode
// and then counts mode, then partnerlens sync in each company. Each org ends with Private overlaps for exactly
// the known intersection and a Partner_Exchange__c row per exchange with the right counts, and nothing naming one
// of the other company's non-overlapping companies exists in either org or in either company's folder.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { BIN, runPartnerlens, type Outcome } from '../cli/runCli';

jest.setTimeout(300_000);

const SHARED = 14;
/** Shared companies: 0-5 a Customer on both sides; 6-11 an Acme Prospect and a Globex Lead; 12-13 an Acme Lead and a Globex Customer. */
const sharedDomain = (i: number) => `shared-co-${i}.com`;
const sharedName = (i: number) => `Shared Co ${i}`;

interface Company {
  name: 'Acme' | 'Globex';
  dir: string;
  org: LocalOrg;
  /** What only this company holds: names and domains that must never reach the other side. */
  own: string[];
}

async function company(name: Company['name'], partner: { name: string; externalId: string; domain: string }, load: (org: LocalOrg) => string[]): Promise<Company> {
  const dir = mkdtempSync(path.join(tmpdir(), `pl-psi2-${name.toLowerCase()}-`));
  mkdirSync(path.join(dir, '.partnerlens'));
  // its own data file: its own org id
  const org = await startLocalOrg({ dataFile: path.join(dir, '.partnerlens', 'org.db') });
  writeFileSync(path.join(dir, '.partnerlens', 'localorg.json'), JSON.stringify({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, orgId: org.orgId, username: org.username }));
  org.store.insert('Partner__c', { Name: partner.name, External_Id__c: partner.externalId, Domain__c: partner.domain, Status__c: 'Active', Sharing_Level__c: 'All records', Source__c: 'Private exchange' });
  const own = load(org);
  writeFileSync(path.join(dir, 'partnerlens.config.yaml'), `privateResults:\n  - partner: ${partner.domain}\n    file: .partnerlens/psi/${partner.externalId}.result.json\n`);
  return { name, dir, org, own };
}

const account = (org: LocalOrg, name: string, domain: string, type: 'Customer' | 'Prospect') => org.store.insert('Account', { Name: name, Website: `https://www.${domain}/`, Type: type });
const lead = (org: LocalOrg, company: string, domain: string, i: number) => org.store.insert('Lead', { LastName: `Contact ${i}`, Company: company, Email: `buyer${i}@${domain}`, Status: 'Open - Not Contacted' });

function loadAcme(org: LocalOrg): string[] {
  const own: string[] = [];
  for (let i = 0; i < SHARED; i++) {
    if (i < 6) account(org, sharedName(i), sharedDomain(i), 'Customer');
    else if (i < 12) account(org, sharedName(i), sharedDomain(i), 'Prospect');
    else lead(org, sharedName(i), sharedDomain(i), i);
  }
  for (let i = 0; i < 100; i++) {
    account(org, `Acmeonly Account ${i}`, `acmeonly-${i}.net`, i % 2 === 0 ? 'Customer' : 'Prospect');
    own.push(`Acmeonly Account ${i}`, `acmeonly-${i}.net`);
  }
  for (let i = 0; i < 12; i++) {
    lead(org, `Acmeonly Lead ${i}`, `acmeonly-lead-${i}.org`, 100 + i);
    own.push(`Acmeonly Lead ${i}`, `acmeonly-lead-${i}.org`);
  }
  return own;
}

function loadGlobex(org: LocalOrg): string[] {
  const own: string[] = [];
  for (let i = 0; i < SHARED; i++) {
    if (i < 6 || i >= 12) account(org, `${sharedName(i)} GmbH`, sharedDomain(i), 'Customer');
    else lead(org, `${sharedName(i)} GmbH`, sharedDomain(i), i);
  }
  for (let i = 0; i < 110; i++) {
    account(org, `Globexonly Account ${i}`, `globexonly-${i}.de`, i % 3 === 0 ? 'Customer' : 'Prospect');
    own.push(`Globexonly Account ${i}`, `globexonly-${i}.de`);
  }
  for (let i = 0; i < 9; i++) {
    lead(org, `Globexonly Lead ${i}`, `globexonly-lead-${i}.fr`, 200 + i);
    own.push(`Globexonly Lead ${i}`, `globexonly-lead-${i}.fr`);
  }
  return own;
}

function ok(outcome: Outcome, what: string): Outcome {
  if (outcome.code !== 0) throw new Error(`${what} exited ${outcome.code}:\n${outcome.stdout}\n${outcome.stderr}`);
  return outcome;
}

/** Globex's `psi serve --once` over HTTPS with a generated token; resolves with the token and address it printed. */
function serve(globex: Company): Promise<{ token: string; url: string; done: Promise<{ code: number | null; stdout: string }> }> {
  const { PARTNERLENS_PSI_TOKEN: _none, ...env } = process.env;
  const args = ['psi', 'serve', '--records', 'records.csv', '--partner', 'Acme', '--sharing-level', 'All records', '--port', '0', '--once', '--tls-key', 'key.pem', '--tls-cert', 'cert.pem'];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: globex.dir, env: { ...env, CI: 'true' } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout })));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const found = /this one \(.*\): (\S+)\n[\s\S]*Listening on (\S+)/.exec(stdout);
      if (found?.[1] && found[2]) resolve({ token: found[1], url: found[2], done });
    });
    void done.then(({ code }) => reject(new Error(`psi serve exited ${code}:\n${stdout}\n${stderr}`)));
  });
}

/** One exchange as the two users run it: Globex serves, Acme connects trusting Globex's certificate. */
async function exchange(acme: Company, globex: Company, mode: 'list' | 'counts'): Promise<{ initiator: Summary; responder: string }> {
  const server = await serve(globex);
  expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/psi\/v1\/exchange$/);
  const connect = ok(
    await runPartnerlens(acme.dir, ['psi', 'connect', '--url', server.url, '--ca', 'globex-cert.pem', '--records', 'records.csv', '--partner', 'Globex', '--mode', mode, '--sharing-level', 'All records', '--json'], { PARTNERLENS_PSI_TOKEN: server.token }),
    `psi connect (${mode})`,
  );
  const served = await server.done;
  expect(served.code).toBe(0);
  return { initiator: (JSON.parse(connect.stdout) as { result: Summary }).result, responder: served.stdout };
}

interface Summary {
  mode: string;
  ourSetSize: number;
  partnerSetSize: number;
  overlapping?: number;
  counts: { ourPopulation: string; partnerPopulation: string; count?: number; below?: number }[];
}

/** Every text value of every record of every object the org has, so a name can be looked for anywhere. */
function allText(org: LocalOrg): string {
  const text: string[] = [];
  for (const object of org.store.objectNames()) {
    const fields = org.store
      .describeSObject(object)
      .fields.filter((f) => ['string', 'textarea', 'url', 'email', 'phone', 'picklist', 'id', 'reference'].includes(f.type))
      .map((f) => f.name);
    if (fields.length === 0) continue;
    let rows;
    try {
      rows = org.store.query(`SELECT ${fields.join(', ')} FROM ${object}`).records;
    } catch {
      continue; // objects the local org describes but does not query (change events)
    }
    for (const row of rows) for (const f of fields) if (typeof row[f] === 'string') text.push(row[f]);
  }
  return text.join('\n');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('two companies find their common accounts and leads privately, from one CRM to the other', () => {
  let acme: Company;
  let globex: Company;
  beforeAll(async () => {
    acme = await company('Acme', { name: 'Globex', externalId: 'globex', domain: 'globex.com' }, loadAcme);
    globex = await company('Globex', { name: 'Acme', externalId: 'acme', domain: 'acme.com' }, loadGlobex);
  });
  afterAll(async () => {
    for (const c of [acme, globex]) {
      await c?.org.stop();
      if (c) rmSync(c.dir, { recursive: true, force: true });
    }
  });

  it('list then counts over HTTPS, then sync: Private overlaps for exactly the intersection, exchanges recorded, nothing else leaks', async () => {
    expect(acme.org.orgId).not.toBe(globex.org.orgId);
    // each user exports its own population records for the exchange
    ok(await runPartnerlens(acme.dir, ['share', 'export', '--partner', 'globex', '--output', 'records.csv']), 'acme share export');
    ok(await runPartnerlens(globex.dir, ['share', 'export', '--partner', 'acme', '--output', 'records.csv']), 'globex share export');
    // Globex makes a self-signed certificate for its server and gives Acme the certificate (not the key)
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=psi.globex.test', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', 'key.pem', '-out', 'cert.pem'], { cwd: globex.dir, stdio: 'ignore' });
    writeFileSync(path.join(acme.dir, 'globex-cert.pem'), readFileSync(path.join(globex.dir, 'cert.pem')));

    const list = await exchange(acme, globex, 'list');
    expect(list.initiator).toMatchObject({ mode: 'list', ourSetSize: 126, partnerSetSize: 133, overlapping: SHARED });
    expect(list.responder).toContain(`${SHARED} of our keys overlap.`);

    const counts = await exchange(acme, globex, 'counts');
    expect(counts.initiator).toMatchObject({ mode: 'counts', ourSetSize: 126, partnerSetSize: 133 });
    expect(counts.initiator.overlapping).toBeUndefined();
    // the small-cell minimum (5) hides the 2 Acme Leads that are Globex Customers, on both sides
    const cells = (s: Summary['counts']) => s.filter((c) => c.count !== undefined).map((c) => [c.ourPopulation, c.partnerPopulation, c.count]);
    expect(cells(counts.initiator.counts)).toEqual([
      ['Customer', 'Customer', 6],
      ['Prospect', 'Lead', 6],
    ]);

    for (const c of [acme, globex]) {
      const sync = ok(await runPartnerlens(c.dir, ['sync', '--json']), `${c.name} sync`);
      expect((JSON.parse(sync.stdout) as { result: { status: string } }).result.status).toBe('Succeeded');
    }

    // each org: Private overlaps on exactly the shared companies, by SOQL
    const overlapped = (c: Company) =>
      c.org.store
        .query("SELECT Account__r.Website, Lead__r.Email, Match_Method__c, Partner_Population__c, Our_Population__c FROM Partner_Overlap__c WHERE Active__c = true")
        .records.map((r) => {
          const where = (r.Account__r as { Website?: string } | null)?.Website ?? (r.Lead__r as { Email?: string } | null)?.Email ?? '';
          return { domain: /(shared-co-\d+\.com)/.exec(where)?.[1] ?? where, method: r.Match_Method__c, ours: r.Our_Population__c, theirs: r.Partner_Population__c };
        });
    const all = Array.from({ length: SHARED }, (_, i) => sharedDomain(i)).sort();
    for (const c of [acme, globex]) {
      const rows = overlapped(c);
      expect(rows.map((r) => r.domain).sort()).toEqual(all);
      expect(new Set(rows.map((r) => r.method))).toEqual(new Set(['Private']));
    }
    const pair = (c: Company, i: number) => overlapped(c).filter((r) => r.domain === sharedDomain(i)).map((r) => [r.ours, r.theirs]);
    expect([pair(acme, 0), pair(acme, 7), pair(acme, 12)]).toEqual([[['Customer', 'Customer']], [['Prospect', 'Lead']], [['Lead', 'Customer']]]);
    expect([pair(globex, 0), pair(globex, 7), pair(globex, 12)]).toEqual([[['Customer', 'Customer']], [['Lead', 'Prospect']], [['Customer', 'Lead']]]);

    // each org: one Partner_Exchange__c row per exchange, its role, sizes and counts
    const exchanges = (c: Company) =>
      c.org.store
        .query('SELECT Partner__r.Name, Mode__c, Role__c, Our_Set_Size__c, Partner_Set_Size__c, Overlapping_Keys__c, Sharing_Level__c, Counts__c FROM Partner_Exchange__c ORDER BY Finished__c')
        .records.map((r) => ({ partner: (r.Partner__r as { Name: string }).Name, mode: r.Mode__c, role: r.Role__c, ours: r.Our_Set_Size__c, theirs: r.Partner_Set_Size__c, keys: r.Overlapping_Keys__c, level: r.Sharing_Level__c, counts: JSON.parse(String(r.Counts__c)) as Summary['counts'] }));
    const [acmeList, acmeCounts, ...acmeMore] = exchanges(acme);
    const [globexList, globexCounts, ...globexMore] = exchanges(globex);
    expect([acmeMore, globexMore]).toEqual([[], []]);
    expect(acmeList).toMatchObject({ partner: 'Globex', mode: 'List', role: 'Initiator', ours: 126, theirs: 133, keys: SHARED, level: 'All records' });
    expect(globexList).toMatchObject({ partner: 'Acme', mode: 'List', role: 'Responder', ours: 133, theirs: 126, keys: SHARED, level: 'All records' });
    expect(acmeList?.counts).toEqual([
      { ourPopulation: 'Customer', partnerPopulation: 'Customer', count: 6 },
      { ourPopulation: 'Prospect', partnerPopulation: 'Lead', count: 6 },
      { ourPopulation: 'Lead', partnerPopulation: 'Customer', count: 2 },
    ]);
    expect(acmeCounts).toMatchObject({ partner: 'Globex', mode: 'Counts', role: 'Initiator', ours: 126, theirs: 133, keys: null });
    expect(globexCounts).toMatchObject({ partner: 'Acme', mode: 'Counts', role: 'Responder', ours: 133, theirs: 126, keys: null });
    expect(cells(acmeCounts?.counts ?? [])).toEqual([
      ['Customer', 'Customer', 6],
      ['Prospect', 'Lead', 6],
    ]);
    expect(cells(globexCounts?.counts ?? [])).toEqual([
      ['Customer', 'Customer', 6],
      ['Lead', 'Prospect', 6],
    ]);
    expect(globexCounts?.counts.find((c) => c.ourPopulation === 'Customer' && c.partnerPopulation === 'Lead')).toEqual({ ourPopulation: 'Customer', partnerPopulation: 'Lead', below: 5 });

    // nothing that names one of the other's non-overlapping companies, in any text field of either org or any file of either folder
    for (const [c, other] of [
      [acme, globex],
      [globex, acme],
    ] as const) {
      const text = allText(c.org);
      // the search sees the org's own records (so it would see the other's too)
      expect([text.includes(sharedName(0)), text.includes(c.own[0] ?? '?'), text.includes(sharedDomain(13))]).toEqual([true, true, true]);
      expect(other.own.filter((s) => text.includes(s))).toEqual([]);
      const files = filesUnder(c.dir);
      // the folder holds the exchange's results (naming the shared companies) and the org's data file
      expect(files.filter((f) => f.endsWith('.result.json') && readFileSync(f, 'utf8').includes(sharedDomain(13))).length).toBeGreaterThan(0);
      expect(files.some((f) => f.endsWith('org.db'))).toBe(true);
      const leaked = files.flatMap((f) => {
        const content = readFileSync(f, 'latin1');
        return other.own.filter((s) => content.includes(s)).map((s) => `${path.relative(c.dir, f)}: ${s}`);
      });
      expect(leaked).toEqual([]);
      // the other's own company prefix at all (a domain or name we did not list)
      const prefix = other.name === 'Acme' ? 'acmeonly' : 'globexonly';
      expect(files.filter((f) => readFileSync(f, 'latin1').toLowerCase().includes(prefix)).map((f) => path.relative(c.dir, f))).toEqual([]);
    }
  });
});
