// Runs the local org as a long-lived server for `partnerlens org start` / `npm start`: SQLite in a file, and
// .partnerlens/localorg.json telling other commands (resolveTarget in src/org) where it is and how to log in.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startLocalOrg, type LocalOrg } from './index.js';

export const STATE_FILE = path.join('.partnerlens', 'localorg.json');

export interface ServeOptions {
  port: number;
  dataFile: string;
  /** The project folder: the state file goes to <cwd>/.partnerlens/localorg.json. */
  cwd: string;
  forceAppDir?: string;
}

export interface ServedOrg {
  org: LocalOrg;
  stateFile: string;
  close(): Promise<void>;
  /** Synchronous part of close for signal handlers: forget the state file (SQLite's WAL survives the exit). */
  release(): void;
}

export async function serveLocalOrg(opts: ServeOptions): Promise<ServedOrg> {
  const dataFile = path.resolve(opts.cwd, opts.dataFile);
  mkdirSync(path.dirname(dataFile), { recursive: true });
  const org = await startLocalOrg({ port: opts.port, dataFile, forceAppDir: opts.forceAppDir });
  const stateFile = path.join(opts.cwd, STATE_FILE);
  mkdirSync(path.dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, `${JSON.stringify({ instanceUrl: org.instanceUrl, orgId: org.orgId, accessToken: org.accessToken, username: org.username, pid: process.pid }, null, 2)}\n`, { mode: 0o600 });
  const release = (): void => {
    // Another local org may have started since; leave its file alone.
    try {
      const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { instanceUrl?: string };
      if (state.instanceUrl === org.instanceUrl) rmSync(stateFile, { force: true });
    } catch {
      // already gone
    }
  };
  return {
    org,
    stateFile,
    release,
    close: async () => {
      await org.stop();
      release();
    },
  };
}
