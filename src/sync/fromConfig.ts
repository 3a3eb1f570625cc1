import path from 'node:path';
import { readPartnerFile } from '../sources/partnerFile.js';
import type { ResolvedConfig } from '../config/localConfig.js';
import { OrgClient } from '../org/client.js';
import type { Target } from '../org/connection.js';
import { BudgetGuard } from './budget.js';
import { runSync, type PartnerData, type SyncOptions, type SyncResult } from './engine.js';
import { CheckpointStore } from './state.js';

/** Partner data from the file drops the config names (paths relative to the config file). */
export async function loadPartnerFiles(config: ResolvedConfig): Promise<PartnerData[]> {
  const out: PartnerData[] = [];
  for (const entry of config.partnerFiles) {
    const file = path.resolve(config.baseDir, entry.file);
    const parsed = await readPartnerFile(file);
    out.push({
      partner: entry.partner,
      records: parsed.records,
      problems: parsed.errors.map((e) => ({ key: `${e.file}${e.line !== undefined ? `:${e.line}` : ''}`, message: e.message, fields: e.field })),
    });
  }
  return out;
}

export interface SyncFromConfigOptions extends Pick<SyncOptions, 'dryRun' | 'full' | 'progress' | 'crashAfterBatch' | 'now'> {
  cwd: string;
  target: Target;
  config: ResolvedConfig;
  /** Share of the daily API limit to stop at; the org's setting wins once read (default 80). */
  budgetPercent?: number;
}

/** A sync as the CLI runs it: checkpoint and run folders under the project, partner files from the config. */
export async function syncFromConfig(options: SyncFromConfigOptions): Promise<SyncResult> {
  const client = new OrgClient(options.target.conn, { budget: new BudgetGuard(options.budgetPercent ?? 80) });
  return runSync({
    ...options,
    client,
    store: new CheckpointStore(path.resolve(options.config.baseDir, options.config.checkpointDir), options.target.key),
    runsDir: path.join(options.cwd, '.partnerlens', 'runs'),
    loadPartners: () => loadPartnerFiles(options.config),
    source: options.target.label,
  });
}
