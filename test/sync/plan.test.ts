import type { OverlapMatch } from '../../src/match/types';
import { compareInfluence, influenceRowOf, planSync, primaryPartner, type PartnerInfo } from '../../src/sync/plan';
import { emptyState } from '../../src/sync/state';
import type { InfluenceRowState, SyncState } from '../../src/sync/types';

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
      if (b.kind === 'influence') {
        next.influence[String(r.External_Id__c)] = `id-${String(r.External_Id__c)}`;
        next.influenceRows[`id-${String(r.External_Id__c)}`] = influenceRowOf(r);
      }
      if (b.kind === 'primary') {
        if (r.Primary_Partner__c === null) delete next.primary[String(r.Id)];
        else next.primary[String(r.Id)] = { partner: String(r.Primary_Partner__c), bySync: true };
      }
      if (b.kind === 'lead') (next.leads[String(r.Id)] as { overlapCount: number }).overlapCount = Number(r.Partner_Overlap_Count__c);
    }
  }
  return next;
}

describe('planSync', () => {
  const base = (): SyncState => ({ ...emptyState(), opps: { '006A': { account: '001A', watched: '[]' }, '006B': { account: '001B', watched: '[]' } }, leads: { '00QA': { inPopulation: true, overlapCount: 0, watched: '[]' } } });

  it('creates overlaps, lead counts and rule influence; a re-plan of the result writes nothing', () => {
    const first = plan(base(), [match('001A', 'p1'), match('001B', 'p2', 'Prospect'), match('00QA', 'p3', 'Lead', 'Lead')]);
    expect(first.counts).toEqual({ overlapsCreate: 3, overlapsUpdate: 0, overlapsDeactivate: 0, leadsUpdate: 1, influenceCreate: 1, primarySet: 1, primaryClear: 0, exchangesCreate: 0, signalsCreate: 0 });
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

describe('the Primary_Partner__c rule', () => {
  const names = { P1: 'Acme', P2: 'beta', P3: 'Alpha', P4: 'Gamma', P5: 'alpha' };
  const row = (partner: string, role: string, percent: number, date?: string): InfluenceRowState => ({ opp: '006A', partner, role, origin: 'Manual', percent, date });

  it('orders rows: Sourced, then the higher attribution, then the earlier date, then the partner name, then the Id', () => {
    const rows = {
      // worked by hand: the two Sourced rows first, 30% before 10% (the 10% row's earlier date does not count); then
      // Co-sell 50%; then the five 20% rows by date: three on 02-01, then 03-01, then the one without a date; the three
      // on 02-01 by name, case-insensitive: "Alpha" = "alpha" (so by Id, P3 before P5), then "beta"; the 0% row last,
      // though its date is the earliest
      sourced10: row('P4', 'Sourced', 10, '2026-01-01'),
      sourced30: row('P2', 'Sourced', 30, '2026-05-01'),
      coSell50: row('P1', 'Co-sell', 50, '2026-06-01'),
      reseller20Late: row('P4', 'Reseller', 20, '2026-03-01'),
      influenced20Alpha: row('P3', 'Influenced', 20, '2026-02-01'),
      influenced20alpha: row('P5', 'Influenced', 20, '2026-02-01'),
      referral20Beta: row('P2', 'Referral', 20, '2026-02-01'),
      influenced20NoDate: row('P1', 'Influenced', 20),
      blank: row('P1', 'Influenced', 0, '2025-01-01'),
    };
    const order = Object.entries(rows)
      .sort(([, a], [, b]) => compareInfluence(a, b, names))
      .map(([k]) => k);
    expect(order).toEqual(['sourced30', 'sourced10', 'coSell50', 'influenced20Alpha', 'influenced20alpha', 'referral20Beta', 'reseller20Late', 'influenced20NoDate', 'blank']);
  });

  it('picks the partner of the first row, whatever the order the rows come in', () => {
    const rows = [row('P1', 'Influenced', 0, '2026-03-01'), row('P2', 'Co-sell', 40, '2026-04-01'), row('P4', 'Sourced', 0, '2026-09-01')];
    // Sourced beats 40%: Gamma (P4)
    expect(primaryPartner(rows, names)).toBe('P4');
    expect(primaryPartner([...rows].reverse(), names)).toBe('P4');
    // without the Sourced row: 40% beats 0%: beta (P2)
    expect(primaryPartner(rows.slice(0, 2), names)).toBe('P2');
    // equal rows of two partners: the name, case-insensitive: Acme (P1) before beta (P2)
    expect(primaryPartner([row('P2', 'Influenced', 0, '2026-03-01'), row('P1', 'Influenced', 0, '2026-03-01')], names)).toBe('P1');
    expect(primaryPartner([], names)).toBeUndefined();
  });
});

describe('planSync: Primary_Partner__c', () => {
  const globex = 'a0P000000000002AAA';
  const names = { [acme.id]: 'Acme', [globex]: 'Globex' };
  const base = (): SyncState => ({ ...emptyState(), opps: { '006A': { account: '001A', watched: '[]' } } });
  const withRows = (rows: Record<string, InfluenceRowState>, primary: SyncState['primary'] = {}): SyncState => ({ ...base(), influenceRows: rows, primary });
  const primaryWrites = (p: ReturnType<typeof plan>): unknown => p.batches.filter((b) => b.kind === 'primary').map((b) => [b.object, b.key, b.records]);

  it('takes the Rule rows the plan creates into account, after them in the batch order', () => {
    // a Manual Influenced row of Globex (0%) touched on 2026-12-01; the new Rule row of Acme (0%) is dated today,
    // 2026-11-25: no Sourced row, equal percent, Acme's date is earlier: Acme
    const state = withRows({ a4X1: { opp: '006A', partner: globex, origin: 'Manual', role: 'Influenced', percent: 0, date: '2026-12-01' } });
    const p = plan(state, [match('001A', 'p1')], { partnerNames: names });
    expect(p.batches.map((b) => b.kind)).toEqual(['overlap', 'influence', 'primary']);
    expect(primaryWrites(p)).toEqual([['Opportunity', 'Id', [{ Id: '006A', Primary_Partner__c: acme.id }]]]);
    expect(p.counts).toMatchObject({ primarySet: 1, primaryClear: 0 });
    expect(plan(applied(state, p), [match('001A', 'p1')], { partnerNames: names }).batches).toEqual([]);
  });

  it('a Manual Sourced row makes its partner primary, over the Rule row and over a value an admin set', () => {
    const rule: InfluenceRowState = { opp: '006A', partner: acme.id, origin: 'Rule', role: 'Influenced', percent: 0, date: '2026-11-01' };
    const sourced: InfluenceRowState = { opp: '006A', partner: globex, origin: 'Manual', role: 'Sourced', percent: 0, date: '2026-11-20' };
    const bySync = withRows({ a4R: rule, a4M: sourced }, { '006A': { partner: acme.id, bySync: true } });
    expect(primaryWrites(plan(bySync, [], { partnerNames: names }))).toEqual([['Opportunity', 'Id', [{ Id: '006A', Primary_Partner__c: globex }]]]);
    // while the deal has influence rows the rule decides, whoever set the value
    const byAdmin = withRows({ a4R: rule, a4M: sourced }, { '006A': { partner: acme.id, bySync: false } });
    expect(plan(byAdmin, [], { partnerNames: names }).counts).toMatchObject({ primarySet: 1, primaryClear: 0 });
    // equal already: nothing
    expect(plan(withRows({ a4R: rule, a4M: sourced }, { '006A': { partner: globex, bySync: false } }), [], { partnerNames: names }).batches).toEqual([]);
  });

  it('clears a value the sync set when the last row is gone, never one an admin set on a deal without rows', () => {
    const state = withRows({}, { '006A': { partner: acme.id, bySync: true }, '006B': { partner: globex, bySync: false } });
    const p = plan(state, [], { ruleInfluence: false, partnerNames: names });
    expect(primaryWrites(p)).toEqual([['Opportunity', 'Id', [{ Id: '006A', Primary_Partner__c: null }]]]);
    expect(p.counts).toMatchObject({ primarySet: 0, primaryClear: 1 });
    expect(plan(applied(state, p), [], { ruleInfluence: false, partnerNames: names }).batches).toEqual([]);
  });

  it('writes through Bulk API above the threshold, by Id', () => {
    const rows = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a4${i}`, { opp: `006${String(i).padStart(2, '0')}`, partner: acme.id, percent: 0 }]));
    const p = plan({ ...emptyState(), influenceRows: rows }, [], { bulkThreshold: 20, partnerNames: names });
    expect(p.batches.map((b) => [b.kind, b.object, b.key, b.bulk, b.records.length])).toEqual([['primary', 'Opportunity', 'Id', true, 30]]);
  });
});
