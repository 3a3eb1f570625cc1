import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Messages, Org, SfError } from '@salesforce/core';
import { Connection } from 'jsforce';
import { z } from 'zod';
import { API_VERSION } from '../schema/dataModel.js';
import type { RestConnection } from './client.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

/** Where `partnerlens org start` says how to reach the running local org. */
export const LOCAL_ORG_FILE = path.join('.partnerlens', 'localorg.json');

const localOrgFileSchema = z.looseObject({ instanceUrl: z.string().url(), accessToken: z.string().min(1), orgId: z.string().optional(), username: z.string().optional() });

export interface Target {
  conn: RestConnection;
  /** Identifies the org for its checkpoint; never contains a token. */
  key: string;
  /** What the user sees ("local org at http://127.0.0.1:1234" or the username). */
  label: string;
}

/** A jsforce connection to an org given by URL and token (the local org, tests). */
export function connectionFor(instanceUrl: string, accessToken: string): RestConnection {
  return new Connection({ instanceUrl, accessToken, version: API_VERSION }) as unknown as RestConnection;
}

/**
 * The org a command works on: --target-org (or targetOrg in the config), an org the sf CLI has
 * authorised; else the running local org found through .partnerlens/localorg.json.
 */
export async function resolveTarget(cwd: string, targetOrg: string | undefined): Promise<Target> {
  if (targetOrg !== undefined) {
    const org = await Org.create({ aliasOrUsername: targetOrg });
    const conn = org.getConnection(API_VERSION);
    return { conn: conn as unknown as RestConnection, key: `${org.getOrgId()}-${org.getUsername() ?? targetOrg}`, label: org.getUsername() ?? targetOrg };
  }
  const file = path.join(cwd, LOCAL_ORG_FILE);
  if (!existsSync(file)) throw new SfError(messages.getMessage('error.NoLocalOrg', [LOCAL_ORG_FILE]), 'NoLocalOrg', messages.getMessages('error.NoLocalOrg.actions'), 2);
  const info = localOrgFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  try {
    await fetch(new URL('/services/data', info.instanceUrl), { signal: AbortSignal.timeout(3000) });
  } catch {
    // Left by an org that died without cleaning up: remove it so the next `org start` or `demo` starts clean.
    rmSync(file, { force: true });
    throw new SfError(messages.getMessage('error.LocalOrgDown', [LOCAL_ORG_FILE, info.instanceUrl]), 'LocalOrgDown', messages.getMessages('error.LocalOrgDown.actions'), 2);
  }
  return { conn: connectionFor(info.instanceUrl, info.accessToken), key: info.orgId ? `${info.orgId}-${info.username ?? 'local'}` : `local-${new URL(info.instanceUrl).host}`, label: `local org at ${info.instanceUrl}` };
}
