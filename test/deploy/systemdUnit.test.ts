// docs/deploy/partnerlens.service cannot drift from the CLI: its ExecStart, Environment and WorkingDirectory are read
// from the file and run here against a local org logged in (sf CLI, under the unit's HOME) as the alias its
// --target-org names, then stopped with its KillSignal within its TimeoutStopSec. Paths are mapped: /usr/bin/node to
// this Node, /opt/partnerlens to this checkout, /var/lib/partnerlens to a temporary folder. The only argument added
// is --port 0, so parallel test runs do not fight over 6110.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg } from '../../src/localorg/index';
import { jsonLines, ROOT, sfLogin, spawnCommand, until } from './helpers';

jest.setTimeout(120_000);

/** [Section] -> key -> values (a key may repeat, as Environment= does). */
function unit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line)?.[1];
    if (header !== undefined) {
      section = header;
      out[section] = {};
      continue;
    }
    const [, key, value] = /^(\w+)=(.*)$/.exec(line) ?? [];
    if (key === undefined || value === undefined) throw new Error(`not a key=value line: ${line}`);
    (out[section]![key] ??= []).push(value);
  }
  return out;
}

const service = unit(readFileSync(path.join(ROOT, 'docs/deploy/partnerlens.service'), 'utf8')).Service!;
const one = (key: string): string => service[key]![0]!;

describe('docs/deploy/partnerlens.service', () => {
  let state: string;
  beforeAll(() => {
    state = mkdtempSync(path.join(tmpdir(), 'pl-systemd-'));
  });
  afterAll(() => rmSync(state, { recursive: true, force: true }));

  it('runs as its own user, may write only its state folder, and that folder is its working directory and HOME', () => {
    expect(one('User')).not.toBe('root');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ReadWritePaths')).toBe(one('WorkingDirectory'));
    expect(service.Environment).toContain(`HOME=${one('WorkingDirectory')}`);
  });

  it('ExecStart serves the org its --target-org names, JSON lines on stdout (journald); KillSignal stops it with exit 0 within TimeoutStopSec', async () => {
    const map = (p: string): string => p.replace(/^\/usr\/bin\/node$/, process.execPath).replace(/^\/opt\/partnerlens(?=\/|$)/, ROOT).replace(/^\/var\/lib\/partnerlens(?=\/|$)/, state);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    for (const e of service.Environment ?? []) {
      const [k, ...v] = e.split('=');
      env[k!] = map(v.join('='));
    }
    const argv = one('ExecStart').split(/\s+/).map(map);
    const alias = argv[argv.indexOf('--target-org') + 1]!;
    const org = await startLocalOrg();
    try {
      org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active' });
      org.store.insert('Account', { Name: 'Company 0', Website: 'company0.com', Type: 'Customer' });
      await sfLogin(org, env.HOME!, alias);
      const cwd = map(one('WorkingDirectory'));
      writeFileSync(path.join(cwd, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    file: acme.csv\n');
      writeFileSync(path.join(cwd, 'acme.csv'), 'id,company,website,population\nA0,Company 0,company0.com,Customer\n');
      const serve = spawnCommand([...argv, '--port', '0'], cwd, env);
      const sync = await until('the first sync', () => jsonLines(serve.out()).find((l) => l.event === 'sync'));
      expect(sync).toMatchObject({ trigger: 'start', status: 'Succeeded', created: 1 });
      expect(org.store.query('SELECT Id FROM Partner_Overlap__c WHERE Active__c = true').totalSize).toBe(1);

      const stopAt = Date.now();
      serve.child.kill(one('KillSignal') as NodeJS.Signals);
      expect(await serve.done).toBe(0);
      expect(Date.now() - stopAt).toBeLessThan(Number(one('TimeoutStopSec')) * 1000);
      expect(serve.err()).toMatch(/SIGTERM: letting the running sync finish and checkpoint, then exiting/);
    } finally {
      await org.stop();
    }
  });
});
