// The preview's web server: the page shell, the bundle, SLDS assets, the shell's config, and a proxy of
// /services/** to the org (adding its access token), so the browser talks to the org same-origin without a token.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { API_VERSION } from '../schema/dataModel.js';
import { BodyTooLarge, isOwnHost, parseTarget, readLimitedBody, type RequestTarget } from '../localorg/http.js';
import { buildPreviewConfig, type DescribeLike, type PreviewConfig } from './config.js';
import { i18nValues, type I18nValues, type UserLocale } from './i18n.js';
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
  /**
   * The locale, time zone and currency the components format with, over the signed-in user's (read from the org's
   * userinfo at every page load: its locale and zoneinfo, the User's LocaleSidKey and TimeZoneSidKey). The
   * currency is USD unless set here: userinfo does not name one.
   */
  locale?: UserLocale;
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

/** What the page tells the bundle: the org's user (@salesforce/user/Id) and the user's @salesforce/i18n values. */
interface PageEnv {
  userId: string | null;
  i18n: I18nValues;
}

/** The page shell; `env` is set before the bundle loads. */
const indexHtml = (env: PageEnv): string => `<!doctype html>
<html lang="${env.i18n.locale}">
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
    <script>globalThis.__partnerlensPreview = ${JSON.stringify(env).replace(/</g, '\\u003c')};</script>
    <script type="module" src="/app.js"></script>
  </body>
</html>
`;

/** A file under `root` for decoded path segments, or undefined (also for paths escaping it). */
function fileUnder(root: string, segments: string[]): string | undefined {
  const file = path.resolve(root, ...segments);
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

/** The org resources the components call (lightning/graphql, lightning/uiRecordApi): nothing else is proxied. */
const PROXIED = /^\/services\/data\/v\d+\.\d\/(graphql|ui-api\/.+)$/;
/** The largest body a component sends (a GraphQL query or a record update) is a few kilobytes. */
const MAX_PROXY_BODY = 1024 * 1024;

function refuse(res: http.ServerResponse, status: number, errorCode: string, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify([{ errorCode, message }]));
}

/**
 * Forwards one component call to the org's own origin, adding the token. The upstream URL is the org's origin plus
 * the parsed path, so no request path can name another host.
 */
async function proxy(org: PreviewOrg, target: RequestTarget, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readLimitedBody(req, MAX_PROXY_BODY);
  const origin = new URL(org.instanceUrl).origin;
  const upstream = new URL(`${origin}${target.path}${target.search}`);
  if (upstream.origin !== origin) throw new Error('upstream is not the org');
  const response = await fetch(upstream, {
    method: req.method,
    redirect: 'manual',
    headers: {
      Authorization: `Bearer ${org.accessToken}`,
      Accept: 'application/json',
      ...(req.headers['content-type'] ? { 'Content-Type': req.headers['content-type'] } : {}),
    },
    body,
  });
  const payload = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, response.statusText, {
    'Content-Type': response.headers.get('content-type') ?? 'application/json',
    'Cache-Control': 'no-store',
  });
  res.end(payload);
}

/** A write from a page of another origin (a cross-site form or fetch) is refused: only the preview's own pages write. */
function crossSite(req: http.IncomingMessage, ownOrigin: string): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (origin !== undefined && origin !== ownOrigin) return true;
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  // POST is the one write a cross-site page can send without a preflight (which this server never grants), and
  // then only with a form or text body: a JSON content type proves the page is ours.
  return req.method === 'POST' && !String(req.headers['content-type'] ?? '').includes('application/json');
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The user the org's token acts as and that user's locale and time zone (its userinfo: user_id, locale, zoneinfo),
 * each null when the org does not say.
 */
async function userOf(org: PreviewOrg): Promise<{ userId: string | null; locale: string | null; timeZone: string | null }> {
  try {
    const response = await fetch(new URL('/services/oauth2/userinfo', org.instanceUrl), { headers: { Authorization: `Bearer ${org.accessToken}` } });
    if (!response.ok) return { userId: null, locale: null, timeZone: null };
    const info = (await response.json()) as { user_id?: unknown; locale?: unknown; zoneinfo?: unknown };
    return { userId: text(info.user_id), locale: text(info.locale), timeZone: text(info.zoneinfo) };
  } catch {
    return { userId: null, locale: null, timeZone: null };
  }
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
  // Read at every page load, as Lightning does: a user who changes their locale sees it on the next reload.
  const page = async (): Promise<string> => {
    const user = await userOf(options.org);
    const i18n = i18nValues({
      locale: options.locale?.locale ?? user.locale,
      timeZone: options.locale?.timeZone ?? user.timeZone,
      currency: options.locale?.currency,
    });
    return indexHtml({ userId: user.userId, i18n });
  };

  let port = 0;
  const server = http.createServer((req, res) => {
    // Every failure is an answer: a bad request never takes the preview (or the org beside it in the demo) down.
    try {
      route(req, res);
    } catch (error) {
      if (!res.headersSent) refuse(res, 500, 'PREVIEW_ERROR', error instanceof Error ? error.message : String(error));
      else res.destroy();
    }
  });
  const route = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (!isOwnHost(req, port)) return refuse(res, 421, 'MISDIRECTED_REQUEST', `The preview answers only Host 127.0.0.1:${port} or localhost:${port}.`);
    const target = parseTarget(req.url);
    if (!target) return refuse(res, 400, 'MALFORMED_URL', 'The request path is not a valid URL path: check its percent-encoding.');
    const pathname = target.path;
    if (pathname.startsWith('/services/')) {
      if (!PROXIED.test(pathname)) return refuse(res, 404, 'NOT_FOUND', 'The preview forwards only the GraphQL and UI API resources its components use.');
      if (crossSite(req, `http://${req.headers.host}`)) return refuse(res, 403, 'CROSS_SITE_REQUEST', 'Writes through the preview come only from its own pages (same origin, JSON body).');
      proxy(options.org, target, req, res).catch((error: unknown) => {
        if (res.headersSent) return res.destroy();
        if (error instanceof BodyTooLarge) return refuse(res, 413, 'REQUEST_ENTITY_TOO_LARGE', error.message);
        refuse(res, 502, 'PREVIEW_PROXY_ERROR', error instanceof Error ? error.message : String(error));
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === '/app.js') {
      sendFile(res, path.join(options.bundleDir, 'app.js'), false);
    } else if (pathname === '/preview/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(configJson);
    } else if (pathname.startsWith('/assets/')) {
      const file = fileUnder(assetsDir, target.segments.slice(1));
      if (file) sendFile(res, file, true);
      else res.writeHead(404).end();
    } else if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      // Every other path is a page of the single-page shell (/lightning/r/..., /lightning/n/...).
      page().then(
        (html) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(html),
        (error: unknown) => refuse(res, 500, 'PREVIEW_ERROR', error instanceof Error ? error.message : String(error)),
      );
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
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
