// The Dockerfile cannot drift from the CLI: its runtime stage's files, ENV, WORKDIR, USER, ENTRYPOINT, CMD and
// HEALTHCHECK are read from the file and exercised here (`docker build` is not possible on this machine). The
// image's /app is a temporary folder holding only what the runtime stage COPYs (node_modules linked, standing in
// for its `npm ci --omit=dev`), /data another; `node` is this Node. The only argument added is --port 0, so
// parallel test runs do not fight over 6110; the HEALTHCHECK is run against that port and its own port is
// checked to be serve's default.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { validate } from 'dockerfile-utils';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { jsonLines, ROOT, sfLogin, spawnCommand, until } from './helpers';

jest.setTimeout(120_000);
const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}

/** Instructions of the Dockerfile (comments dropped, continuation lines joined), split into stages at FROM. */
function stages(text: string): Instruction[][] {
  const joined = text.replace(/\\\n/g, ' ');
  const out: Instruction[][] = [];
  for (const line of joined.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op === undefined || args === undefined) throw new Error(`not an instruction: ${line}`);
    if (op.toUpperCase() === 'FROM') out.push([]);
    out.at(-1)!.push({ op: op.toUpperCase(), args });
  }
  return out;
}

const exec = (args: string): string[] => JSON.parse(args) as string[];
/** ENV a=b c=d (the form this Dockerfile uses). */
const envOf = (args: string): Record<string, string> => Object.fromEntries(args.split(/\s+/).map((kv) => kv.split('=') as [string, string]));

const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const all = stages(dockerfile);
const runtime = all.at(-1)!;
const last = (op: string): string => runtime.filter((i) => i.op === op).at(-1)!.args;
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

describe('Dockerfile', () => {
  it('passes the Docker language server\'s linter (dockerfile-utils; hadolint is not installable here), which does flag a broken file', () => {
    expect(validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    // the same linter on a copy with two CMDs and a bad EXPOSE: it is not silent
    const broken = validate(`${dockerfile}\nEXPOSE http\nCMD ["serve"]\n`).map((d) => d.message);
    expect(broken).toEqual(expect.arrayContaining([expect.stringMatching(/only be one CMD/), expect.stringMatching(/Invalid containerPort: http/)]));
  });

  it('every stage is the official Node image of the major the project runs on (package.json "node"), within engines', () => {
    const major = Number(/\d+/.exec(pkg.devDependencies.node ?? '')?.[0]);
    const minimum = Number(/>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
    for (const stage of all) {
      const image = /^(\S+)/.exec(stage[0]!.args)![1]!;
      expect(image).toMatch(new RegExp(`^node:${major}-bookworm-slim$`));
    }
    expect(major).toBeGreaterThanOrEqual(minimum);
  });

  it('the build context leaves out the node_modules, lib and local state: the image installs and compiles its own', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'lib', 'src/preview/node_modules', '.partnerlens']));
  });

  it('the runtime stage installs production dependencies only and runs as the non-root user node', () => {
    expect(runtime.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n')).toMatch(/npm ci --omit=dev/);
    expect(last('USER')).toBe('node');
  });

  it('its ENTRYPOINT and CMD, with its ENV and WORKDIR, serve an org the sf CLI logged in to under HOME; SIGTERM exits 0; the HEALTHCHECK passes', async () => {
    const app = mkdtempSync(path.join(tmpdir(), 'pl-image-app-'));
    const data = mkdtempSync(path.join(tmpdir(), 'pl-image-data-'));
    cleanup.push(() => rmSync(app, { recursive: true, force: true }), () => rmSync(data, { recursive: true, force: true }));
    const map = (p: string): string => p.replace(/^\/app(?=\/|$)/, app).replace(/^\/data(?=\/|$)/, data);
    // the runtime stage's files: COPY <repo paths> <dest>, and COPY --from=build /app/lib (the build stage's tsc output: our lib/)
    for (const { args } of runtime.filter((i) => i.op === 'COPY')) {
      const parts = args.split(/\s+/);
      const fromBuild = parts[0]!.startsWith('--from=');
      const [src, dest] = fromBuild ? [parts[1]!.replace(/^\/app\//, ''), parts[2]!] : [parts.slice(0, -1), parts.at(-1)!];
      for (const s of Array.isArray(src) ? src : [src]) {
        const target = dest.endsWith('/') ? path.join(app, path.basename(s)) : path.resolve(app, dest);
        cpSync(path.join(ROOT, s), target, { recursive: true });
      }
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'));
    expect(last('WORKDIR')).toBe('/data');

    const org: LocalOrg = await startLocalOrg();
    cleanup.push(() => org.stop());
    org.store.insert('Partner__c', { Name: 'Acme Partners', External_Id__c: 'acme', Domain__c: 'acmepartners.com', Status__c: 'Active' });
    org.store.insert('Account', { Name: 'Company 0', Website: 'company0.com', Type: 'Customer' });
    const env: Record<string, string> = {};
    for (const i of runtime.filter((x) => x.op === 'ENV')) for (const [k, v] of Object.entries(envOf(i.args))) env[k] = map(v);
    await sfLogin(org, env.HOME!, 'prod');
    writeFileSync(path.join(data, 'partnerlens.config.yaml'), 'targetOrg: prod\npartnerFiles:\n  - partner: acme\n    file: acme.csv\n');
    writeFileSync(path.join(data, 'acme.csv'), 'id,company,website,population\nA0,Company 0,company0.com,Customer\n');

    const argv = [...exec(last('ENTRYPOINT')), ...exec(last('CMD'))].map(map);
    expect(argv[0]).toBe('node');
    const { PATH } = process.env;
    const serve = spawnCommand([process.execPath, ...argv.slice(1), '--port', '0'], map(last('WORKDIR')), { PATH, ...env });
    // CMD --log-format json: the JSON lines on stdout
    const sync = await until('the first sync', () => jsonLines(serve.out()).find((l) => l.event === 'sync'));
    expect(sync).toMatchObject({ trigger: 'start', status: 'Succeeded', created: 1 });
    const url = String(jsonLines(serve.out()).find((l) => l.event === 'listening')?.url);
    expect(org.store.query('SELECT Id FROM Partner_Overlap__c WHERE Active__c = true').totalSize).toBe(1);

    // HEALTHCHECK CMD [...]: its URL's port is serve's default; run it against this instance's port
    const check = exec(last('HEALTHCHECK').replace(/^.*?CMD\s+/, ''));
    const script = check[2]!;
    const help = await run(process.execPath, [...argv.slice(1), '--help'], { env: { PATH, ...env }, cwd: data });
    const defaultPort = /--port=<value>[^\n]*\n?[^\n]*\[default: (\d+)\]/.exec(help.stdout)?.[1];
    expect(script).toContain(`http://127.0.0.1:${defaultPort}/healthz`);
    const port = new URL(url).port;
    await run(process.execPath, [check[1]!, script.replace(`:${defaultPort}/`, `:${port}/`)], { env: { PATH, ...env } });

    serve.child.kill('SIGTERM');
    expect(await serve.done).toBe(0);
    expect(serve.out()).not.toContain(org.accessToken);
    // and with nothing listening the HEALTHCHECK fails
    await expect(run(process.execPath, [check[1]!, script.replace(`:${defaultPort}/`, `:${port}/`)], { env: { PATH, ...env } })).rejects.toMatchObject({ code: 1 });
  });
});
