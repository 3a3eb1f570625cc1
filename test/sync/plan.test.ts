import type { OverlapMatch } from '../../src/match/types';
import { planSync, type PartnerInfo } from '../../src/sync/plan';
import { emptyState, type SyncState } from '../../src/sync/state';

const acme: PartnerInfo = { id: 'a0P000000000001AAA', name: 'Acme', externalId: 'acme', sharingLevel: 'Overlapping records' };

function match(ourId: string, partnerRecordId: string, population: OverlapMatch['partnerRecord']['population'] = 'Customer', ourObject: 'Account' | 'Lead' = 'Account'): OverlapMatch {
  return { ourId, ourObject, ourPopulation: ourObject === 'Lead' ? 'Lead' : 'Customer', key: `${partnerRecordId}.com`, method: 'Domain', partnerRecord: { partnerRecordId, companyName: partnerRecordId, population, ownerName: 'Pat' } };
}

function plan(state: SyncState, matches: OverlapMatch[], extra: Partial<Parameters<typeof planSync>[0]> = {}) {
  return planSync({ state, partners: [{ partner: acme, matches }], today: '2026-11-25', ruleInfluence: true, maxDeactivationPercent: 50, bulkThreshold: 2000, ...extra });
}

/** The state after applying a plan fully (what the engine does batch by batch). */
function applied(state: SyncState, p: ReturnType<typeof plan>): SyncState {
  const next = structuredClone(state);
  for (const [ext, h] of Object.entries(p.overlapHashes)) next.overlaps[ext] = { id: `id-${ext}`, active: true, ...h };
  for (const b of p.batches) {
    for (const r of b.records) {
      if (b.kind === 'deactivate') (next.overlaps[String(r.External_Id__c)] as { active: boolean }).active = false;
      if (b.kind === 'influence') next.influence[String(r.External_Id__c)] = 'x';
      if (b.kind === 'lead') (next.leads[String(r.Id)] as { overlapCount: number }).overlapCount = Number(r.Partner_Overlap_Count__c);
    }
  }
  return next;
}

describe('planSync', () => {
  const base = (): SyncState => ({ ...emptyState(), opps: { '006A': { account: '001A', watched: '[]' }, '006B': { account: '001B', watched: '[]' } }, leads: { '00QA': { inPopulation: true, overlapCount: 0, watched: '[]' } } });

  it('creates overlaps, lead counts and rule influence; a re-plan of the result writes nothing', () => {
    const first = plan(base(), [match('001A', 'p1'), match('001B', 'p2', 'Prospect'), match('00QA', 'p3', 'Lead', 'Lead')]);
    expect(first.counts).toEqual({ overlapsCreate: 3, overlapsUpdate: 0, overlapsDeactivate: 0, leadsUpdate: 1, influenceCreate: 1 });
    const influence = first.batches.find((b) => b.kind === 'influence');
    expect(influence?.records).toEqual([expect.objectContaining({ Opportunity__c: '006A', Partner__c: acme.id, Origin__c: 'Rule', Role__c: 'Influenced' })]);
    expect(influence?.overlapRefs).toEqual(['acme|001A|p1']);
    const second = plan(applied(base(), first), [match('001A', 'p1'), match('001B', 'p2', 'Prospect'), match('00QA', 'p3', 'Lead', 'Lead')]);
    expect(second.batches).toEqual([]);
  });

  it('deactivates vanished overlaps (never deletes) and re-activates them when seen again', () => {
    const s1 = applied(base(), plan(base(), [match('001A', 'p1'), match('001B', 'p2')]));
    const gone = plan(s1, [match('001A', 'p1')]);
    expect(gone.batches.map((b) => [b.kind, b.records])).toEqual([['deactivate', [{ External_Id__c: 'acme|001B|p2', Active__c: false }]]]);
    const back = plan(applied(s1, gone), [match('001A', 'p1'), match('001B', 'p2')]);
    expect(back.counts.overlapsUpdate).toBe(1);
    expect(back.batches[0]?.records[0]).toMatchObject({ External_Id__c: 'acme|001B|p2', Active__c: true, Last_Seen__c: '2026-11-25' });
    expect(back.batches[0]?.records[0]).not.toHaveProperty('First_Seen__c');
  });

  it('never creates rule influence where a Manual row for that partner exists', () => {
    const state = { ...base(), manual: [`006A|${acme.id}`] };
    expect(plan(state, [match('001A', 'p1')]).counts.influenceCreate).toBe(0);
  });

  it('refuses to deactivate more than Max_Deactivation_Percent__c of a partner, with a warning', () => {
    const many = Array.from({ length: 20 }, (_, i) => match(`001X${i}`, `q${i}`));
    const state = applied(base(), plan(base(), many));
    const truncated = plan(state, many.slice(0, 5));
    expect(truncated.counts.overlapsDeactivate).toBe(0);
    expect(truncated.warnings[0]).toMatch(/15 of 20 overlaps vanished/);
  });

  it('hides partner owners when the sharing level is counts only', () => {
    const p = planSync({ state: base(), partners: [{ partner: { ...acme, sharingLevel: 'Counts only' }, matches: [match('001A', 'p1')] }], today: 'd', ruleInfluence: false, maxDeactivationPercent: 50, bulkThreshold: 2000 });
    expect(p.batches[0]?.records[0]).toMatchObject({ Partner_Owner_Name__c: null });
  });

  it('uses Bulk API batches above the threshold and 200-record batches below', () => {
    const many = Array.from({ length: 450 }, (_, i) => match(`001Y${i}`, `r${i}`));
    expect(plan(base(), many, { ruleInfluence: false }).batches.map((b) => [b.bulk, b.records.length])).toEqual([[false, 200], [false, 200], [false, 50]]);
    expect(plan(base(), many, { ruleInfluence: false, bulkThreshold: 100 }).batches.map((b) => [b.bulk, b.records.length])).toEqual([[true, 450]]);
  });
});
