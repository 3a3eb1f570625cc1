import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// End to end through the compiled CLI (npm test builds lib/ first): two parties in two directories.
const run = promisify(execFile);
const E2E_TOKEN = 'e2e-token-of-at-least-32-characters';
const bin = path.resolve(__dirname, '../../bin/run.js');

async function partnerlens(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd, env: { ...process.env, PARTNERLENS_PSI_TOKEN: E2E_TOKEN } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const POPS = ['Customer', 'Open Opportunity', 'Prospect', 'Lead'];
function writeRecords(file: string, prefix: string, shared: number, own: number): void {
  const rows = ['record_id,company_name,website,population,owner_name'];
  for (let i = 0; i < shared + own; i++) {
    const site = i < shared ? `https://www.shared-${i}.com/about` : `${prefix}-only-${i}.co.uk`;
    rows.push(`${prefix}${i},${prefix} company ${i},${site},${POPS[i % 4]},${prefix} owner`);
  }
  writeFileSync(file, rows.join('\n'));
}

describe('partnerlens psi (e2e)', () => {
  jest.setTimeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'plpsi-'));
  writeRecords(path.join(dir, 'alice.csv'), 'a', 30, 120);
  writeRecords(path.join(dir, 'bob.csv'), 'b', 30, 100);

  it('runs a list-mode exchange by files and writes both results', async () => {
    const a = ['--dir', 'alice'];
    const b = ['--dir', 'bob'];
    expect((await partnerlens(dir, 'psi', 'start', '--records', 'alice.csv', '--partner', 'Bob', '--mode', 'list', '--sharing-level', 'Overlapping records', '--out', 'm1.json', ...a)).code).toBe(0);
    expect((await partnerlens(dir, 'psi', 'respond', '--in', 'm1.json', '--records', 'bob.csv', '--partner', 'Alice', '--sharing-level', 'All records', '--out', 'm2.json', ...b)).code).toBe(0);
    const finish = await partnerlens(dir, 'psi', 'finish', '--in', 'm2.json', '--out', 'm3.json', '--json', ...a);
    expect(finish.code).toBe(0);
    const summary = JSON.parse(finish.stdout) as { result: { mode: string; overlapping: number; ourSetSize: number; partnerSetSize: number } };
    expect(summary.result).toMatchObject({ mode: 'list', overlapping: 30, ourSetSize: 150, partnerSetSize: 130 });
    const respond = await partnerlens(dir, 'psi', 'respond', '--in', 'm3.json', ...b);
    expect(respond.stdout).toContain('30 of our keys overlap.');
    const result = JSON.parse(readFileSync(path.join(dir, 'bob', 'alice.result.json'), 'utf8')) as { matches: { key: string }[] };
    expect(result.matches.map((m) => m.key).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `shared-${i}.com`).sort());

    // the captured messages again are a replay: refused with exit 2, and both results stay as they were
    const results = () => [readFileSync(path.join(dir, 'alice', 'bob.result.json'), 'utf8'), readFileSync(path.join(dir, 'bob', 'alice.result.json'), 'utf8')];
    const before = results();
    for (const [step, file, side] of [
      ['respond', 'm1.json', b],
      ['respond', 'm3.json', b],
      ['finish', 'm2.json', a],
    ] as const) {
      const extra = step === 'respond' ? ['--records', 'bob.csv', '--partner', 'Alice'] : [];
      const replay = await partnerlens(dir, 'psi', step, '--in', file, '--out', 'replayed.json', '--json', ...extra, ...side);
      expect([replay.code, (JSON.parse(replay.stdout) as { name: string }).name]).toEqual([2, 'PsiWrongSession']);
    }
    expect(results()).toEqual(before);
  });

  it('refuses a tampered message with exit code 2 and says why', async () => {
    await partnerlens(dir, 'psi', 'start', '--records', 'alice.csv', '--partner', 'Bob', '--out', 't1.json', '--dir', 'alice');
    const message = JSON.parse(readFileSync(path.join(dir, 't1.json'), 'utf8')) as { setSize: number };
    writeFileSync(path.join(dir, 't1-bad.json'), JSON.stringify({ ...message, setSize: message.setSize + 1 }));
    const out = await partnerlens(dir, 'psi', 'respond', '--in', 't1-bad.json', '--records', 'bob.csv', '--partner', 'Alice', '--json', '--dir', 'bob');
    expect(out.code).toBe(2);
    expect(JSON.parse(out.stdout)).toMatchObject({ name: 'PsiMalformed', message: expect.stringMatching(/expected 151 elements, got 150/) });
  });

  it('runs a counts-only exchange over HTTP with psi serve --once and psi connect', async () => {
    const server = spawn(process.execPath, [bin, 'psi', 'serve', '--records', 'bob.csv', '--partner', 'Alice', '--port', '0', '--once', '--dir', 'bob-http'], { cwd: dir, env: { ...process.env, PARTNERLENS_PSI_TOKEN: E2E_TOKEN } });
    let served = '';
    const url = await new Promise<string>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        served += chunk.toString();
        const found = /Listening on (\S+)/.exec(served);
        if (found?.[1]) resolve(found[1]);
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${served}`)));
    });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    const connect = await partnerlens(dir, 'psi', 'connect', '--url', url, '--records', 'alice.csv', '--partner', 'Bob', '--mode', 'list', '--json', '--dir', 'alice-http');
    expect(connect.code).toBe(0);
    // serve's sharing level defaults to Counts only, which caps both sides
    const summary = JSON.parse(connect.stdout) as { result: { mode: string; overlapping?: number; counts: { count?: number }[] } };
    expect(summary.result.mode).toBe('counts');
    expect(summary.result.overlapping).toBeUndefined();
    expect(summary.result.counts.reduce((s, c) => s + (c.count ?? 0), 0)).toBe(30);
    expect(await exited).toBe(0);
    expect(served).toMatch(/Exchange [0-9a-f]+ started: the partner has 150 keys, mode counts/);
  });

  it('psi serve refuses a short token and clear text off loopback, and generates a token when none is given', async () => {
    const { PARTNERLENS_PSI_TOKEN: _unset, ...env } = process.env;
    const serve = (...args: string[]) => run(process.execPath, [bin, 'psi', 'serve', '--records', 'bob.csv', '--partner', 'Alice', '--port', '0', '--json', ...args], { cwd: dir, env }).then(() => ({ code: 0, stdout: '' }), (e: { code: number; stdout: string }) => e);
    const short = await serve('--token', 'too-short-a-token');
    expect([short.code, (JSON.parse(short.stdout) as { name: string }).name]).toEqual([1, 'PsiWeakToken']);
    const open = await serve('--token', E2E_TOKEN, '--host', '0.0.0.0');
    expect([open.code, (JSON.parse(open.stdout) as { name: string }).name]).toEqual([1, 'PsiInsecureBind']);

    const server = spawn(process.execPath, [bin, 'psi', 'serve', '--records', 'bob.csv', '--partner', 'Alice', '--port', '0', '--once', '--sharing-level', 'All records', '--dir', 'bob-gen'], { cwd: dir, env });
    let served = '';
    const [token, url] = await new Promise<[string, string]>((resolve, reject) => {
      server.stdout.on('data', (chunk: Buffer) => {
        served += chunk.toString();
        const found = /this one \(.*\): (\S+)\n[\s\S]*Listening on (\S+)/.exec(served);
        if (found?.[1] && found[2]) resolve([found[1], found[2]]);
      });
      server.on('exit', (code) => reject(new Error(`serve exited ${code}: ${served}`)));
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    const wrong = await run(process.execPath, [bin, 'psi', 'connect', '--url', url, '--records', 'alice.csv', '--partner', 'Bob', '--json', '--dir', 'alice-gen'], { cwd: dir, env: { ...env, PARTNERLENS_PSI_TOKEN: E2E_TOKEN } }).then(() => 0, (e: { code: number }) => e.code);
    expect(wrong).toBe(1);
    const { stdout } = await run(process.execPath, [bin, 'psi', 'connect', '--url', url, '--token', token, '--records', 'alice.csv', '--partner', 'Bob', '--mode', 'list', '--sharing-level', 'All records', '--json', '--dir', 'alice-gen'], { cwd: dir, env });
    expect((JSON.parse(stdout) as { result: { overlapping: number } }).result.overlapping).toBe(30);
    expect(await exited).toBe(0);
  });
});
