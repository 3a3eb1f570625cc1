// The two embedded servers (local org, preview) against what another program or web page on the laptop can send.
// docs/localorg.md, "Security", says what each of these protects.
import { mkdtempSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Random } from '../../src/demo/random';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { resolveTarget, LOCAL_ORG_FILE } from '../../src/org/connection';
import { startPreviewServer, type PreviewServer } from '../../src/preview/server';
import { API_VERSION } from '../../src/schema/dataModel';
import { rawRequest } from '../rawHttp';

let org: LocalOrg;
let preview: PreviewServer;
let bundleDir: string;
const base = `/services/data/v${API_VERSION}`;
const form = (fields: Record<string, string>): { method: string; headers: Record<string, string>; body: string } => ({
  method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
});

beforeAll(async () => {
  org = await startLocalOrg();
  bundleDir = mkdtempSync(path.join(os.tmpdir(), 'pl-adv-bundle-'));
  preview = await startPreviewServer({ org, bundleDir });
});
afterAll(async () => {
  await preview.close();
  await org.stop();
  rmSync(bundleDir, { recursive: true, force: true });
});

describe('tokens come only from what org start prints', () => {
  it('refuses client_credentials without a configured secret', async () => {
    const r = await rawRequest(org.instanceUrl, '/services/oauth2/token', form({ grant_type: 'client_credentials' }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ error: 'invalid_grant', error_description: 'no client credentials user enabled' });
  });

  it('refuses the password grant with the old fixed default, and grants it with the password of this start', async () => {
    const bad = await rawRequest(org.instanceUrl, '/services/oauth2/token', form({ grant_type: 'password', username: org.username, password: 'partnerlens' }));
    expect(bad.status).toBe(400);
    expect(bad.body).not.toContain('access_token');
    const good = await rawRequest(org.instanceUrl, '/services/oauth2/token', form({ grant_type: 'password', username: org.username, password: org.password }));
    expect(good.status).toBe(200);
    expect(org.password).not.toBe('partnerlens');
  });

  it('revoke really revokes: the token is refused afterwards', async () => {
    const { access_token: token } = JSON.parse((await rawRequest(org.instanceUrl, '/services/oauth2/token', form({ grant_type: 'password', username: org.username, password: org.password }))).body) as { access_token: string };
    const auth = { Authorization: `Bearer ${token}` };
    expect((await rawRequest(org.instanceUrl, `${base}/limits`, { headers: auth })).status).toBe(200);
    expect((await rawRequest(org.instanceUrl, '/services/oauth2/revoke', form({ token }))).status).toBe(200);
    const after = await rawRequest(org.instanceUrl, `${base}/limits`, { headers: auth });
    expect(after.status).toBe(401);
    expect(JSON.parse(after.body)).toEqual([expect.objectContaining({ errorCode: 'INVALID_SESSION_ID' })]);
    expect((await rawRequest(org.instanceUrl, '/services/oauth2/revoke', form({ token }))).status).toBe(400);
  });
});

describe('other web pages cannot reach the org', () => {
  it('answers a CORS preflight from another origin without any Access-Control header', async () => {
    for (const origin of ['http://localhost:3000', 'https://evil.example']) {
      const r = await rawRequest(org.instanceUrl, `${base}/sobjects/Account`, {
        method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
      });
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it.each([['local org', () => org.instanceUrl], ['preview', () => preview.url]])('the %s answers 421 to a Host header of another name (DNS rebinding)', async (_name, url) => {
    const r = await rawRequest(url(), `${base}/limits`, { headers: { Host: 'rebind.evil.example', Authorization: `Bearer ${org.accessToken}` } });
    expect(r.status).toBe(421);
    expect(r.body).not.toContain('DailyApiRequests');
  });

  it('the preview refuses a cross-site POST (a form posting JSON text) and no Account is created', async () => {
    const body = JSON.stringify({ query: 'mutation { uiapi { AccountCreate(input: { Account: { Name: "Planted" } }) { Record { Id } } } }' });
    const crossSite = await rawRequest(preview.url, `${base}/graphql`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: 'https://evil.example' }, body });
    expect(crossSite.status).toBe(403);
    const noOrigin = await rawRequest(preview.url, `${base}/ui-api/records`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ apiName: 'Account', fields: { Name: 'Planted' } }) });
    expect(noOrigin.status).toBe(403);
    const fetchSite = await rawRequest(preview.url, `${base}/ui-api/records`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' }, body: JSON.stringify({ apiName: 'Account', fields: { Name: 'Planted' } }) });
    expect(fetchSite.status).toBe(403);
    expect(org.store.query("SELECT Id FROM Account WHERE Name = 'Planted'").totalSize).toBe(0);
    // its own page's write goes through
    const own = await rawRequest(preview.url, `${base}/ui-api/records`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: preview.url }, body: JSON.stringify({ apiName: 'Account', fields: { Name: 'Own page' } }) });
    expect(own.status).toBe(201);
    expect(org.store.query("SELECT Id FROM Account WHERE Name = 'Own page'").totalSize).toBe(1);
  });

  it('the preview proxies only the GraphQL and UI API resources', async () => {
    for (const target of [`${base}/sobjects/Account`, `${base}/query?q=SELECT+Id+FROM+User`, '/services/oauth2/userinfo', `${base}/limits`]) {
      const r = await rawRequest(preview.url, target);
      expect([target, r.status]).toEqual([target, 404]);
    }
  });
});

