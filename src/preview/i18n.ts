// The user's locale as the components see it: the values of the @salesforce/i18n modules (locale, timeZone,
// currency, the date and number formats) for the org user the preview is signed in as. Lightning serves these from
// the user's settings; the preview derives them from the user's LocaleSidKey and TimeZoneSidKey with Intl (the same
// CLDR data Lightning's formats come from), so lightning-formatted-date-time and -number follow the user too.

/** The user's settings the preview reads: Salesforce's own keys (en_US, Europe/Berlin) or BCP 47 tags. */
export interface UserLocale {
  /** LocaleSidKey (de_DE) or a BCP 47 tag (de-DE); en-US when absent or unknown. */
  locale?: string | null;
  /** TimeZoneSidKey, an IANA zone (Europe/Berlin); GMT when absent or unknown. */
  timeZone?: string | null;
  /** ISO 4217 code of the user's currency; USD when absent or unknown. */
  currency?: string | null;
}

/** The @salesforce/i18n module values the preview serves, keyed by module name without the prefix (dateTime.shortDateFormat). */
export type I18nValues = Record<string, string | number>;

export const DEFAULT_LOCALE = 'en-US';
export const DEFAULT_TIME_ZONE = 'GMT';
export const DEFAULT_CURRENCY = 'USD';

/** A Salesforce locale key as a BCP 47 tag Intl knows (de_DE -> de-DE, sr_RS_LATN -> sr-Latn-RS...), or en-US. */
export function bcp47Locale(key: string | null | undefined): string {
  if (!key) return DEFAULT_LOCALE;
  const [language, ...rest] = key.replace(/-/g, '_').split('_');
  const script = rest.find((p) => /^[A-Za-z]{4}$/.test(p));
  const region = rest.find((p) => /^([A-Za-z]{2}|\d{3})$/.test(p));
  const tag = [language, script, region].filter(Boolean).join('-');
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical === undefined) return DEFAULT_LOCALE;
    // a tag Intl has no data for falls back to its default locale: that is not the user's, so en-US
    const supported = Intl.DateTimeFormat.supportedLocalesOf([canonical]);
    return supported.length > 0 ? canonical : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

function validTimeZone(zone: string | null | undefined): string {
  if (!zone) return DEFAULT_TIME_ZONE;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone ? zone : DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

function validCurrency(code: string | null | undefined): string {
  if (!code || !/^[A-Za-z]{3}$/.test(code)) return DEFAULT_CURRENCY;
  return code.toUpperCase();
}

// 5 January 2026, 09:05:09: one-digit month, day and hour, so a pattern's MM/dd/HH show as a leading zero
const SAMPLE = new Date(Date.UTC(2026, 0, 5, 9, 5, 9));

/** Quotes a literal holding letters (de 'de' in es-ES), as Java/CLDR patterns do; other literals stay as they are. */
function literal(text: string): string {
  const plain = text.replace(/[\u202f\u00a0]/g, ' ');
  return /[A-Za-z]/.test(plain) ? `'${plain.replace(/'/g, "''")}'` : plain;
}

/** The CLDR pattern of one of Intl's date or time styles, with a four-digit year as Salesforce writes its formats. */
function patternOf(locale: string, options: Intl.DateTimeFormatOptions): string {
  const format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  const h24 = ['h23', 'h24'].includes(format.resolvedOptions().hourCycle ?? '');
  const longMonth = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(SAMPLE);
  return format
    .formatToParts(SAMPLE)
    .map(({ type, value }) => {
      const two = value.length === 2 && value.startsWith('0');
      switch (type) {
        case 'year':
          return 'yyyy';
        case 'month':
          return /^\d+$/.test(value) ? (two ? 'MM' : 'M') : value === longMonth ? 'MMMM' : 'MMM';
        case 'day':
          return two ? 'dd' : 'd';
        case 'hour':
          return (h24 ? 'H' : 'h').repeat(two ? 2 : 1);
        case 'minute':
          return 'mm';
        case 'second':
          return 'ss';
        case 'dayPeriod':
          return 'a';
        case 'weekday':
          return value.length > 3 ? 'EEEE' : 'EEE';
        case 'era':
          return 'G';
        default:
          return literal(value);
      }
    })
    .join('');
}

function numberPart(locale: string, options: Intl.NumberFormatOptions, value: number, type: Intl.NumberFormatPartTypes): string | undefined {
  return new Intl.NumberFormat(locale, options).formatToParts(value).find((p) => p.type === type)?.value;
}

/**
 * The @salesforce/i18n values for a user: the ones a component or Lightning's formatters read to format (locale,
 * timeZone, currency, separators, date and time formats, first day of week). Modules not listed keep
 * lightning-base-components' defaults (the language, calendar data, digits, number patterns only its Aura
 * fallback reads).
 */
export function i18nValues(user: UserLocale = {}): I18nValues {
  const locale = bcp47Locale(user.locale);
  const currency = validCurrency(user.currency);
  const date = (dateStyle: 'short' | 'medium' | 'long'): string => patternOf(locale, { dateStyle });
  const time = (timeStyle: 'short' | 'medium'): string => patternOf(locale, { timeStyle });
  const week = (new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number } }).getWeekInfo?.();
  return {
    locale,
    timeZone: validTimeZone(user.timeZone),
    currency,
    'number.decimalSeparator': numberPart(locale, {}, 1.5, 'decimal') ?? '.',
    'number.groupingSeparator': numberPart(locale, {}, 1234567, 'group') ?? ',',
    'number.currencySymbol': numberPart(locale, { style: 'currency', currency }, 1, 'currency') ?? currency,
    'dateTime.shortDateFormat': date('short'),
    'dateTime.mediumDateFormat': date('medium'),
    'dateTime.longDateFormat': date('long'),
    'dateTime.shortTimeFormat': time('short'),
    'dateTime.mediumTimeFormat': time('medium'),
    'dateTime.shortDateTimeFormat': `${date('short')} ${time('short')}`,
    'dateTime.mediumDateTimeFormat': `${date('medium')} ${time('medium')}`,
    'dateTime.longDateTimeFormat': `${date('long')} ${time('medium')}`,
    // Salesforce counts days from Sunday = 1; Intl from Monday = 1 to Sunday = 7
    ...(week ? { firstDayOfWeek: (week.firstDay % 7) + 1 } : {}),
  };
}
