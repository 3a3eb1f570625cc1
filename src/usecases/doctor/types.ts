// What `partnerlens doctor` reports: one result per check, each with a status and, unless ok, the fix.
import type { OrgClient } from '../../org/client.js';
import type { ResolvedConfig } from '../../config/localConfig.js';

export type CheckId = 'api' | 'metadata' | 'permission-sets' | 'settings' | 'sources' | 'api-headroom';
/** skip: not run, because a check it needs failed. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** One line: what was found. */
  summary: string;
  /** More lines when there are several findings (one per file, field or permission set). */
  details: string[];
  /** How to fix it; empty when ok. */
  fix: string[];
}

export interface DoctorResult {
  org: string;
  checks: CheckResult[];
  failed: number;
  warnings: number;
  /** API calls doctor made. */
  apiCalls: number;
}

/** What the checks share: the org client, the local config, force-app and the facts earlier checks found. */
export interface DoctorContext {
  client: OrgClient;
  config: ResolvedConfig;
  /** The force-app folder of this PartnerLens version (what should be deployed). */
  forceAppDir: string;
  /** This PartnerLens version (package.json). */
  version: string;
  /** How the org is named to the user (for the fixes' commands). */
  orgLabel: string;
}

export type Finding = Pick<CheckResult, 'status' | 'summary' | 'details' | 'fix'>;

export const finding = (status: CheckStatus, summary: string, fix: string[] = [], details: string[] = []): Finding => ({ status, summary, details, fix });
