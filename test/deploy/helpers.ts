// Shared by the deployment tests: a local org logged in as an sf CLI alias under a fresh HOME, and a spawned serve.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LocalOrg } from '../../src/localorg/index';

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, '../..');
const sfBin = path.join(ROOT, 'test/fixtures/sf-cli/bin/run.js');

/** `sf org login access-token --alias <alias>` as a user types it, storing the login under `home`. */
export async function sfLogin(org: LocalOrg, home: string, alias: string): Promise<void> {
  const env = { ...process.env, HOME: home, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true', SF_ACCESS_TOKEN: org.accessToken };
  await run(path.join(ROOT, 'node_modules/.bin/node'), [sfBin, 'org', 'login', 'access-token', '--instance-url', org.instanceUrl, '--alias', alias, '--no-prompt', '--json'], { env, cwd: home });
}

export interface Spawned {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  done: Promise<number | null>;
}

export function spawnCommand(argv: string[], cwd: string, env: NodeJS.ProcessEnv): Spawned {
  const [cmd, ...args] = argv;
  const child = spawn(cmd!, args, { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => stdout, err: () => stderr, done };
}

export { until } from '../until';

/** JSON log lines (pino) in `text`. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}