describe('the preview sends the org token only to the org', () => {
  let capture: http.Server;
  let captured: string[];
  beforeAll(async () => {
    captured = [];
    capture = http.createServer((req, res) => {
      captured.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => capture.close(() => resolve())));

  it('//host paths reach no other server', async () => {
    const { port } = capture.address() as AddressInfo;
    for (const target of [`//127.0.0.1:${port}${base}/graphql`, `//127.0.0.1:${port}/services/data/v62.0/ui-api/records/x`, `/\\127.0.0.1:${port}${base}/graphql`, `//localhost:${port}/services/`, `http://127.0.0.1:${port}${base}/graphql`]) {
      await rawRequest(preview.url, target, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: preview.url }, body: '{"query":"{ uiapi { query { Account { edges { node { Id } } } } } }"}' });
      await rawRequest(preview.url, target);
    }
    expect(captured).toEqual([]);
  });
});

describe('bad requests get answers, and the servers stay up', () => {
  const malformed = ['/assets/%E0%A4%A', '/%', '/services/data/v62.0/sobjects/%FF', '/lightning/r/%C0%AF/view', `${base}/query?q=%E0%A4%A`, '/services/data/v62.0/ui-api/records/%'];

  it.each([['local org', () => org.instanceUrl], ['preview', () => preview.url]])('the %s answers malformed percent-encodings with 400', async (_name, url) => {
    for (const target of malformed) {
      const r = await rawRequest(url(), target, { headers: { Authorization: `Bearer ${org.accessToken}` } });
      expect([target, r.status]).toEqual([target, 400]);
    }
  });

  it.each([['local org', () => org.instanceUrl], ['preview', () => preview.url]])('the %s answers 100 fuzzed paths and still serves afterwards', async (_name, url) => {
    const rnd = new Random(12);
    const words = ['services', 'data', 'v62.0', 'v99.0', 'sobjects', 'Account', 'query', 'graphql', 'ui-api', 'records', 'assets', '..', '.', '', 'id', 'jobs', 'ingest', '%2e%2e', '%2F'];
    const chars = "ABCxyz019%._~!$&'()*+,;=:@-";
    const junk = (n: number): string => Array.from({ length: rnd.int(0, n) }, () => rnd.pick([...chars])).join('');
    const targets = Array.from({ length: 100 }, () => {
      const segs = Array.from({ length: rnd.int(0, 8) }, () => (rnd.chance(0.6) ? rnd.pick(words) : junk(12)));
      const q = rnd.chance(0.4) ? `?${junk(16)}` : '';
      return `/${segs.join('/')}${q}`;
    });
    const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'];
    for (const [i, t] of targets.entries()) {
      const r = await rawRequest(url(), t, { method: methods[i % methods.length], headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' }, body: i % 2 ? '{"x":' : undefined });
      expect([t, r.status >= 200 && r.status < 500]).toEqual([t, true]);
    }
    const ok = await rawRequest(url(), url() === org.instanceUrl ? `${base}/limits` : '/preview/config.json', { headers: { Authorization: `Bearer ${org.accessToken}` } });
    expect(ok.status).toBe(200);
  });

  it('refuses an oversized body with 413 before reading it, and an unauthenticated one with 401 first', async () => {
    const huge = String(60 * 1024 * 1024);
    const tooBig = await rawRequest(org.instanceUrl, `${base}/sobjects/Account`, { method: 'POST', headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json', 'Content-Length': huge }, headersOnly: true });
    expect(tooBig.status).toBe(413);
    const anonymous = await rawRequest(org.instanceUrl, `${base}/sobjects/Account`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': huge }, headersOnly: true });
    expect(anonymous.status).toBe(401);
    const token = await rawRequest(org.instanceUrl, '/services/oauth2/token', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(1024 * 1024) }, headersOnly: true });
    expect(token.status).toBe(413);
    const viaPreview = await rawRequest(preview.url, `${base}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: preview.url, 'Content-Length': String(2 * 1024 * 1024) }, headersOnly: true });
    expect(viaPreview.status).toBe(413);
    expect((await rawRequest(org.instanceUrl, `${base}/limits`, { headers: { Authorization: `Bearer ${org.accessToken}` } })).status).toBe(200);
  });
});

describe('a stale localorg.json', () => {
  it('is detected, reported and removed, so the next org start writes a fresh one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pl-stale-'));
    try {
      const dead = await startLocalOrg();
      const file = path.join(dir, LOCAL_ORG_FILE);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify({ instanceUrl: dead.instanceUrl, orgId: dead.orgId, accessToken: dead.accessToken, username: dead.username, pid: 999_999 }));
      await dead.stop();
      await expect(resolveTarget(dir, undefined)).rejects.toMatchObject({ name: 'LocalOrgDown' });
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
