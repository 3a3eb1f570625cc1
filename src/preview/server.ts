// The preview's web server: the page shell, the bundle, SLDS assets, the shell's config, and a proxy of
// /services/** to the org (adding its access token), so the browser talks to the org same-origin without a token.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { API_VERSION } from '../schema/dataModel.js';
import { buildPreviewConfig, type DescribeLike, type PreviewConfig } from './config.js';
import { PROJECT_DIR } from './bundle.js';

export interface PreviewOrg {
  instanceUrl: string;
  accessToken: string;
}

export interface PreviewServerOptions {
  org: PreviewOrg;
  /** Folder holding the built app.js (ensureBundle). */
  bundleDir: string;
  projectDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface PreviewServer {
  url: string;
  config: PreviewConfig;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>PartnerLens preview</title>
    <link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css" />
    <style>
      body { background: #b0c4df; min-height: 100vh; }
      main { max-width: 1280px; margin: 0 auto; }
    </style>
  </head>
  <body class="slds-scope">
    <div id="root"></div>
    <script type="module" src="/app.js"></script>
  </body>
</html>
`;

/** A file under `root` for a URL path, or undefined (also for paths escaping it). */
function fileUnder(root: string, urlPath: string): string | undefined {
  const file = path.resolve(root, `.${decodeURIComponent(urlPath)}`);
  if (!file.startsWith(root + path.sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

function sendFile(res: http.ServerResponse, file: string, cache: boolean): void {
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': cache ? 'public, max-age=3600' : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function proxy(org: PreviewOrg, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  const upstream = await fetch(new URL(req.url ?? '/', org.instanceUrl), {
    method: req.method,
    headers: {
      Authorization: `Bearer ${org.accessToken}`,
      Accept: 'application/json',
      ...(req.headers['content-type'] ? { 'Content-Type': req.headers['content-type'] } : {}),
    },
    body,
  });
  const payload = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, upstream.statusText, {
    'Content-Type': upstream.headers.get('content-type') ?? 'application/json',
    'Cache-Control': 'no-store',
  });
  res.end(payload);
}

function describeFrom(org: PreviewOrg): (name: string) => Promise<DescribeLike> {
  return async (name) => {
    const response = await fetch(new URL(`/services/data/v${API_VERSION}/sobjects/${name}/describe`, org.instanceUrl), {
      headers: { Authorization: `Bearer ${org.accessToken}` },
    });
    if (!response.ok) throw new Error(`describe ${name}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as DescribeLike;
  };
}

/** force-app's LWC bundle names: the components a flexipage can place. */
function bundleNames(forceAppDir: string): Set<string> {
  const dir = path.join(forceAppDir, 'main', 'default', 'lwc');
  return new Set(existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(path.join(dir, d, `${d}.html`))) : []);
}

/** Serves the preview on 127.0.0.1 until close(). */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const projectDir = options.projectDir ?? PROJECT_DIR;
  const forceAppDir = path.join(projectDir, 'force-app');
  const assetsDir = path.join(projectDir, 'src', 'preview', 'node_modules', '@salesforce-ux', 'design-system', 'assets');
  const config = await buildPreviewConfig(forceAppDir, bundleNames(forceAppDir), describeFrom(options.org));
  const configJson = JSON.stringify(config);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview');
    const fail = (error: unknown): void => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify([{ errorCode: 'PREVIEW_PROXY_ERROR', message: error instanceof Error ? error.message : String(error) }]));
    };
    if (url.pathname.startsWith('/services/')) {
      proxy(options.org, req, res).catch(fail);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === '/app.js') {
      sendFile(res, path.join(options.bundleDir, 'app.js'), false);
    } else if (url.pathname === '/preview/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(configJson);
    } else if (url.pathname.startsWith('/assets/')) {
      const file = fileUnder(assetsDir, url.pathname.slice('/assets'.length));
      if (file) sendFile(res, file, true);
      else res.writeHead(404).end();
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      // Every other path is a page of the single-page shell (/lightning/r/..., /lightning/n/...).
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(INDEX_HTML);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
