import { detectSignals, kindOf, signalExternalId, type OverlapView } from '../../src/signals/detect';
import { Picklists, type Population } from '../../src/schema/dataModel';

const ALL = new Set(Picklists['Partner_Signal__c.Kind__c']);
const NOW = new Date('2026-12-07T10:00:00Z');

describe('kindOf', () => {
  it.each<[Population | undefined, Population | undefined, boolean, string | undefined]>([
    ['Prospect', 'Customer', false, 'Prospect_Became_Customer'],
    ['Lead', 'Customer', true, 'Prospect_Became_Customer'],
    ['Open Opportunity', 'Customer', false, 'Prospect_Became_Customer'],
    ['Prospect', 'Open Opportunity', true, 'Partner_Opened_Deal'],
    ['Prospect', 'Open Opportunity', false, undefined],
    ['Customer', 'Open Opportunity', true, undefined],
    [undefined, 'Prospect', true, 'New_Overlap_On_Open_Deal'],
    [undefined, 'Customer', false, undefined],
    ['Customer', undefined, true, 'Overlap_Lost_On_Open_Deal'],
    ['Customer', undefined, false, undefined],
    ['Customer', 'Prospect', true, undefined],
    ['Customer', 'Customer', true, undefined],
  ])('%s -> %s (open deal %s): %s', (from, to, open, kind) => {
    expect(kindOf(from, to, open)).toBe(kind);
  });
});

describe('detectSignals', () => {
  const o = (partnerId: string, accountId: string, population: Population, active = true): OverlapView => ({ partnerId, accountId, population, active });
  const base = {
    partners: [{ id: 'P1', externalId: 'orbit' }],
    openOpps: new Map([['001A', ['006A']]]),
    kinds: ALL,
    notify: true,
    now: NOW,
  };

  it('emits one signal per moved pair, with its key, deal and overlap; the same state again emits none', () => {
    const before = { 'orbit|001A|x': o('P1', '001A', 'Prospect'), 'orbit|001B|y': o('P1', '001B', 'Customer') };
    const after = { 'orbit|001A|x': o('P1', '001A', 'Customer'), 'orbit|001C|z': o('P1', '001C', 'Prospect') };
    const found = detectSignals({ ...base, before, after });
    expect(found.map((s) => [s.row.Kind__c, s.row.Account__c, s.row.Opportunity__c, s.row.External_Id__c, s.overlapRef, s.row.Notification_Status__c])).toEqual([
      ['Prospect_Became_Customer', '001A', '006A', 'orbit:001A:Prospect_Became_Customer:Prospect>Customer:2026-12-07', 'orbit|001A|x', 'Pending'],
    ]);
    expect(detectSignals({ ...base, before: after, after })).toEqual([]);
  });

  it('counts a pair by its best partner record, and treats a partner with no earlier overlap as the baseline', () => {
    const before = { a: o('P1', '001A', 'Customer'), b: o('P1', '001A', 'Prospect') };
    // the customer record went, a prospect record stays: the pair fell from Customer to Prospect, which is no signal
    expect(detectSignals({ ...base, before, after: { b: o('P1', '001A', 'Prospect') } })).toEqual([]);
    expect(detectSignals({ ...base, before: {}, after: { a: o('P1', '001A', 'Customer') } })).toEqual([]);
  });

  it('reports an overlap lost on an open deal, leaves out kinds that are off and partners not read this run', () => {
    const before = { a: o('P1', '001A', 'Customer'), q: o('P2', '001A', 'Prospect') };
    const lost = detectSignals({ ...base, before, after: {} });
    expect(lost.map((s) => [s.row.Kind__c, s.row.From_Population__c, s.row.To_Population__c])).toEqual([['Overlap_Lost_On_Open_Deal', 'Customer', null]]);
    expect(detectSignals({ ...base, before, after: {}, kinds: new Set(['Prospect_Became_Customer'] as const) })).toEqual([]);
    expect(detectSignals({ ...base, before, after: {}, notify: false })[0]?.row.Notification_Status__c).toBe('Off');
  });

  it('keys a move by partner, record, kind, populations and day', () => {
    expect(signalExternalId('orbit', '001A', 'Overlap_Lost_On_Open_Deal', 'Customer', undefined, NOW)).toBe('orbit:001A:Overlap_Lost_On_Open_Deal:Customer>:2026-12-07');
  });
});
