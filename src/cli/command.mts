import { SfCommand } from '@salesforce/sf-plugins-core';
import { loadLocalConfig, type ResolvedConfig } from '../config/localConfig.js';
import { resolveTarget, type Target } from '../org/connection.js';

/** The flags orgFlags adds, as parse() returns them. */
export interface OrgFlagValues {
  'target-org'?: string;
  config?: string;
}

export interface OrgContext {
  cwd: string;
  config: ResolvedConfig;
  target: Target;
}

/**
 * Every PartnerLens command: the org set-up the org commands share, and --json errors without the
 * JavaScript stack (users read that output; a stack is for our logs, not theirs).
 */
export abstract class PartnerLensCommand<T> extends SfCommand<T> {
  public override logJson(json: unknown): void {
    super.logJson(withoutInternals(json));
  }

  /** The config (--config or the folder's file) and the org it or --target-org names. */
  protected async orgContext(flags: OrgFlagValues): Promise<OrgContext> {
    const cwd = process.cwd();
    const config = loadLocalConfig(cwd, flags.config);
    const target = await resolveTarget(cwd, flags['target-org'] ?? config.targetOrg);
    return { cwd, config, target };
  }
}

/** An error's JSON minus its stack, and minus a cause that is only the text "undefined". */
export function withoutInternals(json: unknown): unknown {
  if (json === null || typeof json !== 'object' || !('commandName' in json) || !('stack' in json)) return json;
  const { stack: _stack, ...rest } = json as Record<string, unknown>;
  if (rest.cause === 'undefined' || rest.cause === undefined) delete rest.cause;
  return rest;
}
