import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLocalConfig } from '../../src/config/localConfig';
import { DEMO_DEFAULTS } from '../../src/demo/generateDemoData';
import { runImpactReport } from '../../src/impact/report';
import { OrgClient } from '../../src/org/client';
import { connectionFor, resolveTarget } from '../../src/org/connection';
import { runDemo, type RunningDemo } from '../../src/usecases/demo';
import { syncFromConfig } from '../../src/sync/fromConfig';
import { kindOf } from '../../src/signals/detect';
import type { Population } from '../../src/schema/dataModel';

const RANK: Population[] = ['Customer', 'Open Opportunity', 'Prospect', 'Lead'];

// Integration: `partnerlens demo` end to end (local org on a file, seeding, files on disk, a real sync over
// REST), checked against what the generator planted, not against what the matcher returns.
jest.setTimeout(120_000);

describe('the demo synced into the local org', () => {
  let demo: RunningDemo;
  const cwd = mkdtempSync(path.join(tmpdir(), 'pldemo-'));
  beforeAll(async () => {
    demo = await runDemo({ cwd, accounts: 1500, seed: 7, today: DEMO_DEFAULTS.today });
  });
  afterAll(async () => demo?.stop());

  const refOf = (): Map<string, string> => new Map([...demo.ids].map(([ref, id]) => [id, ref]));

  it('creates exactly the planted overlaps: record x partner x population, method and key', () => {
    const refs = refOf();
    const rows = demo.org.store.query(
      'SELECT Account__c, Lead__c, Partner__c, Our_Population__c, Partner_Population__c, Match_Method__c, Match_Key__c, Partner_Company_Name__c, Partner_Record_Id__c FROM Partner_Overlap__c WHERE Active__c = true',
    ).records;
    const actual = rows.map((r) => {
      const expectedHasId = demo.data.expected.overlaps.some((o) => o.partnerRecordId !== undefined && o.partnerRecordId === r.Partner_Record_Id__c);
      return [refs.get(String(r.Partner__c)), refs.get(String(r.Account__c ?? r.Lead__c)), r.Account__c ? 'Account' : 'Lead', r.Our_Population__c, r.Partner_Population__c, r.Match_Method__c, r.Match_Key__c, r.Partner_Company_Name__c, expectedHasId ? r.Partner_Record_Id__c : undefined].join(' | ');
    });
    // the demo's second sync read each partner's next-week file, which moved a few prospects
    const moved = new Map(demo.data.expected.nextWeekMoves.map((m) => [`${m.partnerRef}|${m.ourRef}`, m.to]));
    const expected = demo.data.expected.overlaps.map((o) =>
      [o.partnerRef, o.ourRef, o.ourObject, o.ourPopulation, (o.partnerPopulation === 'Prospect' ? moved.get(`${o.partnerRef}|${o.ourRef}`) : undefined) ?? o.partnerPopulation, o.method, o.key, o.partnerCompanyName, o.partnerRecordId].join(' | '),
    );
    expect(expected.length).toBeGreaterThan(300);
    expect(actual.sort()).toEqual(expected.sort());
    expect(demo.result.overlaps.reduce((n, o) => n + o.overlaps, 0)).toBe(expected.length);
  });

  it('flags exactly the referred leads and creates a lead for each other referral, never for a decoy', () => {
    const refs = refOf();
    const partnerId = (ref: string): string | undefined => demo.ids.get(ref);
    const seededSourced = new Set(demo.data.objects.find((o) => o.object === 'Lead')?.records.filter((l) => l.values.Partner_Sourced__c === true).map((l) => l.ref));
    const sourced = demo.org.store.query('SELECT Id, Email, Source_Partner__c, Partner_Referral_Id__c, LeadSource FROM Lead WHERE Partner_Sourced__c = true').records;
    const flagged = sourced.filter((l) => l.Partner_Referral_Id__c === null && !seededSourced.has(refs.get(String(l.Id)) ?? ''));
    const created = sourced.filter((l) => l.Partner_Referral_Id__c !== null);
    const want = demo.data.expected.referrals;
    expect(want.filter((r) => r.by === 'domain').length).toBeGreaterThan(0);
    expect(flagged.map((l) => `${refs.get(String(l.Id))} ${String(l.Source_Partner__c)}`).sort()).toEqual(
      want.filter((r) => r.outcome === 'flag-existing').map((r) => `${r.leadRef} ${partnerId(r.partnerRef)}`).sort(),
    );
    expect(created.map((l) => `${String(l.Email).toLowerCase()} ${String(l.Source_Partner__c)} ${String(l.LeadSource)}`).sort()).toEqual(
      want.filter((r) => r.outcome === 'create-lead').map((r) => `${r.email.toLowerCase()} ${partnerId(r.partnerRef)} Partner Referral`).sort(),
    );
    expect(demo.result.sourcedLeads).toEqual({ flagged: flagged.length, created: created.length });
    const byEmail = new Map(demo.result.sync.referrals.outcomes.map((o) => [o.email.toLowerCase(), o]));
    for (const r of want.filter((x) => x.by !== undefined)) expect(byEmail.get(r.email.toLowerCase())?.by).toBe(r.by);
  });

  it('the week-later sync records one partner signal per planted move that is news, on the right account', () => {
    const refs = refOf();
    const best = (list: Population[]): Population | undefined => list.sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b))[0];
    const openAccounts = new Set(demo.org.store.query('SELECT AccountId FROM Opportunity WHERE IsClosed = false').records.map((r) => refs.get(String(r.AccountId))));
    const want = demo.data.expected.nextWeekMoves.flatMap((m) => {
      const pair = demo.data.expected.overlaps.filter((o) => o.partnerRef === m.partnerRef && o.ourRef === m.ourRef);
      const before = best(pair.map((o) => o.partnerPopulation));
      const after = best([...pair.filter((o) => o.partnerPopulation !== 'Prospect').map((o) => o.partnerPopulation), m.to]);
      const kind = kindOf(before, after, openAccounts.has(m.ourRef));
      return kind === undefined ? [] : [`${m.partnerRef} ${m.ourRef} ${kind} ${before}>${after}`];
    });
    const got = demo.org.store.query('SELECT Partner__c, Account__c, Kind__c, From_Population__c, To_Population__c FROM Partner_Signal__c').records.map(
      (r) => `${refs.get(String(r.Partner__c))} ${refs.get(String(r.Account__c))} ${String(r.Kind__c)} ${String(r.From_Population__c)}>${String(r.To_Population__c)}`,
    );
    expect(want.length).toBeGreaterThan(5);
    expect(got.sort()).toEqual(want.sort());
    expect(demo.result.nextWeek.sync.signals?.detected).toBe(want.length);
  });

  it('reports every malformed file row with its file, line and field, and the errors CSV lists them', () => {
    const failures = demo.result.sync.failures.map((f) => `${path.relative(demo.result.dataDir, f.key)} ${f.fields}`);
    const expected = demo.data.expected.fileErrors.map((e) => `${e.path}:${e.line} ${e.field ?? ''}`);
    expect(failures.sort()).toEqual(expected.sort());
    const csv = readFileSync(demo.result.sync.errorsCsv ?? '', 'utf8');
    for (const e of demo.data.expected.fileErrors) expect(csv).toContain(`${e.path}:${e.line}`);
  });

  it("the impact report on the demo org (what `partnerlens demo` prints) shows the planted lift and the sync's overlaps", async () => {
    const report = await runImpactReport(new OrgClient(connectionFor(demo.org.instanceUrl, demo.org.accessToken)));
    const { lift, leads, sourced } = report.overall;
    expect(lift.withPartner.closed).toBeGreaterThan(50);
    expect(lift.winRateLift).toBeGreaterThan(0.05);
    expect(leads.partnerSourced.rate).toBeGreaterThan(leads.ordinary.rate ?? 1);
    expect(sourced.revenue).toBeGreaterThan(0);
    // its overlap map, summed over the partner's populations, is the demo's "overlaps per partner and our population"
    const byOurs = report.partners.flatMap((p) => {
      const sums = new Map<string, number>();
      for (const [pair, n] of Object.entries(p.overlaps.pairs)) {
        const ours = pair.slice(0, pair.indexOf('|'));
        sums.set(ours, (sums.get(ours) ?? 0) + n);
      }
      return [...sums].map(([population, n]) => `${p.name} ${population} ${n}`);
    });
    expect(byOurs.sort()).toEqual(demo.result.overlaps.filter((o) => o.overlaps > 0).map((o) => `${o.partner} ${o.population} ${o.overlaps}`).sort());
  });

  it('a second sync of the demo writes nothing and costs at most 5 API calls', async () => {
    const before = demo.org.apiUsage().used;
    const second = await syncFromConfig({
      cwd,
      // as `partnerlens sync --config .partnerlens/demo/partnerlens.config.json` finds the running demo org
      target: await resolveTarget(cwd, undefined),
      config: loadLocalConfig(cwd, demo.result.configFile),
    });
    expect(second.mode).toBe('Incremental');
    expect(second.counts).toMatchObject({ created: 0, updated: 0, deactivated: 0 });
    expect(second.referrals).toMatchObject({ flagged: 0, created: 0 });
    expect(demo.org.apiUsage().used - before).toBeLessThanOrEqual(5);
  });
});
