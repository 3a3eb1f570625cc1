// The local org's Streaming API (CometD) and Change Data Capture, over real HTTP: the Bayeux messages as a client
// sends them, and jsforce 3's own streaming client (faye) unchanged.
import { Connection } from 'jsforce';
import { StreamingExtension } from 'jsforce/api/streaming';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';
import { rawRequest } from '../rawHttp';

jest.setTimeout(60_000);

let org: LocalOrg;
let conn: Connection;
const path = `/cometd/${API_VERSION}`;

beforeAll(async () => {
  org = await startLocalOrg({ streaming: { connectTimeoutMs: 1_500 } });
  conn = new Connection({ instanceUrl: org.instanceUrl, accessToken: org.accessToken, version: API_VERSION });
});
afterAll(async () => {
  await org.stop();
});

type Msg = Record<string, unknown>;
async function bayeux(body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${org.accessToken}` }, target = path): Promise<{ status: number; messages: Msg[] }> {
  const r = await rawRequest(org.instanceUrl, target, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: r.status, messages: JSON.parse(r.body) as Msg[] };
}
async function handshake(): Promise<string> {
  const { messages } = await bayeux([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'], id: '1' }]);
  return messages[0]!.clientId as string;
}
const connect = (clientId: string): Promise<{ status: number; messages: Msg[] }> => bayeux([{ channel: '/meta/connect', clientId, connectionType: 'long-polling', id: 'c' }]);
const subscribe = (clientId: string, subscription: string, replay?: number): Promise<{ status: number; messages: Msg[] }> =>
  bayeux([{ channel: '/meta/subscribe', clientId, subscription, id: 's', ...(replay !== undefined ? { ext: { replay: { [subscription]: replay } } } : {}) }]);

describe('the CometD endpoint', () => {
  it('handshakes with the replay extension and long-polling only, as Salesforce does', async () => {
    const { status, messages } = await bayeux([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling', 'websocket'], id: '1' }]);
    expect(status).toBe(200);
    expect(messages[0]).toMatchObject({ channel: '/meta/handshake', id: '1', successful: true, version: '1.0', supportedConnectionTypes: ['long-polling'], ext: { replay: true }, advice: { reconnect: 'retry', interval: 0 } });
    expect(typeof messages[0]!.clientId).toBe('string');
  });

  it('answers 401 without a token or with an unknown one, 400 for a malformed body, a missing or old version', async () => {
    const none = await bayeux([{ channel: '/meta/handshake' }], {});
    expect(none.status).toBe(401);
    expect(none.messages[0]).toMatchObject({ successful: false, error: '401::Request requires authentication', advice: { reconnect: 'none' } });
    const bad = await bayeux([{ channel: '/meta/handshake' }], { Authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    // an unknown, expired or revoked session: Salesforce's denied handshake with the reason (Spring '18 CometD auth
    // validation), the shape jsforce's StreamingExtension.AuthFailure detects
    expect(bad.messages[0]).toMatchObject({ channel: '/meta/handshake', successful: false, error: '403::Handshake denied', ext: { sfdc: { failureReason: '401::Authentication invalid' } }, advice: { reconnect: 'none' } });
    const detected = jest.fn();
    new StreamingExtension.AuthFailure(detected).incoming(bad.messages[0], () => undefined);
    expect(detected).toHaveBeenCalledTimes(1);
    const malformed = await bayeux('{"channel": ');
    expect(malformed.status).toBe(400);
    expect(malformed.messages[0]).toMatchObject({ successful: false, error: expect.stringMatching(/^400::Malformed JSON/) as unknown });
    const notMessages = await bayeux([1, 2]);
    expect(notMessages.status).toBe(400);
    expect((await bayeux([{ channel: '/meta/handshake' }], undefined, '/cometd')).messages[0]!.error).toBe(`400::API version in the URI is mandatory. URI format: '/cometd/68.0'`);
    expect((await bayeux([{ channel: '/meta/handshake' }], undefined, '/cometd/30.0')).messages[0]!.error).toMatch(/^400::Unsupported API version\. Only API versions '37\.0' and later/);
    const big = await bayeux([{ channel: '/meta/handshake', pad: 'x'.repeat(40_000) }]);
    expect(big.status).toBe(413);
  });

  it('refuses an unknown channel, an unknown client and a non-long-polling connect in Salesforce\'s words', async () => {
    const clientId = await handshake();
    const unknown = await subscribe(clientId, '/data/FooChangeEvent');
    expect(unknown.messages[0]).toMatchObject({ channel: '/meta/subscribe', subscription: '/data/FooChangeEvent', successful: false, error: '400::The channel you requested to subscribe to does not exist {/data/FooChangeEvent}' });
    expect((await subscribe(clientId, 'data/AccountChangeEvent')).messages[0]!.error).toBe("400::Channel subscriptions must start with a leading '/'");
    const stranger = await connect('no-such-client');
    expect(stranger.messages[0]).toMatchObject({ successful: false, error: '403::Unknown client', advice: { reconnect: 'handshake' } });
    const ws = await bayeux([{ channel: '/meta/connect', clientId, connectionType: 'websocket' }]);
    expect(ws.messages[0]).toMatchObject({ successful: false, error: '400::Invalid connection type websocket' });
  });

  it('delivers a ChangeEvent for a REST create, a composite update and a delete; a rolled-back write publishes nothing', async () => {
    const clientId = await handshake();
    expect((await subscribe(clientId, '/data/AccountChangeEvent')).messages[0]).toMatchObject({ successful: true, subscription: '/data/AccountChangeEvent', clientId });
    expect((await subscribe(clientId, '/data/OpportunityChangeEvent')).messages[0]!.successful).toBe(true);
    // nothing yet: the connect is held until the (test) timeout, then answered successful
    const idle = await connect(clientId);
    expect(idle.messages).toEqual([expect.objectContaining({ channel: '/meta/connect', successful: true })]);

    const poll = connect(clientId);
    await new Promise((r) => setTimeout(r, 100));
    const created = await conn.sobject('Account').create({ Name: 'Streamed Co', Website: 'streamed.example' });
    const id = created.success ? created.id : '';
    const { messages } = await poll;
    const event = messages.find((m) => m.channel === '/data/AccountChangeEvent') as { data: { payload: Record<string, unknown> & { ChangeEventHeader: Record<string, unknown> }; event: { replayId: number } } };
    expect(event.data.payload.ChangeEventHeader).toMatchObject({ entityName: 'Account', changeType: 'CREATE', recordIds: [id], changedFields: [] });
    expect(typeof event.data.payload.ChangeEventHeader.commitTimestamp).toBe('number');
    expect(event.data.payload).toMatchObject({ Name: 'Streamed Co', Website: 'streamed.example' });
    expect(event.data.event.replayId).toBeGreaterThan(0);
    expect(messages.at(-1)).toMatchObject({ channel: '/meta/connect', successful: true });

    // composite update, then a rolled-back allOrNone pair (no events), then a delete: collected by one connect
    const updated = await conn.request<{ success: boolean }[]>({ method: 'PATCH', url: `/services/data/v${API_VERSION}/composite/sobjects`, body: JSON.stringify({ allOrNone: false, records: [{ attributes: { type: 'Account' }, Id: id, Industry: 'Retail', Website: null }] }), headers: { 'Content-Type': 'application/json' } });
    expect(updated).toEqual([expect.objectContaining({ success: true })]);
    const failed = await conn.requestPost<{ success: boolean }[]>(`/services/data/v${API_VERSION}/composite/sobjects`, { allOrNone: true, records: [{ attributes: { type: 'Account' }, Name: 'Rolled Back' }, { attributes: { type: 'Account' } }] });
    expect(failed.every((r) => !r.success)).toBe(true);
    await conn.sobject('Account').destroy(id);
    const batch = (await connect(clientId)).messages.filter((m) => m.channel === '/data/AccountChangeEvent') as typeof event[];
    expect(batch.map((m) => m.data.payload.ChangeEventHeader.changeType)).toEqual(['UPDATE', 'DELETE']);
    const update = batch[0]!.data.payload;
    expect(update.ChangeEventHeader.changedFields).toEqual(expect.arrayContaining(['Industry', 'Website', 'LastModifiedDate']));
    expect(update.ChangeEventHeader.nulledFields).toEqual(['Website']);
    expect(update).toMatchObject({ Industry: 'Retail', Website: null });
    expect(batch[1]!.data.payload.ChangeEventHeader.recordIds).toEqual([id]);
    expect(batch[1]!.data.event.replayId).toBeGreaterThan(batch[0]!.data.event.replayId);
    expect(batch[0]!.data.event.replayId).toBeGreaterThan(event.data.event.replayId);
  });

  it('publishes a CREATE per record of a Bulk API 2.0 ingest job', async () => {
    const clientId = await handshake();
    expect((await subscribe(clientId, '/data/LeadChangeEvent')).messages[0]!.successful).toBe(true);
    conn.bulk2.pollInterval = 50;
    const res = await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'insert', input: 'LastName,Company\nBulk One,Bulk Co\nBulk Two,Bulk Co\n' });
    const ids = res.successfulResults.map((r) => r.sf__Id);
    expect(ids).toHaveLength(2);
    const events = (await connect(clientId)).messages.filter((m) => m.channel === '/data/LeadChangeEvent') as { data: { payload: { ChangeEventHeader: { changeType: string; recordIds: string[] } } } }[];
    expect(events.map((e) => [e.data.payload.ChangeEventHeader.changeType, e.data.payload.ChangeEventHeader.recordIds[0]])).toEqual(ids.map((id) => ['CREATE', id]));
  });

  it('replays: -2 every retained event, N the events after N, an expired N is refused with the replayId error; /data/ChangeEvents carries all entities', async () => {
    const a = await conn.sobject('Lead').create({ LastName: 'One', Company: 'One Co' });
    const b = await conn.sobject('Lead').create({ LastName: 'Two', Company: 'Two Co' });
    const ids = [a, b].map((r) => (r.success ? r.id : ''));
    const latest = org.streaming.latestReplayId();
    const clientId = await handshake();
    expect((await subscribe(clientId, '/data/LeadChangeEvent', latest - 1)).messages[0]!.successful).toBe(true);
    const after = (await connect(clientId)).messages.filter((m) => m.channel === '/data/LeadChangeEvent') as { data: { payload: { ChangeEventHeader: { recordIds: string[] } } } }[];
    expect(after.map((m) => m.data.payload.ChangeEventHeader.recordIds[0])).toEqual([ids[1]]);

    const all = await handshake();
    expect((await subscribe(all, '/data/ChangeEvents', -2)).messages[0]!.successful).toBe(true);
    const replayed = (await connect(all)).messages.filter((m) => m.channel === '/data/ChangeEvents') as { data: { payload: { ChangeEventHeader: { entityName: string } } } }[];
    expect(new Set(replayed.map((m) => m.data.payload.ChangeEventHeader.entityName))).toEqual(new Set(['Account', 'Lead']));

    org.streaming.expireThrough(latest - 1);
    const late = await handshake();
    const refused = await subscribe(late, '/data/LeadChangeEvent', latest - 2);
    expect(refused.messages[0]).toMatchObject({
      successful: false, subscription: '/data/LeadChangeEvent',
      error: `400::The replayId {${latest - 2}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`,
    });
    // the oldest retained one's predecessor is still a valid start, and a replay id the org never gave is not
    expect((await subscribe(late, '/data/LeadChangeEvent', latest - 1)).messages[0]!.successful).toBe(true);
    expect((await subscribe(late, '/data/AccountChangeEvent', latest + 100)).messages[0]!.successful).toBe(false);
  });

  it('bounds its retention: past maxEvents the oldest replay ids are refused', async () => {
    const small = await startLocalOrg({ changeEvents: { maxEvents: 3 } });
    try {
      const c = new Connection({ instanceUrl: small.instanceUrl, accessToken: small.accessToken, version: API_VERSION });
      for (let i = 0; i < 5; i++) await c.sobject('Account').create({ Name: `Bounded ${i}` });
      const r = await rawRequest(small.instanceUrl, path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${small.accessToken}` }, body: JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]) });
      const clientId = (JSON.parse(r.body) as Msg[])[0]!.clientId as string;
      const sub = async (replay: number): Promise<Msg> => {
        const res = await rawRequest(small.instanceUrl, path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${small.accessToken}` }, body: JSON.stringify([{ channel: '/meta/subscribe', clientId, subscription: '/data/AccountChangeEvent', ext: { replay: { '/data/AccountChangeEvent': replay } } }]) });
        return (JSON.parse(res.body) as Msg[])[0]!;
      };
      expect(small.streaming.latestReplayId()).toBe(5);
      expect((await sub(1)).successful).toBe(false);
      expect((await sub(2)).successful).toBe(true);
    } finally {
      await small.stop();
    }
  });

  it('jsforce 3 conn.streaming (faye) with StreamingExtension.Replay receives change events, and re-subscribes from its replay id after the server forgot it', async () => {
    const channel = '/data/OpportunityChangeEvent';
    const replay = new StreamingExtension.Replay(channel, -1);
    const client = conn.streaming.createClient([replay]);
    const got: { event: { replayId: number }; payload: { ChangeEventHeader: { changeType: string; recordIds: string[] } } }[] = [];
    const account = await conn.sobject('Account').create({ Name: 'Deal Co' });
    const accountId = account.success ? account.id : '';
    try {
      await client.subscribe(channel, (m: unknown) => got.push(m as (typeof got)[number]));
      const opp = await conn.sobject('Opportunity').create({ Name: 'Deal', StageName: 'Prospecting', CloseDate: '2027-01-31', AccountId: accountId });
      const oppId = opp.success ? opp.id : '';
      await waitFor(() => got.length === 1);
      expect(got[0]!.payload.ChangeEventHeader).toMatchObject({ changeType: 'CREATE', recordIds: [oppId] });
      // the server restarts its sessions and drops the poll; written meanwhile, the update still arrives
      expect(org.streaming.dropConnections({ forgetClients: true })).toBeGreaterThanOrEqual(1);
      await conn.sobject('Opportunity').update({ Id: oppId, StageName: 'Qualification' });
      await waitFor(() => got.length === 2, 20_000);
      expect(got[1]!.payload.ChangeEventHeader).toMatchObject({ changeType: 'UPDATE', recordIds: [oppId] });
      expect(got[1]!.event.replayId).toBeGreaterThan(got[0]!.event.replayId);
    } finally {
      // wait for faye's /meta/disconnect while the org still answers: a client left retrying keeps jest alive
      await (client as unknown as { disconnect(): Promise<unknown> }).disconnect();
    }
  });
});

async function waitFor(ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
