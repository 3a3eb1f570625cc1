import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveLocalOrg, STATE_FILE } from '../../src/localorg/serve';
import { API_VERSION } from '../../src/schema/dataModel';

// `partnerlens org start` end to end through the compiled CLI (npm test builds lib/ first), and the file-backed
// store it serves keeping records across restarts.
const repo = path.resolve(__dirname, '../..');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pl-orgstart-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('partnerlens org start', () => {
  it('prints the instance URL and token, writes .partnerlens/localorg.json, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(path.join(repo, 'node_modules/.bin/node'), [path.join(repo, 'bin/run.js'), 'org', 'start', '--port', '0', '--data', 'db/org.db'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!/Press Ctrl-C/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const url = /Local org running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const token = /Access token: (\S+)/.exec(out)?.[1];
      expect(url).toBeDefined();
      const state = JSON.parse(readFileSync(path.join(dir, STATE_FILE), 'utf8')) as Record<string, string>;
      expect(state).toMatchObject({ instanceUrl: url, accessToken: token, username: 'admin@partnerlens.local' });
      const res = await fetch(`${url}/services/data/v${API_VERSION}/query?q=${encodeURIComponent('SELECT Name FROM Organization')}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(await res.json()).toMatchObject({ totalSize: 1, records: [{ Name: 'PartnerLens Local Org' }] });
      // the printed password is this start's own: it logs in, and the org id is the one in the file
      const password = /Password \(this start only\): (\S+)/.exec(out)?.[1] ?? '';
      expect(password).toMatch(/^[\w-]{24}$/);
      const login = await fetch(`${url}/services/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'admin@partnerlens.local', password }) });
      expect(login.status).toBe(200);
      expect(state.orgId).toBe(/\(org id (00D\w{15})\)/.exec(out)?.[1]);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('Stopping the local org.');
    expect(existsSync(path.join(dir, STATE_FILE))).toBe(false);
    expect(existsSync(path.join(dir, 'db/org.db'))).toBe(true);
  }, 30_000);

  it('keeps records in the data file across restarts, with ids that keep counting', async () => {
    const first = await serveLocalOrg({ port: 0, dataFile: 'org.db', cwd: dir });
    const a = first.org.store.insert('Account', { Name: 'Persisted' });
    await first.close();
    const second = await serveLocalOrg({ port: 0, dataFile: 'org.db', cwd: dir });
    try {
      expect(second.org.store.query("SELECT Id FROM Account WHERE Name = 'Persisted'").records.map((r) => r.Id)).toEqual([a.id]);
      const b = second.org.store.insert('Account', { Name: 'Next' });
      expect(b.id).not.toBe(a.id);
      expect(String(b.id) > String(a.id)).toBe(true);
      expect(second.org.store.query('SELECT COUNT() FROM User').totalSize).toBe(1);
    } finally {
      await second.close();
    }
  });
});
