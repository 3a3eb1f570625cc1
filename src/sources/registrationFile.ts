import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { normaliseDuns } from '../match/duns.js';
import { registrableDomain } from '../match/domain.js';
import { bareAddress, isEmailAddress } from '../match/email.js';
import { normaliseCompanyName } from '../match/companyName.js';
import { ErrorList, PartnerFileError } from './fileError.js';
import type { ParseOptions } from './partnerFile.js';
import { parseReferralDate } from './referralFile.js';
import { definedOnly, mapColumns, readTable, requireColumns, validRows } from './table.js';

/** A deal a partner registers with us (docs/registrations.md): becomes a Partner_Registration__c. */
export interface Registration {
  /** The partner's id for the registration (its idempotency key), or one derived from the company's identity. */
  registrationId: string;
  company: string;
  /** The company's website or domain, as given. */
  domain?: string;
  duns?: string;
  contactName?: string;
  contactEmail?: string;
  estimatedAmount?: number;
  /** YYYY-MM-DD. */
  expectedCloseDate?: string;
  notes?: string;
}

export const REGISTRATION_FILE_COLUMNS = {
  registrationId: ['registrationid', 'dealregistrationid', 'dealid', 'externalid', 'id'],
  company: ['company', 'companyname', 'accountname', 'account', 'organization', 'organisation', 'customer'],
  domain: ['domain', 'website', 'companywebsite', 'url'],
  duns: ['duns', 'dunsnumber', 'dunsno'],
  contactName: ['contactname', 'fullname', 'contact', 'name'],
  contactEmail: ['contactemail', 'email', 'emailaddress', 'workemail'],
  estimatedAmount: ['estimatedamount', 'amount', 'dealsize', 'dealvalue', 'value'],
  expectedCloseDate: ['expectedclosedate', 'expectedclose', 'closedate'],
  notes: ['notes', 'products', 'product', 'comments', 'description'],
} as const;

type Field = keyof typeof REGISTRATION_FILE_COLUMNS;
const FIELDS = Object.keys(REGISTRATION_FILE_COLUMNS) as Field[];

export const REGISTRATION_FILE_HEADER: Readonly<Record<Field, string>> = {
  registrationId: 'registration_id',
  company: 'company',
  domain: 'domain',
  duns: 'duns',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  estimatedAmount: 'estimated_amount',
  expectedCloseDate: 'expected_close_date',
  notes: 'notes',
};

/** "$120,000.50", "120000", "EUR 12 500" -> a number; undefined when the text is not an amount. */
export function parseAmount(value: string): number | undefined {
  const v = value.trim().replace(/^[A-Z]{3}\s*|^[$€£¥]\s*|\s*[A-Z]{3}$|\s*[$€£¥]$/g, '').replace(/[\s,']/g, '');
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  return Number(v);
}

const text = z.string().transform((v) => (v.trim() === '' ? undefined : v.trim()));
/** One registration's fields; issue messages are message keys (messages/sources.md). */
export const registrationSchema = z.object({
  registrationId: text,
  company: z.string().trim().min(1, 'error.MissingValue'),
  domain: text.refine((v) => v === undefined || registrableDomain(v) !== undefined, 'error.BadDomain'),
  duns: text.refine((v) => v === undefined || normaliseDuns(v) !== undefined, 'error.BadDuns').transform((v) => normaliseDuns(v)),
  contactName: text,
  contactEmail: text
    .refine((v) => v === undefined || isEmailAddress(v), 'error.BadEmail')
    .transform((v) => (v === undefined ? undefined : bareAddress(v))),
  estimatedAmount: text.refine((v) => v === undefined || parseAmount(v) !== undefined, 'error.BadAmount').transform((v) => (v === undefined ? undefined : parseAmount(v))),
  expectedCloseDate: text.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const date = parseReferralDate(v);
    if (date === 'invalid' || date === 'ambiguous') {
      ctx.addIssue({ code: 'custom', message: date === 'ambiguous' ? 'error.AmbiguousDate' : 'error.BadDate' });
      return undefined;
    }
    return date;
  }),
  notes: text,
});

export type RegistrationFields = z.output<typeof registrationSchema>;

/** Fields as parsed -> a Registration; without an id, one derived from what identifies the company. */
export function toRegistration(v: RegistrationFields): Registration {
  const registration: Registration = {
    registrationId: v.registrationId ?? derivedRegistrationId(v),
    company: v.company,
    ...definedOnly({ domain: v.domain, duns: v.duns, contactName: v.contactName, contactEmail: v.contactEmail, expectedCloseDate: v.expectedCloseDate, notes: v.notes }),
  };
  if (v.estimatedAmount !== undefined) registration.estimatedAmount = v.estimatedAmount;
  return registration;
}

export interface RegistrationFile {
  file: string;
  registrations: Registration[];
  errors: PartnerFileError[];
  errorCount: number;
  rowCount: number;
  duplicateCount: number;
}

/** A partner's deal registrations from CSV or JSON, with the same error handling as partner files. */
export function parseRegistrationFile(content: string, file: string, options: ParseOptions = {}): RegistrationFile {
  const table = readTable(content, file, options.format);
  const columns = mapColumns(table.columns, REGISTRATION_FILE_COLUMNS);
  requireColumns(table, columns, ['company'], REGISTRATION_FILE_HEADER, 'registration_id,company,domain,contact_email,estimated_amount');
  const errors = new ErrorList(options.maxErrors ?? 100);
  table.errors.forEach((e) => errors.add(e));
  const kept = new Map<string, { registration: Registration; line: number }>();
  let duplicateCount = 0;
  for (const { line, data } of validRows(table, columns, FIELDS, registrationSchema, errors)) {
    const registration = toRegistration(data);
    const earlier = kept.get(registration.registrationId);
    if (earlier === undefined) kept.set(registration.registrationId, { registration, line });
    else if (JSON.stringify(earlier.registration) === JSON.stringify(registration) || data.registrationId === undefined) duplicateCount++;
    else errors.add(new PartnerFileError({ file, line, unit: table.unit, field: columns.registrationId }, 'error.DuplicateId', [registration.registrationId, earlier.line]));
  }
  const registrations = [...kept.values()].map((k) => k.registration);
  if (registrations.length === 0) throw new PartnerFileError({ file }, 'error.NoValidRows', [errors.count, errors.errors[0]?.message ?? '-']);
  return { file, registrations, errors: errors.errors, errorCount: errors.count, rowCount: table.rows.length + table.errors.length, duplicateCount };
}

export async function readRegistrationFile(path: string, options: ParseOptions = {}): Promise<RegistrationFile> {
  return parseRegistrationFile(await readFile(path, 'utf8'), path, options);
}

/** The same company (by DUNS, domain, e-mail domain or name) in every export of the partner: one registration. */
function derivedRegistrationId(v: RegistrationFields): string {
  const identity = v.duns ?? (v.domain !== undefined ? registrableDomain(v.domain) : undefined) ?? v.contactEmail?.toLowerCase() ?? normaliseCompanyName(v.company) ?? v.company.toLowerCase();
  return `reg-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}
