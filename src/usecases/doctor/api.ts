// API access: the org answers an authenticated REST call, and serves the API version PartnerLens uses.
import { API_VERSION } from '../../schema/dataModel.js';
import { OrgError } from '../../org/orgError.js';
import { doctorMessages as messages } from './messages.js';
import { finding, type DoctorContext, type Finding } from './types.js';

/** The /limits resource: { DailyApiRequests: { Max, Remaining }, ... }. */
export type Limits = Record<string, { Max: number; Remaining: number } | undefined>;

export interface ApiFacts {
  limits?: Limits;
}

const FIXES_BY_CODE = new Set(['API_DISABLED_FOR_ORG', 'INVALID_SESSION_ID']);

/** Two calls: the version list, then /limits (which the headroom check reads). */
export async function checkApi(ctx: DoctorContext): Promise<Finding & ApiFacts> {
  let limits: Limits;
  let latest: string;
  try {
    const versions = await ctx.client.send<{ version: string }[]>('GET', '/services/data');
    latest = versions.map((v) => v.version).sort((a, b) => Number(a) - Number(b)).at(-1) ?? '?';
    if (!versions.some((v) => v.version === API_VERSION)) {
      return finding('fail', messages.getMessage('api.version', [latest, API_VERSION]), messages.getMessages('api.version.actions', [API_VERSION]));
    }
    limits = await ctx.client.send<Limits>('GET', '/limits');
  } catch (error) {
    const code = error instanceof OrgError ? error.errorCode : undefined;
    const fix = code !== undefined && FIXES_BY_CODE.has(code) ? messages.getMessages(`api.${code}.actions`) : messages.getMessages('api.failed.actions');
    return finding('fail', messages.getMessage('api.failed', [error instanceof Error ? error.message : String(error)]), fix);
  }
  return { ...finding('ok', messages.getMessage('api.ok', [API_VERSION, ctx.orgLabel, latest])), limits };
}
