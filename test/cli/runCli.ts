// The compiled CLI as a user runs it (run `npm run build` first), for the CLI end-to-end tests.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const BIN = path.resolve(__dirname, '../../bin/run.js');

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `partnerlens <args>` in `cwd` under CI=true (plus `env`); a non-zero exit is an outcome, not a throw. */
export async function runPartnerlens(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return runScript(BIN, cwd, args, env);
}

/** A Node script of the project (bin/run.js, bin/dev.js) run the same way. */
export async function runScript(script: string, cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { cwd, env: { ...process.env, CI: 'true', ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as Outcome;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
