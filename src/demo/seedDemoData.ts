import type { OrgStore } from '../localorg/index.js';
import type { DemoData } from './types.js';

/**
 * Creates the demo's records in the local org, in order, turning lookup refs into the ids the org
 * assigns. Seeding may set what API clients cannot (CreatedDate, Lead conversion fields), so the history
 * looks 18 months old. Returns ref -> id. A rejected record is a bug in the demo data: it throws.
 */
export function seedDemoData(data: DemoData, store: Pick<OrgStore, 'insert'>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const { object, records } of data.objects) {
    for (const record of records) {
      const lookups = Object.fromEntries(Object.entries(record.lookups).map(([field, ref]) => [field, ids.get(ref)]));
      const result = store.insert(object, { ...record.values, ...lookups }, { allowReadOnly: true });
      if (!result.success || result.id === undefined) {
        throw new Error(`The local org rejected demo ${object} ${record.ref}: ${result.errors.map((e) => `${e.statusCode} ${e.message}`).join('; ')}`);
      }
      ids.set(record.ref, result.id);
    }
  }
  return ids;
}
