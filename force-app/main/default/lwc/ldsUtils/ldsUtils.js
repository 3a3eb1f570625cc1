/**
 * Shared helpers for Lightning Data Service results (template-less bundle, imported as 'c/ldsUtils').
 */
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import MEDIUM_DATE_FORMAT from '@salesforce/i18n/dateTime.mediumDateFormat';

function messagesOf(error) {
  const body = error.body;
  // UI API read errors: [{ errorCode, message }]
  if (Array.isArray(body)) {
    return body.map((e) => e.message);
  }
  if (body && typeof body === 'object') {
    const found = [];
    if (Array.isArray(body.pageErrors)) found.push(...body.pageErrors.map((e) => e.message));
    if (body.fieldErrors)
      found.push(
        ...Object.values(body.fieldErrors)
          .flat()
          .map((e) => e.message),
      );
    // UI API DML errors ("Error with Output"): page-level and field-level record exceptions
    if (body.output) {
      found.push(...(body.output.errors ?? []).map((e) => e.message));
      found.push(
        ...Object.values(body.output.fieldErrors ?? {})
          .flat()
          .map((e) => e.message),
      );
    }
    if (found.length > 0) return found;
    if (typeof body.message === 'string') return [body.message];
  }
  // JS errors and GraphQL errors ({ message, locations, paths, extensions })
  if (typeof error.message === 'string') return [error.message];
  return [error.statusText];
}

/**
 * Reduces one or more LDS or GraphQL errors into a list of messages.
 * @param {object|object[]} errors a FetchResponse-like error, a GraphQL errors array, or a JS Error
 * @return {string[]}
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  return list
    .filter((error) => !!error)
    .flatMap(messagesOf)
    .filter((message) => typeof message === 'string' && message.length > 0);
}

/**
 * Field-level messages of a UI API DML error, keyed by field API name.
 * @return {Object<string, string>}
 */
export function fieldErrorsOf(error) {
  const fieldErrors = error?.body?.output?.fieldErrors ?? {};
  const result = {};
  for (const [field, errors] of Object.entries(fieldErrors)) {
    result[field] = errors.map((e) => e.message).join(' ');
  }
  return result;
}

/** The nodes of a GraphQL connection (`{ edges: [{ node }] }`), or [] when absent. */
export function nodesOf(connection) {
  return connection?.edges?.map((edge) => edge.node) ?? [];
}

/** The raw value of a GraphQL field value object (`{ value, displayValue }`), or null. */
export function valueOf(field) {
  return field?.value ?? null;
}

/** The display value of a GraphQL field value object, falling back to its raw value. */
export function displayOf(field) {
  return field?.displayValue ?? field?.value ?? null;
}

/**
 * Whether an overlap matched by a normalised company name alone (Match_Method__c = Name): no domain or DUNS
 * behind it, so the components flag it for the rep to judge.
 */
export function isLowConfidenceMatch(matchMethodField) {
  return valueOf(matchMethodField) === 'Name';
}

/** Fills `{0}`, `{1}`... placeholders of a custom label. */
export function formatLabel(label, ...args) {
  return label.replace(/\{(\d+)\}/g, (match, index) => (index < args.length ? `${args[index]}` : match));
}

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
