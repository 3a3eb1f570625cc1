import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { registrableDomain } from '../match/domain.js';
import { bareAddress, isEmailAddress } from '../match/email.js';
import { ErrorList, PartnerFileError } from './fileError.js';
import type { ParseOptions } from './partnerFile.js';
import { definedOnly, mapColumns, readTable, requireColumns, validRows } from './table.js';

/** A lead a partner registered with us: becomes (or flags) a Partner_Sourced__c Lead. */
export interface Referral {
  /** The partner's id for the referral, or one derived from e-mail and date; stored in Partner_Referral_Id__c. */
  referralId: string;
  company: string;
  email: string;
  firstName?: string;
  lastName: string;
  /** YYYY-MM-DD, as the partner dated it. */
  referralDate: string;
  website?: string;
  notes?: string;
}

export const REFERRAL_FILE_COLUMNS = {
  referralId: ['referralid', 'registrationid', 'dealregistrationid', 'externalid', 'id'],
  company: ['company', 'companyname', 'accountname', 'account', 'organization', 'organisation'],
  email: ['email', 'contactemail', 'emailaddress', 'workemail'],
  firstName: ['firstname', 'contactfirstname', 'givenname', 'first'],
  lastName: ['lastname', 'contactlastname', 'surname', 'familyname', 'last'],
  fullName: ['contactname', 'fullname', 'name', 'contact'],
  referralDate: ['referraldate', 'date', 'registrationdate', 'registereddate', 'submitteddate', 'submitted', 'createddate', 'created'],
  website: ['website', 'companywebsite', 'domain', 'url'],
  notes: ['notes', 'note', 'comments', 'comment', 'description'],
} as const;

type Field = keyof typeof REFERRAL_FILE_COLUMNS;
const FIELDS = Object.keys(REFERRAL_FILE_COLUMNS) as Field[];

export const REFERRAL_FILE_HEADER: Readonly<Record<Field, string>> = {
  referralId: 'referral_id',
  company: 'company',
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  fullName: 'contact_name',
  referralDate: 'referral_date',
  website: 'website',
  notes: 'notes',
};

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * A date as written in partner exports -> YYYY-MM-DD: ISO (time ignored), 2026/03/14, 14 Mar 2026,
 * March 14, 2026, 14.03.2026 (dots are day-first by convention), and 14/03/2026 or 03/14/2026 only
 * when the day is over 12. 'ambiguous' when day and month could swap; 'invalid' when not a real date.
 */
