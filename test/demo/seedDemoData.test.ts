import { generateDemoData } from '../../src/demo/generateDemoData.js';
import { seedDemoData } from '../../src/demo/seedDemoData.js';
import { startLocalOrg, type LocalOrg } from '../../src/localorg/index.js';

describe('seedDemoData', () => {
  let org: LocalOrg;
  beforeAll(async () => {
    org = await startLocalOrg({ clock: () => new Date('2026-11-01T12:00:00Z') });
  });
  afterAll(async () => {
    await org.stop();
  });

  it('loads every demo record into the local org, resolving lookups and keeping history dates', () => {
    const data = generateDemoData({ seed: 11, accounts: 120 });
    const ids = seedDemoData(data, org.store);
    const total = data.objects.reduce((n, o) => n + o.records.length, 0);
    expect(ids.size).toBe(total);
    for (const { object, records } of data.objects) {
      expect(org.store.query(`SELECT COUNT() FROM ${object}`).totalSize).toBe(records.length);
    }
    const converted = data.objects.find((o) => o.object === 'Lead')?.records.find((l) => l.values.IsConverted === true);
    expect(converted).toBeDefined();
    const [lead] = org.store.query(`SELECT IsConverted, ConvertedOpportunityId, CreatedDate FROM Lead WHERE Id = '${ids.get(converted?.ref ?? '')}'`).records;
    expect(lead).toMatchObject({ IsConverted: true, ConvertedOpportunityId: ids.get(converted?.lookups.ConvertedOpportunityId ?? '') });
    expect(String(lead?.CreatedDate).slice(0, 10)).toBe(String(converted?.values.CreatedDate).slice(0, 10));
    const won = org.store.query("SELECT COUNT() FROM Opportunity WHERE IsWon = true").totalSize;
    expect(won).toBe(data.objects.find((o) => o.object === 'Opportunity')?.records.filter((o) => o.values.StageName === 'Closed Won').length);
  });

  it('names the record the org rejects', () => {
    const data = generateDemoData({ seed: 11, accounts: 3 });
    const broken = { ...data, objects: [{ object: 'Account', records: [{ ref: 'acct-x', values: { Name: null }, lookups: {} }] }] };
    expect(() => seedDemoData(broken, org.store)).toThrow(/demo Account acct-x: REQUIRED_FIELD_MISSING/);
  });
});
