// Field values between SOQL and the UI API: SOQL literals for GraphQL filters, and the { value, displayValue }
// pair both the GraphQL and the record endpoints answer with (org locale en_US, time zone GMT).
import type { UiField } from './model.js';

const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);
const DATE_LITERAL = /^[A-Z_]+(:\d+)?$/;

/** An operand that does not fit its field's type: a ValidationError in the GraphQL response. */
export class FilterValueError extends Error {}

function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A date/datetime operand: { value: "2026-01-01" }, { literal: TODAY } or { range: { last_n_days: 30 } }. */
function dateOperand(field: UiField, operand: unknown): string {
  if (typeof operand === 'string') return operand;
  if (typeof operand === 'object' && operand !== null) {
    const o = operand as Record<string, unknown>;
    if (typeof o.value === 'string') return o.value;
    if (typeof o.literal === 'string' && DATE_LITERAL.test(o.literal)) return o.literal;
    if (typeof o.range === 'object' && o.range !== null) {
      const [name, n] = Object.entries(o.range)[0] ?? [];
      if (typeof name === 'string' && typeof n === 'number' && Number.isInteger(n)) return `${name.toUpperCase()}:${n}`;
    }
  }
  throw new FilterValueError(`Invalid ${field.type} value for ${field.name}: ${JSON.stringify(operand)}`);
}

/** The SOQL literal for a GraphQL filter operand on `field`. */
export function soqlLiteral(field: UiField, operand: unknown): string {
  if (operand === null || operand === undefined) return 'null';
  if (field.type === 'date' || field.type === 'datetime') return dateOperand(field, operand);
  if (field.type === 'boolean') {
    if (typeof operand !== 'boolean') throw new FilterValueError(`${field.name} takes true or false`);
    return String(operand);
  }
  if (NUMERIC.has(field.type)) {
    if (typeof operand !== 'number' || !Number.isFinite(operand)) throw new FilterValueError(`${field.name} takes a number`);
    return String(operand);
  }
  if (typeof operand !== 'string') throw new FilterValueError(`${field.name} takes a string`);
  return quoted(operand);
}

/** The raw `value` the UI API reports: datetimes in ISO UTC with "Z", everything else as SOQL returns it. */
export function uiValueOf(field: UiField, raw: unknown): unknown {
  if (raw === undefined) return null;
  if (field.type === 'datetime' && typeof raw === 'string') return new Date(raw.replace(/\+0000$/, 'Z')).toISOString();
  return raw;
}

const currency = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const dateFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit',
});

/**
 * The `displayValue`: set for values a user's locale changes (numbers, dates, picklist labels), null for text,
 * ids and booleans, and null whenever the value is null.
 */
export function displayValueOf(field: UiField, raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const scale = field.scale;
  switch (field.type) {
    case 'currency':
      return typeof raw === 'number' ? currency.format(raw) : null;
    case 'percent':
      return typeof raw === 'number' ? `${raw.toFixed(scale)}%` : null;
    case 'int':
    case 'double':
      return typeof raw === 'number' ? raw.toLocaleString('en-US', { minimumFractionDigits: scale, maximumFractionDigits: scale }) : null;
    case 'date':
      return typeof raw === 'string' ? dateFormat.format(new Date(`${raw.slice(0, 10)}T00:00:00Z`)) : null;
    case 'datetime':
      return typeof raw === 'string' ? dateTimeFormat.format(new Date(raw.replace(/\+0000$/, 'Z'))) : null;
    case 'picklist':
      return typeof raw === 'string' ? (field.picklist.find((p) => p.value === raw)?.label ?? raw) : null;
    default:
      return null;
  }
}
