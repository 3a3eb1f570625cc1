// Legal-form words dropped from the end of a name ("Acme GmbH" = "Acme Inc."); dotted forms
// ("S.A.", "L.L.C.") and slashed ones ("A/S") are joined before lookup, so only the plain spelling is listed.
const LEGAL_SUFFIXES: ReadonlySet<string> = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc',
  'gmbh', 'mbh', 'ag', 'kg', 'ug', 'ev', 'sa', 'sas', 'sarl', 'sl', 'srl', 'spa', 'sca', 'bv', 'nv', 'vof',
  'ab', 'as', 'asa', 'oy', 'oyj', 'aps', 'pty', 'pte', 'pvt', 'ltda', 'se', 'kk', 'kft', 'zrt',
  // written out: Aktiengesellschaft = AG, Kommanditgesellschaft = KG, Proprietary Limited = Pty Ltd
  'aktiengesellschaft', 'kommanditgesellschaft', 'proprietary',
]);

/**
 * Letters NFKD does not decompose, so stripping accents leaves them as they are: spelled the way
 * people type them on an English keyboard ("Ørsted" = "Orsted", "Łódź" = "Lodz", "Straße" = "Strasse").
 */
const TRANSLITERATION: ReadonlyMap<string, string> = new Map([
  ['ø', 'o'], ['ł', 'l'], ['ß', 'ss'], ['đ', 'd'], ['ð', 'd'], ['þ', 'th'], ['æ', 'ae'], ['œ', 'oe'], ['ı', 'i'], ['ħ', 'h'],
]);
const TRANSLITERATE = new RegExp(`[${[...TRANSLITERATION.keys()].join('')}]`, 'gu');

/**
 * Values people put in a company name field when there is no company, compared after normalisation:
 * two records sharing one are not one company.
 */
const PLACEHOLDER_NAMES: ReadonlyMap<string, string> = new Map([
  ['na', 'N/A'],
  ['n a', 'N A'],
  ['none', 'none'],
  ['null', 'a database null printed as text'],
  ['unknown', 'unknown'],
  ['not provided', "Salesforce Web-to-Lead's default Company: [not provided]"],
  ['not applicable', 'not applicable'],
  ['individual', 'a person, not a company'],
  ['self employed', 'a person, not a company'],
  ['selfemployed', 'a person, not a company'],
  ['private', 'a person, not a company'],
  ['test', 'test data'],
]);

/**
 * A company name reduced for the low-confidence name fallback: case, accents (and ø, ł, ß), punctuation,
 * "&", a leading "The" and trailing legal forms removed ("The Acme Company, Inc." -> "acme"). Undefined
 * when nothing distinctive is left: empty, a placeholder (N/A, Unknown, [not provided], Individual,
 * Self-employed) or a bare legal form ("Inc."). Two equal results mean "maybe the same company", never proof.
 */
export function normaliseCompanyName(input: string | null | undefined): string | undefined {
  if (input === null || input === undefined) return undefined;
  const words = input
    .toLowerCase()
    .replace(TRANSLITERATE, (c) => TRANSLITERATION.get(c) ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/&/g, ' and ')
    // "s.a." -> "sa", "l.l.c." -> "llc", "a/s" -> "as": dots and slashes between single letters are abbreviations
    .replace(/\b(\p{L})[./](?=\p{L}\b)/gu, '$1')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  // a bare legal form ("Inc.", "GmbH & Co. KG") is no company's name
  if (words.some((w) => LEGAL_SUFFIXES.has(w)) && words.every((w) => LEGAL_SUFFIXES.has(w) || w === 'and')) return undefined;
  if (words.length > 1 && words[0] === 'the') words.shift();
  // "GmbH & Co. KG": an "and" left before legal forms is part of the form
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] ?? '')) {
    words.pop();
    if (words.length > 1 && words[words.length - 1] === 'and') words.pop();
  }
  // "sp. z o.o." splits into sp / z / oo: drop the whole Polish form
  const joined = words.join(' ').replace(/ sp z oo$/, '');
  if (joined === '' || PLACEHOLDER_NAMES.has(joined)) return undefined;
  return joined;
}