export function parseReferralDate(value: string): string | 'ambiguous' | 'invalid' {
  const v = value.trim().toLowerCase();
  let m: RegExpMatchArray | null;
  if ((m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[t ].*)?$/.exec(v))) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v))) return isoDate(+m[3]!, +m[2]!, +m[1]!);
  if ((m = /^(\d{1,2})[-\s]([a-z]{3,})\.?,?[-\s](\d{4})$/.exec(v))) return isoDate(+m[3]!, monthOf(m[2]!), +m[1]!);
  if ((m = /^([a-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(v))) return isoDate(+m[3]!, monthOf(m[1]!), +m[2]!);
  if ((m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(v))) {
    const [a, b, year] = [+m[1]!, +m[2]!, +m[3]!];
    if (a > 12 && b <= 12) return isoDate(year, b, a);
    if (b > 12 && a <= 12) return isoDate(year, a, b);
    if (a > 12 || b > 12) return 'invalid';
    return a === b ? isoDate(year, a, b) : 'ambiguous';
  }
  return 'invalid';
}

function monthOf(name: string): number {
  // "mar", "march" and "sept" name a month; "marc" does not
  const index = MONTH_NAMES.findIndex((full) => name === full || name === full.slice(0, 3) || (name === 'sept' && full === 'september'));
  return index + 1;
}

function isoDate(year: number, month: number, day: number): string | 'invalid' {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || month < 1 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'invalid';
  return date.toISOString().slice(0, 10);
}

const text = z.string().transform((v) => (v === '' ? undefined : v));
const rowSchema = z
  .object({
    referralId: text,
    company: z.string().min(1, 'error.MissingValue'),
    email: z.string().transform((v, ctx) => {
      if (!isEmailAddress(v)) ctx.addIssue({ code: 'custom', message: v === '' ? 'error.MissingValue' : 'error.BadEmail' });
      // "Jo <jo@acme.com>" is read as jo@acme.com: Lead.Email holds the bare address
      return bareAddress(v);
    }),
    firstName: text,
    lastName: text,
    fullName: text,
    referralDate: z.string().transform((v, ctx) => {
      const date = parseReferralDate(v);
      if (date === 'invalid' || date === 'ambiguous' || v === '') {
        ctx.addIssue({ code: 'custom', message: v === '' ? 'error.MissingValue' : date === 'ambiguous' ? 'error.AmbiguousDate' : 'error.BadDate' });
      }
      return date;
    }),
    website: text.refine((v) => v === undefined || registrableDomain(v) !== undefined, 'error.BadDomain'),
    notes: text,
  })
  .check((ctx) => {
    // a Lead needs a last name: from its column, else the last word of a full-name column
    if (ctx.value.lastName === undefined && ctx.value.fullName === undefined) {
      ctx.issues.push({ code: 'custom', message: 'error.MissingValue', path: ['lastName'], input: ctx.value });
    }
  });

export interface ReferralFile {
  file: string;
  referrals: Referral[];
  errors: PartnerFileError[];
  errorCount: number;
  rowCount: number;
  duplicateCount: number;
}

/** A partner's registered referrals from CSV or JSON, with the same error handling as partner files. */
export function parseReferralFile(content: string, file: string, options: ParseOptions = {}): ReferralFile {
  const table = readTable(content, file, options.format);
  const columns = mapColumns(table.columns, REFERRAL_FILE_COLUMNS);
  const nameColumn = columns.lastName !== undefined ? 'lastName' : 'fullName';
  const example = ['company', 'email', 'first_name', 'last_name', 'referral_date'].join(',');
  requireColumns(table, columns, ['company', 'email', nameColumn, 'referralDate'], REFERRAL_FILE_HEADER, example);
  const errors = new ErrorList(options.maxErrors ?? 100);
  table.errors.forEach((e) => errors.add(e));
  const kept = new Map<string, { referral: Referral; line: number }>();
  let duplicateCount = 0;

  for (const { line, data: v } of validRows(table, columns, FIELDS, rowSchema, errors)) {
    const email = v.email.trim();
    const { firstName, lastName } = splitName(v);
    const referral: Referral = {
      referralId: v.referralId ?? derivedReferralId(email, v.referralDate),
      company: v.company,
      email,
      lastName,
      referralDate: v.referralDate,
      ...definedOnly({ firstName, website: v.website, notes: v.notes }),
    };
    const earlier = kept.get(referral.referralId);
    if (earlier === undefined) kept.set(referral.referralId, { referral, line });
    else if (JSON.stringify(earlier.referral) === JSON.stringify(referral) || v.referralId === undefined) duplicateCount++;
    else errors.add(new PartnerFileError({ file, line, unit: table.unit, field: columns.referralId }, 'error.DuplicateId', [referral.referralId, earlier.line]));
  }

  const referrals = [...kept.values()].map((k) => k.referral);
  if (referrals.length === 0) throw new PartnerFileError({ file }, 'error.NoValidRows', [errors.count, errors.errors[0]?.message ?? '-']);
  return { file, referrals, errors: errors.errors, errorCount: errors.count, rowCount: table.rows.length + table.errors.length, duplicateCount };
}

export async function readReferralFile(path: string, options: ParseOptions = {}): Promise<ReferralFile> {
  return parseReferralFile(await readFile(path, 'utf8'), path, options);
}

function splitName(v: { firstName?: string; lastName?: string; fullName?: string }): { firstName?: string; lastName: string } {
  if (v.lastName !== undefined) return { firstName: v.firstName, lastName: v.lastName };
  const words = (v.fullName ?? '').split(/\s+/);
  const lastName = words.pop() ?? '';
  return { firstName: v.firstName ?? (words.length > 0 ? words.join(' ') : undefined), lastName };
}

/** The same contact referred on the same day is the same referral in every export. */
function derivedReferralId(email: string, date: string): string {
  return `ref-${createHash('sha256').update(`${email.toLowerCase()}|${date}`).digest('hex').slice(0, 16)}`;
}
