// The tagger (force-app/.../partnerTagger/primaryPartner.js) sets Opportunity.Primary_Partner__c when a manager's
// tag changes who leads a deal; the sync keeps it by src/sync/plan.ts. Both must pick the same partner, or the
// next sync would undo the tagger's value. A table of rows, and random ones, through both.
import { primaryPartner } from '../../src/sync/plan';
import type { InfluenceRowState } from '../../src/sync/types';
import { primaryPartnerOf, type TaggerInfluenceRow as TaggerRow } from '../../force-app/main/default/lwc/partnerTagger/primaryPartner.js';

const names: Record<string, string> = { p1: 'Northwind', p2: 'contoso', p3: 'Contoso', p4: 'Fabrikam' };

function both(rows: TaggerRow[]): [string | null, string | null] {
  const sync: InfluenceRowState[] = rows.map((r) => {
    const date = (r.touchDate ?? r.createdDate)?.slice(0, 10);
    return { opp: 'o', partner: r.partnerId, role: r.role, percent: r.attribution ?? 0, ...(date !== undefined ? { date } : {}) };
  });
  return [primaryPartnerOf(rows), primaryPartner(sync, names) ?? null];
}

const row = (partnerId: string, role: string, attribution: number | null, touchDate?: string, createdDate?: string): TaggerRow => ({
  partnerId, partnerName: names[partnerId] ?? '', role, attribution, ...(touchDate ? { touchDate } : {}), ...(createdDate ? { createdDate } : {}),
});

describe('Primary Partner: the tagger and the sync agree', () => {
  it.each<[string, TaggerRow[], string | null]>([
    ['no rows', [], null],
    ['Sourced beats a larger Influenced share', [row('p1', 'Influenced', 80), row('p2', 'Sourced', 0)], 'p2'],
    ['the higher share among Sourced', [row('p1', 'Sourced', 10), row('p2', 'Sourced', 40)], 'p2'],
    ['blank counts as 0', [row('p1', 'Referral', null), row('p2', 'Referral', 1)], 'p2'],
    ['the earlier touch day', [row('p1', 'Co-sell', 20, '2026-03-02'), row('p2', 'Co-sell', 20, '2026-03-01')], 'p2'],
    ['CreatedDate when no touch date', [row('p1', 'Co-sell', 20, undefined, '2026-01-05T10:00:00.000Z'), row('p2', 'Co-sell', 20, '2026-02-01')], 'p1'],
    ['a dated row before an undated one', [row('p1', 'Co-sell', 20), row('p4', 'Co-sell', 20, '2026-02-01')], 'p4'],
    ['then the name, case-insensitively, then the Id', [row('p3', 'Reseller', 5), row('p2', 'Reseller', 5), row('p4', 'Reseller', 5)], 'p2'],
  ])('%s', (_name, rows, expected) => {
    expect(both(rows)).toEqual([expected, expected]);
  });

  it('on random rows', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const roles = ['Sourced', 'Influenced', 'Co-sell', 'Reseller', 'Referral'];
    const pcts = [null, 0, 10, 25, 25, 60];
    const days = [undefined, '2026-01-01', '2026-01-02'];
    for (let i = 0; i < 500; i++) {
      const rows = Array.from({ length: 1 + next(4) }, () =>
        row(`p${1 + next(4)}`, roles[next(roles.length)] ?? 'Sourced', pcts[next(pcts.length)] ?? null, days[next(days.length)], days[next(days.length)]),
      );
      const [tagger, sync] = both(rows);
      expect(tagger).toBe(sync);
    }
  });
});
