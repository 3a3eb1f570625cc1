import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { BIN as bin, runPartnerlens, type Outcome } from '../cli/runCli';

// End to end through the compiled CLI (npm test builds lib/ first): two parties in two directories.
const E2E_TOKEN = 'e2e-token-of-at-least-32-characters';

function partnerlens(cwd: string, ...args: string[]): Promise<Outcome> {
  return runPartnerlens(cwd, args, { PARTNERLENS_PSI_TOKEN: E2E_TOKEN });
}

const servers: ChildProcessWithoutNullStreams[] = [];
// a failed test must not leave its server running (jest would wait for it for good)
afterAll(() => servers.forEach((s) => s.exitCode === null && s.kill('SIGKILL')));

/** `psi serve` in the background; resolves once its output matches `ready`, with the match. */
function serveUntil(cwd: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, stream: 'stdout' | 'stderr' = 'stdout'): Promise<{ server: ChildProcessWithoutNullStreams; found: RegExpExecArray; output: () => { stdout: string; stderr: string }; exited: Promise<number | null> }> {
  const server = spawn(process.execPath, [bin, 'psi', 'serve', ...args], { cwd, env: { ...env, CI: 'true' } });
  servers.push(server);
  const out = { stdout: '', stderr: '' };
  const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
  return new Promise((resolve, reject) => {
    for (const name of ['stdout', 'stderr'] as const) {
      server[name].on('data', (chunk: Buffer) => {
        out[name] += chunk.toString();
        const found = ready.exec(out[stream]);
        if (found) resolve({ server, found, output: () => out, exited });
      });
    }
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${out.stdout}${out.stderr}`)));
  });
}

/** Every file under `dir` (recursively) whose content contains `text`. */
function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile() && readFileSync(f).includes(text));
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
    const { found, output, exited } = await serveUntil(dir, ['--records', 'bob.csv', '--partner', 'Alice', '--port', '0', '--once', '--dir', 'bob-http'], { ...process.env, PARTNERLENS_PSI_TOKEN: E2E_TOKEN }, /Listening on (\S+)/);
    const url = found[1] ?? '';
    const connect = await partnerlens(dir, 'psi', 'connect', '--url', url, '--records', 'alice.csv', '--partner', 'Bob', '--mode', 'list', '--json', '--dir', 'alice-http');
    expect(connect.code).toBe(0);
    // serve's sharing level defaults to Counts only, which caps both sides
    const summary = JSON.parse(connect.stdout) as { result: { mode: string; overlapping?: number; counts: { count?: number }[] } };
    expect(summary.result.mode).toBe('counts');
    expect(summary.result.overlapping).toBeUndefined();
    expect(summary.result.counts.reduce((s, c) => s + (c.count ?? 0), 0)).toBe(30);
    expect(await exited).toBe(0);
    expect(output().stdout).toMatch(/Exchange [0-9a-f]+ started: the partner has 150 keys, mode counts/);
  });

  it('psi serve refuses a short token and clear text off loopback, and generates a token when none is given', async () => {
    const { PARTNERLENS_PSI_TOKEN: _unset, ...env } = process.env;
    const serve = (...args: string[]) => runPartnerlens(dir, ['psi', 'serve', '--records', 'bob.csv', '--partner', 'Alice', '--port', '0', '--json', ...args], { PARTNERLENS_PSI_TOKEN: undefined });
    const short = await serve('--token', 'x'.repeat(31));
    expect([short.code, (JSON.parse(short.stdout) as { name: string }).name]).toEqual([1, 'PsiWeakToken']);
    const open = await serve('--token', E2E_TOKEN, '--host', '0.0.0.0');
    expect([open.code, (JSON.parse(open.stdout) as { name: string }).name]).toEqual([1, 'PsiInsecureBind']);
    const viaEnv = await runPartnerlens(dir, ['psi', 'serve', '--records', 'bob.csv', '--partner', 'Alice', '--port', '0', '--json'], { PARTNERLENS_PSI_TOKEN: 'short' });
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ name: 'PsiWeakToken', message: 'The bearer token has 5 characters; `psi serve` needs at least 32.' });

    const { found, exited } = await serveUntil(dir, ['--records', 'bob.csv', '--partner', 'Alice', '--port', '0', '--once', '--sharing-level', 'All records', '--dir', 'bob-gen'], env, /this one \(.*\): (\S+)\n[\s\S]*Listening on (\S+)/);
    const [, token = '', url = ''] = found;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const wrong = await runPartnerlens(dir, ['psi', 'connect', '--url', url, '--records', 'alice.csv', '--partner', 'Bob', '--json', '--dir', 'alice-gen'], { PARTNERLENS_PSI_TOKEN: E2E_TOKEN });
    expect([wrong.code, (JSON.parse(wrong.stdout) as { name: string }).name]).toEqual([1, 'PsiUnauthorized']);
    const right = await runPartnerlens(dir, ['psi', 'connect', '--url', url, '--token', token, '--records', 'alice.csv', '--partner', 'Bob', '--mode', 'list', '--sharing-level', 'All records', '--json', '--dir', 'alice-gen'], { PARTNERLENS_PSI_TOKEN: undefined });
    expect((JSON.parse(right.stdout) as { result: { overlapping: number } }).result.overlapping).toBe(30);
    expect(await exited).toBe(0);
  });

  it('psi serve --json prints a generated token once, on stderr, and nowhere else; SIGTERM stops it cleanly', async () => {
    const { PARTNERLENS_PSI_TOKEN: _unset, ...env } = process.env;
    const { server, found, output, exited } = await serveUntil(dir, ['--records', 'bob.csv', '--partner', 'Alice', '--port', '0', '--json', '--dir', 'bob-json'], env, /this one \(.*\): (\S+)\nListening on (\S+)/, 'stderr');
    const [, token = ''] = found;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    const { stdout, stderr } = output();
    // stdout is the one JSON result; the token is in stderr exactly once
    expect(JSON.parse(stdout)).toMatchObject({ status: 0, result: { url: found[2], exchanges: 0 } });
    expect(stdout).not.toContain(token);
    expect(stderr.split(token).length - 1).toBe(1);
    expect(stderr).not.toMatch(/ExitError|at \S+ \(/);
    // not in any file of the working folder, nor in the sf log
    expect(filesContaining(dir, token)).toEqual([]);
    const sfDir = path.join(homedir(), '.sf');
    expect(statSync(sfDir, { throwIfNoEntry: false })?.isDirectory() ? filesContaining(sfDir, token) : []).toEqual([]);
  });
});
