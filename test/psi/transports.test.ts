import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPsiError } from '../../src/psi/errors.js';
import { fileFinish, fileRespond, fileStart } from '../../src/psi/fileTransport.js';
import { connectPsi, PSI_PATH, servePsi, type PsiServer, type ServeEvent } from '../../src/psi/httpTransport.js';
import { createPsiCompute, type PsiCompute } from '../../src/psi/pool.js';
import { loadPrivateOverlapSource } from '../../src/psi/resultSource.js';
import { party, twoSets } from './helpers.js';

const TOKEN = 'a-test-token-of-thirty-two-chars';
let compute: PsiCompute;
let dir: string;
beforeAll(async () => {
  compute = createPsiCompute(0);
  dir = await mkdtemp(path.join(tmpdir(), 'psi-transport-'));
});
afterAll(async () => {
  await compute.close();
  await rm(dir, { recursive: true, force: true });
});

describe('file transport', () => {
  it('runs start -> respond -> finish -> respond -> finish between two directories and feeds the sync source', async () => {
    const sets = twoSets(21, 80, 70, 25);
    const alice = path.join(dir, 'alice');
    const bob = path.join(dir, 'bob');
    const options = (d: string) => ({ dir: d, compute, maxMessageBytes: 1e8 });
    const started = await fileStart(party('Bob Inc', sets.ours), 'attributes', path.join(dir, 'm1.json'), options(alice));
    const responded = await fileRespond(path.join(dir, 'm1.json'), path.join(dir, 'm2.json'), party('Alice Ltd', sets.theirs), options(bob));
    const finished = await fileFinish(path.join(dir, 'm2.json'), path.join(dir, 'm3.json'), options(alice));
    expect(finished.resultFile).toBeUndefined();
    const bobDone = await fileRespond(path.join(dir, 'm3.json'), path.join(dir, 'm4.json'), undefined, options(bob));
    const aliceDone = await fileFinish(path.join(dir, 'm4.json'), undefined, options(alice));
    expect([responded.session, finished.session, bobDone.session, aliceDone.session]).toEqual(Array(4).fill(started.session));
    expect(new Set(aliceDone.result?.matches?.map((m) => m.key))).toEqual(sets.common);
    expect(new Set(bobDone.result?.matches?.map((m) => m.key))).toEqual(sets.common);
    // secret state is gone once each side is done; only the results remain
    expect((await readdir(alice)).sort()).toEqual(['bob-inc.result.json', 'sessions']);
    expect((await readdir(bob)).sort()).toEqual(['alice-ltd.result.json', 'sessions']);
    expect(await readdir(path.join(alice, 'sessions'))).toEqual([`${started.session}.initiator.result.json`]);

    const records = loadPrivateOverlapSource(path.join(alice, 'bob-inc.result.json'));
    const expected = sets.theirs.filter((r) => sets.common.has(r.key));
    expect(records).toHaveLength(expected.length);
    for (const r of records) {
      expect(r.privateMatch).toBe(true);
      const source = expected.find((e) => e.recordId === r.partnerRecordId);
      expect(r).toEqual({ partnerRecordId: source?.recordId, companyName: source?.companyName, domain: source?.key, population: source?.population, ownerName: source?.ownerName, ownerEmail: source?.ownerEmail, opportunityStage: source?.opportunityStage, privateMatch: true });
    }
  });

  it('refuses a finish message whose exchange this side never started, and a truncated message file', async () => {
    const sets = twoSets(22, 30, 30, 10);
    const a = path.join(dir, 'a2');
    const b = path.join(dir, 'b2');
    const options = (d: string) => ({ dir: d, compute, maxMessageBytes: 1e8 });
    await fileStart(party('B', sets.ours), 'list', path.join(dir, 'n1.json'), options(a));
    await fileRespond(path.join(dir, 'n1.json'), path.join(dir, 'n2.json'), party('A', sets.theirs), options(b));
    const stranger = path.join(dir, 'stranger');
    await expect(fileFinish(path.join(dir, 'n2.json'), undefined, options(stranger))).rejects.toThrow(/state is 'missing/);
    const text = await readFile(path.join(dir, 'n2.json'), 'utf8');
    await writeFile(path.join(dir, 'n2-cut.json'), text.slice(0, 1000));
    await expect(fileFinish(path.join(dir, 'n2-cut.json'), undefined, options(a))).rejects.toThrow(/truncated/);
  });
});

describe('HTTP transport on 127.0.0.1', () => {
  const servers: PsiServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function serve(overrides: Partial<Parameters<typeof servePsi>[0]> = {}, events: ServeEvent[] = []) {
    const sets = twoSets(31, 90, 60, 40);
    const server = await servePsi({ party: party('Alice Ltd', sets.theirs), compute, host: '127.0.0.1', port: 0, token: TOKEN, maxMessageBytes: 1e7, timeoutMs: 10_000, maxExchangesPerHour: 10, dir: path.join(dir, 'server'), onEvent: (e) => events.push(e), ...overrides });
    servers.push(server);
    return { sets, server };
  }
  const connectOptions = (url: string, token = TOKEN) => ({ url, token, timeoutMs: 10_000, maxMessageBytes: 1e7, dir: path.join(dir, 'client'), compute });

  it('runs a whole exchange with psi serve / psi connect and both sides get the intersection', async () => {
    const events: ServeEvent[] = [];
    const { sets, server } = await serve({}, events);
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${PSI_PATH}$`));
    const { result, resultFile } = await connectPsi(party('Bob Inc', sets.ours), 'attributes', connectOptions(server.url));
    expect(new Set(result.matches?.map((m) => m.key))).toEqual(sets.common);
    expect(existsSync(resultFile)).toBe(true);
    const completed = events.find((e) => e.kind === 'completed');
    expect(completed?.kind === 'completed' && new Set(completed.result.matches?.map((m) => m.key))).toEqual(sets.common);
  });

  it('refuses a wrong token, an oversized body and more exchanges per hour than allowed', async () => {
    let clock = 0;
    const { sets, server } = await serve({ maxExchangesPerHour: 1, maxMessageBytes: 20_000, now: () => clock });
    const ours = party('Bob Inc', sets.ours);
    const refusal = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (isPsiError(e) ? `${e.rule}: ${e.message}` : String(e)));
    expect(await refusal(connectPsi(ours, 'list', connectOptions(server.url, 'wrong')))).toMatch(/^Unauthorized/);
    const big = party('Bob Inc', twoSets(32, 2000, 0, 0).ours);
    expect(await refusal(connectPsi(big, 'list', connectOptions(server.url)))).toMatch(/^PeerError: .*The message is \d+ bytes; the limit is 20000 bytes/);
    expect(await refusal(connectPsi(ours, 'counts', connectOptions(server.url)))).toBe('resolved');
    expect(await refusal(connectPsi(ours, 'counts', connectOptions(server.url)))).toMatch(/^PeerError: .*1 exchanges were already run/);
    clock += 3_600_001;
    expect(await refusal(connectPsi(ours, 'counts', connectOptions(server.url)))).toBe('resolved');
  });

  it('times out against a server that never answers', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const sets = twoSets(33, 20, 0, 0);
    await expect(connectPsi(party('X', sets.ours), 'list', { ...connectOptions(`http://127.0.0.1:${port}${PSI_PATH}`), timeoutMs: 300 })).rejects.toThrow(/No answer .* within 300 ms/);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('runs over TLS with the partner certificate as the trusted CA', async () => {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const tls = { key: await readFile(key), cert: await readFile(cert) };
    const { sets, server } = await serve({ tls });
    expect(server.url.startsWith('https://127.0.0.1:')).toBe(true);
    const { result } = await connectPsi(party('Bob Inc', sets.ours), 'list', { ...connectOptions(server.url), ca: tls.cert });
    expect(new Set(result.matches?.map((m) => m.key))).toEqual(sets.common);
    await expect(connectPsi(party('Bob Inc', sets.ours), 'list', connectOptions(server.url))).rejects.toThrow(/self-signed|certificate/);
  });
});
