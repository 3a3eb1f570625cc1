import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// End to end through the compiled CLI (npm test builds lib/ first), as a user runs it.
const run = promisify(execFile);
const bin = path.resolve(__dirname, '../../bin/run.js');

async function partnerlens(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('partnerlens sync (e2e)', () => {
  jest.setTimeout(30_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'plcli-'));

  it('exits 2 naming file, line and key of a bad config', async () => {
    writeFileSync(path.join(dir, 'partnerlens.config.yaml'), 'partnerFiles:\n  - partner: acme\n    fil: acme.csv\n');
    const { code, stdout } = await partnerlens(dir, 'sync', '--json');
    expect(code).toBe(2);
    const out = JSON.parse(stdout) as { name: string; message: string };
    expect(out.name).toBe('ConfigInvalid');
    expect(out.message).toMatch(/partnerlens\.config\.yaml line 2, key "partnerFiles\.0\.file"/);
  });

  it('exits 2 with the fix when no org is running', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'plcli-'));
    const { code, stderr } = await partnerlens(empty, 'sync');
    expect(code).toBe(2);
    expect(stderr).toContain('partnerlens org start');
  });
});
