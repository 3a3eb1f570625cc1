import { readFileSync } from 'node:fs';
import path from 'node:path';
import { registrableDomain } from '../../src/match/domain.js';
import { formatScores, scorePairs, type LabelledPair } from '../../src/match/score.js';
import { domainToASCII } from 'node:url';

const dataDir = path.join(__dirname, 'data');
const pairs = JSON.parse(readFileSync(path.join(dataDir, 'pairs.json'), 'utf8')) as LabelledPair[];

describe('the labelled set (test/match/data/pairs.json)', () => {
  const scores = scorePairs(pairs);
  const overall = scores[scores.length - 1];

  it('has at least 300 pairs in every family of issue 18, true and false ones', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(300);
    expect(new Set(pairs.map((p) => p.family))).toEqual(
      new Set(['clean', 'duns', 'shared-host-profile', 'shared-hosting-tenant', 'private-suffix', 'placeholder', 'free-mail', 'cctld-name', 'transliteration', 'legal-form', 'display-name-email', 'psl-edge']),
    );
    expect(pairs.filter((p) => p.same).length).toBeGreaterThan(100);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThan(100);
  });

  it('scores precision >= 99% and recall >= 95% overall (printed per family)', () => {
    console.log(formatScores(scores));
    expect(overall?.family).toBe('overall');
    expect(overall?.pairs).toBe(pairs.length);
    expect(overall?.precision).toBeGreaterThanOrEqual(0.99);
    expect(overall?.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('counts a wrong answer as wrong: flipping every label drops both figures', () => {
    const flipped = scorePairs(pairs.map((p) => ({ ...p, same: !p.same })));
    const last = flipped[flipped.length - 1];
    expect(last?.precision).toBeLessThan(0.05);
    expect(last?.recall).toBeLessThan(0.05);
  });
});

/** checkPublicSuffix('input', 'expected') lines of the Public Suffix List's tests/test_psl.txt (null = no domain). */
function pslVectors(): [string | null, string | null][] {
  const text = readFileSync(path.join(dataDir, 'test_psl.txt'), 'utf8');
  const arg = (a: string): string | null => (a === 'null' ? null : a.slice(1, -1));
  return [...text.matchAll(/^checkPublicSuffix\(((?:'[^']*')|null), ((?:'[^']*')|null)\);$/gm)].map((m) => [arg(m[1] as string), arg(m[2] as string)]);
}

describe('the Public Suffix List test vectors (test/match/data/test_psl.txt)', () => {
  const vectors = pslVectors();

  it('reads every active vector of the file', () => {
    expect(vectors.length).toBe(readFileSync(path.join(dataDir, 'test_psl.txt'), 'utf8').split('\n').filter((l) => l.startsWith('checkPublicSuffix(')).length);
    expect(vectors.length).toBeGreaterThanOrEqual(78);
  });

  // we give IDNs as punycode (both spellings agree), so the expected value is compared in ASCII
  it.each(vectors)('%s -> %s', (input, expected) => {
    expect(registrableDomain(input) ?? null).toBe(expected === null ? null : domainToASCII(expected));
  });
});
