import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bcp47Locale, i18nValues } from '../../src/preview/i18n';

const STUBS = path.join(__dirname, '..', '..', 'src', 'preview', 'node_modules', 'lightning-base-components', 'scopedImports');

/** The value lightning-base-components' stub of @salesforce/i18n/<key> exports (Salesforce's en-US value). */
function stubValue(key: string): unknown {
  const source = readFileSync(path.join(STUBS, `@salesforce-i18n-${key}.js`), 'utf8');
  const match = /export default (.*);/.exec(source);
  return JSON.parse(match?.[1] ?? 'null');
}

test("an en-US user gets exactly the values of Lightning's own en-US modules (patterns, separators, first day)", () => {
  const values = i18nValues({ locale: 'en_US', timeZone: 'America/Los_Angeles', currency: 'USD' });
  // every key the preview serves has an LBC stub, and an en-US user's value is that stub's
  for (const [key, value] of Object.entries(values)) expect([key, value]).toEqual([key, stubValue(key)]);
  expect(Object.keys(values)).toEqual(
    expect.arrayContaining(['locale', 'timeZone', 'currency', 'number.decimalSeparator', 'number.groupingSeparator', 'dateTime.mediumDateFormat']),
  );
});

test('a de_DE user in Berlin gets German separators, day-first date formats and a 24-hour clock', () => {
  expect(i18nValues({ locale: 'de_DE', timeZone: 'Europe/Berlin', currency: 'EUR' })).toEqual({
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    'number.decimalSeparator': ',',
    'number.groupingSeparator': '.',
    'number.currencySymbol': '€',
    'dateTime.shortDateFormat': 'dd.MM.yyyy',
    'dateTime.mediumDateFormat': 'dd.MM.yyyy',
    'dateTime.longDateFormat': 'd. MMMM yyyy',
    'dateTime.shortTimeFormat': 'HH:mm',
    'dateTime.mediumTimeFormat': 'HH:mm:ss',
    'dateTime.shortDateTimeFormat': 'dd.MM.yyyy HH:mm',
    'dateTime.mediumDateTimeFormat': 'dd.MM.yyyy HH:mm:ss',
    'dateTime.longDateTimeFormat': 'd. MMMM yyyy HH:mm:ss',
    firstDayOfWeek: 2,
  });
});

test("a literal with letters is quoted in a pattern, as in Spanish's long date", () => {
  expect(i18nValues({ locale: 'es_ES' })['dateTime.longDateFormat']).toBe("d' de 'MMMM' de 'yyyy");
});

test('Salesforce locale keys become BCP 47 tags; an unknown or empty one, or a bad zone or currency, falls back', () => {
  expect(bcp47Locale('de_DE')).toBe('de-DE');
  expect(bcp47Locale('en_GB')).toBe('en-GB');
  expect(bcp47Locale('fr-CA')).toBe('fr-CA');
  expect(bcp47Locale('sr_RS_LATN')).toBe('sr-Latn-RS');
  expect(bcp47Locale('xx_YY')).toBe('en-US');
  expect(bcp47Locale('')).toBe('en-US');
  expect(bcp47Locale(null)).toBe('en-US');
  const fallback = i18nValues({ locale: 'not a locale', timeZone: 'Mars/Olympus_Mons', currency: 'euros' });
  expect([fallback.locale, fallback.timeZone, fallback.currency]).toEqual(['en-US', 'GMT', 'USD']);
  expect(i18nValues().timeZone).toBe('GMT');
});
