import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CheckpointStore, emptyState, type PendingRun } from '../../src/sync/state';
import { emptyPlanCounts, type WriteBatch } from '../../src/sync/types';

describe('pending.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pl-checkpoint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const pendingWith = (batches: WriteBatch[]): PendingRun => ({ runId: 'run-1', startedAt: '2026-12-07T00:00:00.000Z', mode: 'Full', batches, state: emptyState(), counts: { read: 0, matched: 0 }, nextWatermark: '', planCounts: emptyPlanCounts(), hashes: {} });

  it('reads back every batch as planned: same-field batches as rows, others as records, null kept apart from absent', () => {
    const uniform: WriteBatch = { kind: 'overlap', object: 'Partner_Overlap__c', key: 'External_Id__c', bulk: true, records: [{ External_Id__c: 'a', Lead__c: null, Active__c: true }, { External_Id__c: 'b', Lead__c: '00Q1', Active__c: false }] };
    // null clears a field on upsert, an absent field leaves it alone: this batch must not become rows
    const mixed: WriteBatch = { kind: 'lead', object: 'Lead', key: 'Id', bulk: false, records: [{ Id: '00Q1', Partner_Overlap_Count__c: 2 }, { Id: '00Q2' }, { Id: '00Q3', Partner_Overlap_Count__c: undefined }] };
    const store = new CheckpointStore(dir, 'org:user');
    store.startPending(pendingWith([uniform, mixed]));
    const saved = JSON.parse(readFileSync(path.join(store.dir, 'pending.json'), 'utf8')) as { batches: Record<string, unknown>[] };
    expect(saved.batches[0]).toMatchObject({ fields: ['External_Id__c', 'Lead__c', 'Active__c'], rows: [['a', null, true], ['b', '00Q1', false]] });
    expect(saved.batches[0]).not.toHaveProperty('records');
    expect(saved.batches[1]).toHaveProperty('records');
    const loaded = store.loadPending();
    expect(loaded?.pending.batches).toEqual([uniform, { ...mixed, records: [{ Id: '00Q1', Partner_Overlap_Count__c: 2 }, { Id: '00Q2' }, { Id: '00Q3' }] }]);
    expect(Object.keys(loaded?.pending.batches[1]?.records[2] ?? {})).toEqual(['Id']);
  });
});
