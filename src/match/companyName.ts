// Legal-form words dropped from the end of a name ("Acme GmbH" = "Acme Inc."); dotted forms
// ("S.A.", "L.L.C.") are joined before lookup, so only the undotted spelling is listed.
const LEGAL_SUFFIXES: ReadonlySet<string> = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc',
  'gmbh', 'mbh', 'ag', 'kg', 'ug', 'ev', 'sa', 'sas', 'sarl', 'sl', 'srl', 'spa', 'sca', 'bv', 'nv', 'vof',
  'ab', 'as', 'asa', 'oy', 'oyj', 'aps', 'pty', 'pte', 'pvt', 'ltda', 'se', 'kk', 'kft', 'zrt',
]);

/**
 * A company name reduced for the low-confidence name fallback: case, accents, punctuation, "&",
 * a leading "The" and trailing legal forms removed ("The Acme Company, Inc." -> "acme"). Undefined when
 * nothing distinctive is left. Two equal results mean "maybe the same company", never proof.
 */
export function normaliseCompanyName(input: string | null | undefined): string | undefined {
  if (input === null || input === undefined) return undefined;
  const words = input
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // "s.a." -> "sa", "l.l.c." -> "llc": dots between single letters are abbreviations, not word breaks
    .replace(/\b(\p{L})\.(?=\p{L}\b)/gu, '$1')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  if (words.length > 1 && words[0] === 'the') words.shift();
  // "GmbH & Co. KG": an "and" left before legal forms is part of the form
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] ?? '')) {
    words.pop();
    if (words.length > 1 && words[words.length - 1] === 'and') words.pop();
  }
  // "sp. z o.o." splits into sp / z / oo: drop the whole Polish form
  const joined = words.join(' ').replace(/ sp z oo$/, '');
  return joined === '' ? undefined : joined;
}
