import { matchOverlaps } from './matchOverlaps.js';
import type { MatchOptions, OurRecord, PartnerRecord } from './types.js';

/** One labelled pair: one of our records, one partner record, and whether they are one company. */
export interface LabelledPair {
  id: number;
  family: string;
  same: boolean;
  note?: string;
  ours: Pick<OurRecord, 'name' | 'website' | 'email' | 'duns'>;
  theirs: Pick<PartnerRecord, 'companyName' | 'domain' | 'email' | 'duns'> & { companyName?: string };
}

export interface FamilyScore {
  family: string;
  pairs: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** TP / (TP + FP); 1 when the family predicted no match at all (nothing claimed, nothing wrong). */
  precision: number;
  /** TP / (TP + FN); 1 when the family has no true pair. */
  recall: number;
  /** Ids of the pairs the matcher got wrong. */
  wrong: number[];
}

/** The options the labelled set is scored with: every method on, name fallback included. */
export const SCORING_OPTIONS: MatchOptions = { nameFallback: true, emailDomains: true, disputed: new Set() };

function ratio(hits: number, all: number): number {
  return all === 0 ? 1 : hits / all;
}

function summarise(family: string, rows: readonly { pair: LabelledPair; matched: boolean }[]): FamilyScore {
  const tp = rows.filter((r) => r.pair.same && r.matched).length;
  const fp = rows.filter((r) => !r.pair.same && r.matched).length;
  const fn = rows.filter((r) => r.pair.same && !r.matched).length;
  return {
    family,
    pairs: rows.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    wrong: rows.filter((r) => r.pair.same !== r.matched).map((r) => r.pair.id),
  };
}

/**
 * Runs matchOverlaps on each pair alone and scores it against the label: per family (in order of first
 * appearance) and overall (the last row, family "overall").
 */
export function scorePairs(pairs: readonly LabelledPair[], opts: MatchOptions = SCORING_OPTIONS): FamilyScore[] {
  const rows = pairs.map((pair) => {
    const ours: OurRecord = { id: `o${pair.id}`, object: pair.ours.email !== undefined && pair.ours.website === undefined ? 'Lead' : 'Account', population: 'Customer', ...pair.ours };
    const theirs: PartnerRecord = { partnerRecordId: `p${pair.id}`, population: 'Customer', ...pair.theirs, companyName: pair.theirs.companyName ?? '' };
    return { pair, matched: matchOverlaps([ours], [theirs], opts).length > 0 };
  });
  const families = [...new Set(pairs.map((p) => p.family))];
  return [...families.map((f) => summarise(f, rows.filter((r) => r.pair.family === f))), summarise('overall', rows)];
}

/** The scores as a fixed-width table, one family a line: what the scorer test and the bench print. */
export function formatScores(scores: readonly FamilyScore[]): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);
  const lines = [`${'family'.padEnd(22)} ${'pairs'.padStart(5)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}`];
  for (const s of scores) {
    lines.push(`${s.family.padEnd(22)} ${String(s.pairs).padStart(5)} ${String(s.truePositives).padStart(4)} ${String(s.falsePositives).padStart(4)} ${String(s.falseNegatives).padStart(4)} ${pct(s.precision).padStart(9)} ${pct(s.recall)}${s.wrong.length > 0 ? `  wrong: ${s.wrong.join(', ')}` : ''}`);
  }
  return lines.join('\n');
}
