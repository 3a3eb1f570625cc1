// The import rule of docs/ARCHITECTURE.md ("Layers of the code"): no module imports a layer above its own.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');
const LAYERS: string[][] = [
  ['schema', 'common', 'metadata'],
  ['org', 'config', 'localorg', 'preview'],
  ['sync', 'match', 'sources', 'psi', 'impact', 'demo', 'registrations', 'signals'],
  ['usecases'],
  ['cli'],
  ['commands', 'hooks', 'help.ts'],
];
const layerOf = (top: string): number => LAYERS.findIndex((l) => l.includes(top));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'client') return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(m?ts)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative import specifiers of a module: static, re-exports and dynamic import(). */
export function importsOf(code: string): string[] {
  return [...code.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
}

const top = (file: string): string => path.relative(SRC, file).split(path.sep)[0]!;

describe('layers', () => {
  it('every top-level folder of src/ has a layer', () => {
    const tops = new Set(sources(SRC).map(top));
    expect([...tops].filter((t) => layerOf(t) < 0)).toEqual([]);
  });

  it('no module imports a layer above its own', () => {
    const upward: string[] = [];
    for (const file of sources(SRC)) {
      const from = top(file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = top(path.resolve(path.dirname(file), spec));
        if (layerOf(target) > layerOf(from)) upward.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no import cycle between modules (a type one included: shared types live in one module both import)', () => {
    const resolve = (file: string, spec: string): string => {
      const base = path.resolve(path.dirname(file), spec).replace(/\.(m?)js$/, '.$1ts');
      return base;
    };
    const graph = new Map(sources(SRC).map((f) => [f, importsOf(readFileSync(f, 'utf8')).map((s) => resolve(f, s))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(SRC, x)).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const to of graph.get(f) ?? []) if (graph.has(to)) visit(to, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('the rule sees an upward import', () => {
    expect(importsOf("import { x } from '../sync/engine.js';\nconst m = await import('../cli/render.js');")).toEqual(['../sync/engine.js', '../cli/render.js']);
    expect(layerOf('sync')).toBeGreaterThan(layerOf('org'));
  });
});
