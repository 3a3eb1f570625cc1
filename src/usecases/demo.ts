import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadLocalConfig, starterConfig } from '../config/localConfig.js';
import { generateDemoData } from '../demo/generateDemoData.js';
import { seedDemoData } from '../demo/seedDemoData.js';
import type { DemoData } from '../demo/types.js';
import type { LocalOrg } from '../localorg/index.js';
import { serveLocalOrg } from '../localorg/serve.js';
import { OrgClient } from '../org/client.js';
import { resolveTarget } from '../org/connection.js';
import { ensureBundle } from '../preview/bundle.js';
import { startPreviewServer, type PreviewServer } from '../preview/server.js';
import { PartnerSignal, type Population, type SignalKind } from '../schema/dataModel.js';
import { ensureDefaultSettings } from './init.js';
import type { SyncProgress, SyncResult } from '../sync/types.js';
import { syncFromConfig } from '../sync/fromConfig.js';

export interface DemoOptions {
  /** The project folder: the demo lives in its .partnerlens/. */
  cwd: string;
  seed?: number;
  /** Our Accounts (leads, deals and partner files scale with it); default 3000. */
  accounts?: number;
  /** YYYY-MM-DD the history ends on; default today. */
  today?: string;
  progress?: SyncProgress;
}

export interface DemoOverlapRow {
  partner: string;
  population: Population;
  overlaps: number;
}

export interface DemoResult {
  instanceUrl: string;
  /** .partnerlens/demo: partner files, referral files, the config and the checkpoint. */
  dataDir: string;
  configFile: string;
  /** Records loaded per object. */
  seeded: Record<string, number>;
  overlaps: DemoOverlapRow[];
  sourcedLeads: { flagged: number; created: number };
  influenceCreated: number;
  /** API calls the sync made (the run record included), as the org counted them. */
  apiCalls: number;
  seedMs: number;
  syncMs: number;
  sync: SyncResult;
  /** The second sync, a week later: the partners' next files moved a few rows, and the partner signals it recorded. */
  nextWeek: { sync: SyncResult; signals: Partial<Record<SignalKind, number>> };
}

/** A finished demo whose local org is still up (for the preview); stop() ends it. */
export interface RunningDemo {
  result: DemoResult;
  org: LocalOrg;
  /** The generated data and the org id of each of its records (by demo ref). */
  data: DemoData;
  ids: Map<string, string>;
  stop(): Promise<void>;
}

export const DEMO_SEED = 42;

/** Writes the partners' files where a file drop would put them, and the config naming them. */
function writeDemoFiles(data: DemoData, dataDir: string): string {
  rmSync(dataDir, { recursive: true, force: true });
  const partnerFiles: { partner: string; file: string }[] = [];
  const referralFiles: { partner: string; file: string }[] = [];
  for (const p of data.partners) {
    for (const [file, list] of [[p.partnerFile, partnerFiles], [p.referralFile, referralFiles]] as const) {
      if (file === undefined) continue;
      mkdirSync(path.dirname(path.join(dataDir, file.path)), { recursive: true });
      writeFileSync(path.join(dataDir, file.path), file.content);
      list.push({ partner: p.externalId, file: file.path });
    }
  }
  const configFile = path.join(dataDir, 'partnerlens.config.json');
  writeFileSync(configFile, `${JSON.stringify({ ...starterConfig(partnerFiles), referralFiles, checkpointDir: 'checkpoints' }, null, 2)}\n`);
  return configFile;
}

/**
 * `partnerlens demo`: a fresh local org in .partnerlens/demo.db, the generated demo data loaded into it
 * (through the store: converted-lead fields are not writable through the API), the settings record
 * created and the partner files synced through the REST API exactly as against a real org.
 * The org keeps running until stop() so the preview can show the result.
 */
export async function runDemo(options: DemoOptions): Promise<RunningDemo> {
  const home = path.join(options.cwd, '.partnerlens');
  const dbFile = path.join(home, 'demo.db');
  mkdirSync(home, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  const seedStart = Date.now();
  const data = generateDemoData({ seed: options.seed ?? DEMO_SEED, accounts: options.accounts, today: options.today ?? new Date().toISOString().slice(0, 10) });
  // served like `partnerlens org start` (.partnerlens/localorg.json), so other commands reach it while it runs
  const served = await serveLocalOrg({ port: 0, dataFile: dbFile, cwd: options.cwd });
  const { org } = served;
  try {
    options.progress?.phase('Loading the demo data');
    const ids = seedDemoData(data, org.store);
    const dataDir = path.join(home, 'demo');
    const configFile = writeDemoFiles(data, dataDir);
    // the org as every other command finds it (.partnerlens/localorg.json): same checkpoint key, so
    // `partnerlens sync --config .partnerlens/demo/partnerlens.config.json` continues where the demo left off
    const target = await resolveTarget(options.cwd, undefined);
    await ensureDefaultSettings(new OrgClient(target.conn));
    const before = org.apiUsage().used;
    const seedMs = Date.now() - seedStart;
    const syncStart = Date.now();
    const config = loadLocalConfig(options.cwd, configFile);
    const sync = await syncFromConfig({ cwd: options.cwd, target, config, progress: options.progress });
    const syncMs = Date.now() - syncStart;
    const apiCalls = org.apiUsage().used - before;
    // a week later: each partner's next file, synced on top, so the demo has signals to show
    for (const p of data.partners) writeFileSync(path.join(dataDir, p.nextWeekFile.path), p.nextWeekFile.content);
    const nextSync = await syncFromConfig({ cwd: options.cwd, target, config, progress: options.progress });
    const signals: Partial<Record<SignalKind, number>> = {};
    for (const r of org.store.query(`SELECT ${PartnerSignal.Kind} FROM ${PartnerSignal.apiName}`).records) {
      const kind = r[PartnerSignal.Kind] as SignalKind;
      signals[kind] = (signals[kind] ?? 0) + 1;
    }
    const result: DemoResult = {
      instanceUrl: org.instanceUrl,
      dataDir,
      configFile,
      seeded: Object.fromEntries(data.objects.map((o) => [o.object, o.records.length])),
      overlaps: Object.entries(sync.byPartnerPopulation).flatMap(([partner, pops]) => Object.entries(pops).map(([population, overlaps]) => ({ partner, population: population as Population, overlaps }))),
      sourcedLeads: { flagged: sync.referrals.flagged, created: sync.referrals.created },
      influenceCreated: sync.plan.influenceCreate,
      apiCalls,
      seedMs,
      syncMs,
      sync,
      nextWeek: { sync: nextSync, signals },
    };
    return { result, org, data, ids, stop: () => served.close() };
  } catch (e) {
    await served.close();
    throw e;
  }
}

/**
 * Serves the browser preview of the components against the demo org (building the bundle when the
 * components changed). The caller closes it, then stops the org.
 */
export async function servePreview(demo: RunningDemo, log: (line: string) => void): Promise<PreviewServer> {
  const bundle = await ensureBundle({ log });
  return startPreviewServer({ org: demo.org, bundleDir: bundle.dir });
}
