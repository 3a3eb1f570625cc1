/**
 * Dates, times and numbers in the user's locale and time zone (@salesforce/i18n), as Lightning's formatters write
 * them: the one format of every screen (template-less bundle, imported as 'c/localeFormat'). Kept apart from
 * c/ldsUtils, which node code (the CLI's tests) loads without the platform's modules.
 */
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import MEDIUM_DATE_FORMAT from '@salesforce/i18n/dateTime.mediumDateFormat';

/** The user's time zone (@salesforce/i18n/timeZone): every lightning-formatted-date-time of a date and time shows it. */
export const USER_TIME_ZONE = TIME_ZONE;

/**
 * The one date-and-time format of every screen: the attributes each lightning-formatted-date-time of a date and
 * time carries (year="numeric" month="short" day="numeric" hour="2-digit" minute="2-digit" time-zone={timeZone}),
 * and what formatDateTime() writes into a label ("Dec 7, 2026, 02:05 PM" in en-US, "7. Dez. 2026, 14:05" in de-DE).
 */
export const DATE_TIME_FORMAT = Object.freeze({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const MONTH = ['numeric', '2-digit', 'short', 'long', 'narrow'];

/** Intl options of a CLDR date pattern (dd.MM.yyyy, MMM d, yyyy), read the way lightning-formatted-date-time reads it. */
function dateOptionsOf(pattern) {
  const options = {};
  // quoted literals ('de') hold no fields
  for (const [token] of pattern.replace(/'[^']*'/g, '').matchAll(/y+|M+|L+|d+|E+/g)) {
    if (token[0] === 'y') options.year = token.length === 2 ? '2-digit' : 'numeric';
    else if (token[0] === 'M' || token[0] === 'L') options.month = MONTH[Math.min(token.length, 5) - 1];
    else if (token[0] === 'd') options.day = token.length === 2 ? '2-digit' : 'numeric';
    else options.weekday = token.length === 4 ? 'long' : token.length === 5 ? 'narrow' : 'short';
  }
  return options;
}

/**
 * A date and time (an ISO string, a timestamp or a Date) in DATE_TIME_FORMAT, in the user's locale and time zone:
 * the text a lightning-formatted-date-time with those attributes shows, for places only a string fits (a label's
 * {0}). Null or an unreadable value gives null.
 */
export function formatDateTime(value) {
  const date = value === null || value === undefined || value === '' ? null : new Date(value);
  if (!date || Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(LOCALE, { ...DATE_TIME_FORMAT, timeZone: TIME_ZONE }).format(date);
}

/**
 * A date field's value (2026-12-07) as lightning-formatted-date-time shows it with no format attributes and
 * time-zone="UTC": the user's medium date format in the user's locale ("Dec 7, 2026" in en-US, "07.12.2026" in
 * de-DE). Null or an unreadable value gives null.
 */
export function formatDate(value) {
  const text = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = text === null || text === undefined || text === '' ? null : new Date(text);
  if (!date || Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(LOCALE, { ...dateOptionsOf(MEDIUM_DATE_FORMAT), timeZone: 'UTC' }).format(date);
}

/** A number in the user's locale (Intl.NumberFormat options, as lightning-formatted-number takes them); null stays null. */
export function formatNumber(value, options = {}) {
  return typeof value === 'number' && Number.isFinite(value) ? new Intl.NumberFormat(LOCALE, options).format(value) : null;
}
