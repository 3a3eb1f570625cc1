// Builds the preview's browser bundle on demand and caches it by a hash of everything that goes into it,
// so `npm start` and the e2e run only pay the 20-30 s rollup build when a component or the shell changed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { API_VERSION } from '../schema/dataModel.js';
import { readCustomLabels } from './forceAppUi.js';

/** The project checkout: both src/preview and lib/preview sit two levels below it. */
export const PROJECT_DIR = path.resolve(__dirname, '..', '..');

export interface BundleOptions {
  projectDir?: string;
  /** Progress lines (build start and end); silent when absent. */
  log?: (line: string) => void;
}

export interface Bundle {
  /** Folder holding app.js. */
  dir: string;
  hash: string;
  /** False when the cached bundle was reused. */
  built: boolean;
  ms: number;
}

function filesUnder(dir: string, skip: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !skip(entry.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(full, skip) : [full];
    })
    .sort();
}

/** Hash of the build's inputs: components, labels, the shell and shims, the build script and the toolchain lock. */
export function bundleHash(projectDir: string): string {
  const previewDir = path.join(projectDir, 'src', 'preview');
  const defaultDir = path.join(projectDir, 'force-app', 'main', 'default');
  const inputs = [
    ...filesUnder(path.join(defaultDir, 'lwc'), (name) => name === '__tests__'),
    ...filesUnder(path.join(defaultDir, 'labels'), () => false),
    ...filesUnder(path.join(previewDir, 'client'), () => false),
    path.join(previewDir, 'build.mjs'),
    path.join(previewDir, 'package-lock.json'),
  ];
  const hash = createHash('sha256').update(API_VERSION);
  for (const file of inputs) hash.update(path.relative(projectDir, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function runBuild(previewDir: string, spec: object): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(previewDir, 'build.mjs')], { cwd: previewDir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`The preview build failed (exit ${code}):\n${stderr.slice(-4000)}`));
    });
    child.stdin.end(JSON.stringify(spec));
  });
}

/** The bundle for the current sources: the cached one when its hash matches, else a fresh build. */
export async function ensureBundle(options: BundleOptions = {}): Promise<Bundle> {
  const projectDir = options.projectDir ?? PROJECT_DIR;
  const previewDir = path.join(projectDir, 'src', 'preview');
  const distDir = path.join(previewDir, 'dist');
  const started = Date.now();
  const hash = bundleHash(projectDir);
  const dir = path.join(distDir, hash);
  if (existsSync(path.join(dir, 'app.js'))) return { dir, hash, built: false, ms: Date.now() - started };
  if (!existsSync(path.join(previewDir, 'node_modules', 'rollup'))) {
    throw new Error(`The preview toolchain is not installed in ${previewDir}: run npm ci at the project root.`);
  }

  options.log?.(`Building the preview bundle (${hash})...`);
  // Built aside and renamed into place, so a concurrent reader never sees half a bundle.
  const staging = path.join(distDir, `.staging-${hash}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const forceAppDir = path.join(projectDir, 'force-app');
  try {
    await runBuild(previewDir, {
      lwcDir: path.join(forceAppDir, 'main', 'default', 'lwc'),
      outDir: staging,
      apiVersion: API_VERSION,
      labels: readCustomLabels(forceAppDir),
    });
    if (!existsSync(dir)) renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  // Older bundles are never served again: keep the folder from growing with every edit.
  for (const name of readdirSync(distDir)) {
    const other = path.join(distDir, name);
    if (name !== hash && !name.startsWith('.') && statSync(other).isDirectory()) rmSync(other, { recursive: true, force: true });
  }
  const ms = Date.now() - started;
  options.log?.(`Built the preview bundle in ${(ms / 1000).toFixed(1)} s.`);
  return { dir, hash, built: true, ms };
}
