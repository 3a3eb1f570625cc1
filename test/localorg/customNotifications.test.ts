// customNotificationAction and CustomNotificationType on the local org, over real HTTP, as Salesforce documents them.
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index';
import { API_VERSION } from '../../src/schema/dataModel';

describe('local org: custom notifications', () => {
  let org: LocalOrg;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${org.instanceUrl}/services/data/v${API_VERSION}${path}`, {
      method, headers: { Authorization: `Bearer ${org.accessToken}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const query = async (soql: string): Promise<Record<string, unknown>[]> => ((await call('GET', `/query?q=${encodeURIComponent(soql)}`)).body as { records: Record<string, unknown>[] }).records;

  beforeAll(async () => {
    org = await startLocalOrg();
  });
  afterAll(() => org.stop());

  it('holds force-app’s notification type, found by DeveloperName with a 0ML id', async () => {
    const [type] = await query("SELECT Id, DeveloperName, MasterLabel, CustomNotifTypeName, Desktop, Mobile FROM CustomNotificationType WHERE DeveloperName = 'PartnerLens_Signal'");
    expect(type).toMatchObject({ DeveloperName: 'PartnerLens_Signal', MasterLabel: 'PartnerLens Signal', CustomNotifTypeName: 'PartnerLens Signal', Desktop: true, Mobile: true });
    expect(String(type?.Id)).toMatch(/^0ML\w{15}$/);
  });

  it('sends a notification to a user about a record and records it; a bad input fails that input with a 400', async () => {
    const [type] = await query("SELECT Id FROM CustomNotificationType WHERE DeveloperName = 'PartnerLens_Signal'");
    const [user] = await query('SELECT Id FROM User LIMIT 1');
    const account = org.store.insert('Account', { Name: 'Initech' });
    const input = { customNotifTypeId: type?.Id, recipientIds: [user?.Id], title: 'Orbit: Initech became a customer', body: 'Orbit Cloud now lists Initech as a customer.', targetId: account.id };
    const ok = await call('POST', '/actions/standard/customNotificationAction', { inputs: [input] });
    expect(ok).toEqual({ status: 200, body: [{ actionName: 'customNotificationAction', errors: null, isSuccess: true, outputValues: { SuccessMessage: 'Your custom notification is processed successfully.' } }] });
    expect(org.notifications()).toEqual([{ ...input, sentAt: expect.any(String) }]);

    const bad = await call('POST', '/actions/standard/customNotificationAction', { inputs: [{ ...input, title: '' }, { ...input, customNotifTypeId: '0ML000000000000AAA' }, { ...input, recipientIds: [account.id] }] });
    expect(bad.status).toBe(400);
    expect((bad.body as { isSuccess: boolean; errors: { statusCode: string; fields: string[] }[] }[]).map((r) => [r.isSuccess, r.errors[0]?.statusCode, r.errors[0]?.fields])).toEqual([
      [false, 'REQUIRED_FIELD_MISSING', ['title']],
      [false, 'INVALID_API_INPUT', ['customNotifTypeId']],
      [false, 'INVALID_API_INPUT', ['recipientIds']],
    ]);
    expect(org.notifications()).toHaveLength(1);
    expect((await call('GET', '/actions/standard')).body).toMatchObject({ actions: [{ name: 'customNotificationAction' }] });
  });
});
