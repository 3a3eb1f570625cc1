// Event mode when the org refuses the session (an expired or revoked access token): jsforce's own streaming client
// against the local org over HTTP. With a login that can be refreshed, the stream subscribes again after the same
// replay ids and nothing is missed; without one, event mode turns off once, says why and what to do, and stops
// knocking (faye alone would retry the refused handshake for ever).
import { Connection } from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';
import { EventStream, type ChangeNotice } from '../../src/usecases/serve/events';
import type { ServiceLog } from '../../src/usecases/serve/log';
import { until } from '../until';

jest.setTimeout(60_000);

let org: LocalOrg;
beforeEach(async () => {
  org = await startLocalOrg({ streaming: { connectTimeoutMs: 1_500 } });
});
afterEach(async () => org.stop());

function recordingLog(): ServiceLog & { lines: { level: string; event: string; text: string }[] } {
  const lines: { level: string; event: string; text: string }[] = [];
  const at = (level: string) => (event: string, _fields: unknown, text: string) => lines.push({ level, event, text });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}


async function post(path: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${org.instanceUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
}

async function freshToken(): Promise<string> {
  const r = await post('/services/oauth2/token', { grant_type: 'password', username: org.username, password: org.password });
  return ((await r.json()) as { access_token: string }).access_token;
}

async function streamOn(conn: Connection, refreshAuth?: () => Promise<boolean>): Promise<{ stream: EventStream; notices: ChangeNotice[]; log: ReturnType<typeof recordingLog> }> {
  const notices: ChangeNotice[] = [];
  const log = recordingLog();
  const stream = new EventStream({ conn, channels: ['/data/AccountChangeEvent'], replayFrom: {}, log, onChange: (n) => notices.push(n), onGap: () => undefined, ...(refreshAuth !== undefined ? { refreshAuth } : {}) });
  await stream.start();
  return { stream, notices, log };
}

// another integration writes, with its own session (the stream's is the one revoked)
async function newAccount(name: string): Promise<string> {
  const writer = new Connection({ instanceUrl: org.instanceUrl, accessToken: await freshToken(), version: API_VERSION });
  const r = (await writer.sobject('Account').create({ Name: name })) as { id: string };
  return r.id;
}

it('a revoked session with a login that refreshes: subscribes again after the same replay id and misses nothing', async () => {
  const conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION });
  let refreshes = 0;
  const { stream, notices, log } = await streamOn(conn, async () => {
    refreshes++;
    conn.accessToken = await freshToken();
    return true;
  });
  try {
    const first = await newAccount('Before the revoke');
    await until('the first event', () => (notices.some((n) => n.recordIds.includes(first)) ? true : undefined), 20_000);
    const replayAfterFirst = stream.replayIds()['/data/AccountChangeEvent']!;
    expect((await post('/services/oauth2/revoke', { token: org.accessToken })).status).toBe(200);
    // written while the old session is refused: delivered after the re-subscribe, from the replay id
    const second = await newAccount('While refused');
    await until('the refresh', () => (refreshes > 0 ? true : undefined), 20_000);
    await until('the event written while refused', () => (notices.some((n) => n.recordIds.includes(second)) ? true : undefined), 20_000);
    const third = await newAccount('After the refresh');
    await until('an event on the new session', () => (notices.some((n) => n.recordIds.includes(third)) ? true : undefined), 20_000);
    expect(refreshes).toBe(1);
    expect(notices.filter((n) => n.recordIds.includes(second))).toHaveLength(1);
    expect(stream.replayIds()['/data/AccountChangeEvent']).toBeGreaterThan(replayAfterFirst);
    // the new client's subscriptions can be acknowledged after the replayed events arrive on a loaded machine
    await until('connected again', () => (stream.health().connected ? true : undefined), 20_000);
    expect(stream.health()).toMatchObject({ connected: true, reconnects: 1 });
    expect(stream.health().off).toBeUndefined();
    expect(log.lines.find((l) => l.event === 'events-auth')).toMatchObject({ level: 'warn', text: expect.stringMatching(/refused the session \(401::Authentication invalid\); the login was refreshed/) });
  } finally {
    stream.stop();
  }
});

it('a revoked session that cannot be refreshed: event mode off once, with what to do, and no more handshakes', async () => {
  const conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION });
  let refreshes = 0;
  const { stream, notices, log } = await streamOn(conn, async () => {
    refreshes++;
    return false;
  });
  try {
    const first = await newAccount('Before the revoke');
    await until('the first event', () => (notices.some((n) => n.recordIds.includes(first)) ? true : undefined), 20_000);
    await post('/services/oauth2/revoke', { token: org.accessToken });
    await newAccount('Wakes the held poll');
    const off = await until('event mode off', () => stream.health().off, 20_000);
    expect(off).toMatch(/refused the session \(401::Authentication invalid\) and the login could not be refreshed/);
    expect(stream.health().connected).toBe(false);
    const errors = log.lines.filter((l) => l.event === 'events-auth');
    expect(errors).toEqual([expect.objectContaining({ level: 'error', text: expect.stringMatching(/Event mode is off until the service restarts; the interval syncs still run\. Log in again/) })]);
    // it stopped knocking: no further refresh or log line over the next seconds
    await new Promise((r) => setTimeout(r, 3_000));
    expect(refreshes).toBe(1);
    expect(log.lines.filter((l) => l.event === 'events-auth')).toHaveLength(1);
  } finally {
    stream.stop();
  }
});
