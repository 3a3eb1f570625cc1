// `partnerlens doctor` as a use case: the install checks, in order, against one org and the local config.
import type { ResolvedConfig } from '../../config/localConfig.js';
import { OrgClient } from '../../org/client.js';
import { defaultRetryPolicy } from '../../org/retry.js';
import type { Target } from '../../org/connection.js';
import { checkApi } from './api.js';
import { checkHeadroom } from './headroom.js';
import { doctorMessages as messages } from './messages.js';
import { checkMetadata } from './metadata.js';
import { checkPermissionSets } from './permissionSets.js';
import { checkSettings } from './settings.js';
import { checkSources, readPartners } from './sources.js';
import { finding, type CheckId, type CheckResult, type DoctorContext, type DoctorResult, type Finding } from './types.js';

export type { CheckResult, CheckStatus, DoctorResult } from './types.js';

export interface DoctorOptions {
  target: Target;
  config: ResolvedConfig;
  forceAppDir: string;
  version: string;
  /** The --target-org the user typed: put into the fixes' commands in place of <org>. */
  targetOrg?: string;
}

/** A check that throws (an org call failing after its retries) fails with the error's message. */
async function guarded(run: () => Promise<Finding>): Promise<Finding> {
  try {
    return await run();
  } catch (error) {
    const actions = typeof error === 'object' && error !== null && 'actions' in error && Array.isArray(error.actions) ? (error.actions as string[]) : [];
    return finding('fail', error instanceof Error ? error.message : String(error), actions);
  }
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorResult> {
  // doctor should answer in seconds: one retry of a transient failure, not the sync's six
  const client = new OrgClient(options.target.conn, { retry: defaultRetryPolicy({ attempts: 2 }) });
  const ctx: DoctorContext = { client, config: options.config, forceAppDir: options.forceAppDir, version: options.version, orgLabel: options.target.label };
  const checks: CheckResult[] = [];
  const add = (id: CheckId, f: Finding): void => {
    const org = options.targetOrg;
    const fix = org === undefined ? f.fix : f.fix.map((line) => line.replaceAll('<org>', org));
    // only the finding: the facts a check passes on to later ones (limits, budget) are not part of the result
    checks.push({ id, title: messages.getMessage(`title.${id}`), status: f.status, summary: f.summary, details: f.details, fix });
  };
  const skipped = finding('skip', messages.getMessage('skipped'));

  const api = await checkApi(ctx);
  add('api', api);
  const reachable = api.status === 'ok';
  add('metadata', reachable ? await guarded(() => checkMetadata(ctx)) : skipped);
  add('permission-sets', reachable ? await guarded(() => checkPermissionSets(ctx)) : skipped);
  let budgetPercent: number | undefined;
  if (reachable) {
    const settings = await checkSettings(ctx).catch((error: unknown) => ({ ...finding('fail', error instanceof Error ? error.message : String(error)), apiBudgetPercent: undefined }));
    budgetPercent = settings.apiBudgetPercent;
    add('settings', settings);
  } else add('settings', skipped);
  const partners = reachable ? await readPartners(ctx) : undefined;
  add('sources', await guarded(() => checkSources(ctx, partners)));
  add('api-headroom', api.limits !== undefined && budgetPercent !== undefined ? checkHeadroom(api.limits, budgetPercent) : skipped);

  return {
    org: options.target.label,
    checks,
    failed: checks.filter((c) => c.status === 'fail').length,
    warnings: checks.filter((c) => c.status === 'warn').length,
    apiCalls: client.calls,
  };
}
