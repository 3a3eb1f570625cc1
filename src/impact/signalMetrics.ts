// Partner signals in `partnerlens report`: how many were acted on (Acknowledged or Intro requested) and how the deals
// they were on ended, against the deals of signals nobody acted on. Read with one query, validated with zod.
import { z } from 'zod';
import type { OrgClient } from '../org/client.js';
import { Partner, PartnerSignal as S, relationshipOf } from '../schema/dataModel.js';

export interface DealOutcomes {
  /** Distinct opportunities with such a signal that have closed, and of them won. */
  closed: number;
  won: number;
  /** won / closed; null below one closed deal. */
  winRate: number | null;
}

export interface SignalFigures {
  total: number;
  acknowledged: number;
  introRequested: number;
  dismissed: number;
  /** Acknowledged + Intro requested. */
  actedOn: number;
  actedOnDeals: DealOutcomes;
  /** Deals whose signals were all left New or Dismissed. */
  otherDeals: DealOutcomes;
}

export interface SignalImpact {
  overall: SignalFigures;
  partners: (SignalFigures & { partnerId: string; partnerName: string })[];
}

const PARTNER_REL = relationshipOf(S.Partner);
const OPP_REL = relationshipOf(S.Opportunity);

/** One signal as the metrics read it. */
export interface SignalImpactRow {
  partnerId: string;
  partnerName: string;
  status: string;
  opportunityId: string | null;
  /** The deal's outcome; null without a deal. */
  deal: { closed: boolean; won: boolean } | null;
}

const queryRow = z.record(z.string(), z.unknown()).transform((r, ctx): SignalImpactRow => {
  const partner = z.string().min(15).safeParse(r[S.Partner]);
  if (!partner.success) {
    ctx.addIssue({ code: 'custom', message: `${S.apiName} row without ${S.Partner}` });
    return z.NEVER;
  }
  const name = z.object({ [Partner.Name]: z.string() }).safeParse(r[PARTNER_REL]);
  const deal = z.object({ IsClosed: z.boolean(), IsWon: z.boolean() }).safeParse(r[OPP_REL]);
  return {
    partnerId: partner.data,
    partnerName: name.success ? String(name.data[Partner.Name]) : partner.data,
    status: typeof r[S.Status] === 'string' ? (r[S.Status] as string) : 'New',
    opportunityId: typeof r[S.Opportunity] === 'string' ? (r[S.Opportunity] as string) : null,
    deal: deal.success ? { closed: deal.data.IsClosed, won: deal.data.IsWon } : null,
  };
});

const ACTED = new Set(['Acknowledged', 'Intro_Requested']);

function outcomes(deals: Map<string, { closed: boolean; won: boolean }>): DealOutcomes {
  const closed = [...deals.values()].filter((d) => d.closed);
  const won = closed.filter((d) => d.won).length;
  return { closed: closed.length, won, winRate: closed.length === 0 ? null : won / closed.length };
}

/** The figures of some signals: a deal counts once, as acted on when any of its signals was. Pure. */
export function signalFigures(rows: readonly SignalImpactRow[]): SignalFigures {
  const acted = new Map<string, { closed: boolean; won: boolean }>();
  const other = new Map<string, { closed: boolean; won: boolean }>();
  for (const r of rows) {
    if (r.opportunityId === null || r.deal === null) continue;
    (ACTED.has(r.status) ? acted : other).set(r.opportunityId, r.deal);
  }
  for (const opp of acted.keys()) other.delete(opp);
  const count = (s: string): number => rows.filter((r) => r.status === s).length;
  return {
    total: rows.length, acknowledged: count('Acknowledged'), introRequested: count('Intro_Requested'), dismissed: count('Dismissed'),
    actedOn: rows.filter((r) => ACTED.has(r.status)).length, actedOnDeals: outcomes(acted), otherDeals: outcomes(other),
  };
}

export function signalImpact(rows: readonly SignalImpactRow[], partnerId: string | null): SignalImpact {
  const mine = rows.filter((r) => partnerId === null || r.partnerId === partnerId);
  const byPartner = new Map<string, SignalImpactRow[]>();
  for (const r of mine) byPartner.set(r.partnerId, [...(byPartner.get(r.partnerId) ?? []), r]);
  const partners = [...byPartner.entries()].map(([id, list]) => ({ partnerId: id, partnerName: list[0]?.partnerName ?? id, ...signalFigures(list) }));
  return { overall: signalFigures(mine), partners: partners.sort((a, b) => a.partnerName.localeCompare(b.partnerName)) };
}

/** Signals detected in the range (inclusive YYYY-MM-DD bounds), with their deal's outcome. */
export async function readSignalRows(client: OrgClient, range: { from?: string; to?: string }): Promise<SignalImpactRow[]> {
  const where = [
    ...(range.from !== undefined ? [`${S.DetectedAt} >= ${range.from}T00:00:00Z`] : []),
    ...(range.to !== undefined ? [`${S.DetectedAt} <= ${range.to}T23:59:59Z`] : []),
  ];
  const rows = await client.query(
    `SELECT ${S.Partner}, ${S.Status}, ${S.Opportunity}, ${PARTNER_REL}.${Partner.Name}, ${OPP_REL}.IsClosed, ${OPP_REL}.IsWon FROM ${S.apiName}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`,
  );
  return rows.map((r) => queryRow.parse(r));
}
