import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { normaliseCompanyName } from '../match/companyName.js';
import { registrableDomain, websiteDomain } from '../match/domain.js';
import { normaliseDuns } from '../match/duns.js';
import { bareAddress, isEmailAddress } from '../match/email.js';
import type { PartnerRecord } from '../match/types.js';
import { Picklists, type Population } from '../schema/dataModel.js';
import { ErrorList, PartnerFileError } from './fileError.js';
import { definedOnly, mapColumns, readTable, requireColumns, validRows, type Table } from './table.js';

/** Header names accepted for each field, compared without case, spaces or punctuation; most specific first. */
export const PARTNER_FILE_COLUMNS = {
  partnerRecordId: ['partnerrecordid', 'recordid', 'externalid', 'crmid', 'accountid', 'companyid', 'id', 'key'],
  companyName: ['companyname', 'company', 'accountname', 'account', 'organizationname', 'organisationname', 'organization', 'organisation', 'name'],
  domain: ['website', 'websiteurl', 'companywebsite', 'domain', 'companydomain', 'emaildomain', 'url', 'web', 'site', 'homepage'],
  email: ['email', 'emailaddress', 'contactemail', 'leademail'],
  population: ['population', 'segment', 'relationship', 'list', 'status', 'type'],
  ownerName: ['ownername', 'accountownername', 'accountowner', 'owner', 'salesrep', 'rep'],
  ownerEmail: ['owneremail', 'accountowneremail', 'owneremailaddress', 'salesrepemail', 'repemail'],
  opportunityStage: ['opportunitystage', 'oppstage', 'dealstage', 'stage'],
  duns: ['duns', 'dunsnumber', 'dunsno'],
} as const;

type Field = keyof typeof PARTNER_FILE_COLUMNS;
const FIELDS = Object.keys(PARTNER_FILE_COLUMNS) as Field[];

/** The header partnerFile writes (shareExport) and documents: the first alias of each field reads back. */
export const PARTNER_FILE_HEADER: Readonly<Record<Field, string>> = {
  partnerRecordId: 'record_id',
  companyName: 'company_name',
  domain: 'website',
  email: 'email',
  population: 'population',
  ownerName: 'owner_name',
  ownerEmail: 'owner_email',
  opportunityStage: 'opportunity_stage',
  duns: 'duns',
};

// Spellings people use for the four populations, compared lower-case without spaces or punctuation.
const POPULATION_WORDS: Readonly<Record<Population, readonly string[]>> = {
  Customer: ['customer', 'customers', 'client', 'clients', 'cust', 'closedwon', 'won'],
  'Open Opportunity': ['openopportunity', 'openopportunities', 'openopp', 'openopps', 'opportunity', 'opportunities', 'opp', 'opps', 'pipeline', 'opendeal', 'opendeals', 'activeopportunity'],
  Prospect: ['prospect', 'prospects', 'target', 'targets', 'targetaccount', 'targetaccounts'],
  Lead: ['lead', 'leads', 'mql', 'mqls'],
};
const POPULATION_BY_WORD: ReadonlyMap<string, Population> = new Map(
  Picklists['Partner_Overlap__c.Partner_Population__c'].flatMap((population) => POPULATION_WORDS[population].map((word) => [word, population] as const)),
);
const POPULATION_RANK: ReadonlyMap<Population, number> = new Map(Picklists['Partner_Overlap__c.Partner_Population__c'].map((p, i) => [p, i]));

/** "customers", "Open Opp", "pipeline" -> a Population; undefined when the word is not one. */
export function parsePopulation(value: string): Population | undefined {
  return POPULATION_BY_WORD.get(value.toLowerCase().replace(/[^a-z]/g, ''));
}

// zod issue messages carry the message key; the PartnerFileError is built from it with the cell's value.
const text = z.string().transform((v) => (v === '' ? undefined : v));
const rowSchema = z.object({
  partnerRecordId: text,
  companyName: z.string().min(1, 'error.MissingValue'),
  domain: text.refine((v) => v === undefined || registrableDomain(v) !== undefined, 'error.BadDomain'),
  // "Jo <jo@acme.com>" is read as jo@acme.com: the record (and Partner_Owner_Email__c, an Email field) keeps the bare address
  email: text.refine((v) => v === undefined || isEmailAddress(v), 'error.BadEmail').transform((v) => (v === undefined ? undefined : bareAddress(v))),
  population: z.string().transform((v, ctx) => {
    const population = parsePopulation(v);
    if (population === undefined) ctx.addIssue({ code: 'custom', message: v === '' ? 'error.MissingValue' : 'error.BadPopulation' });
    return population as Population;
  }),
  ownerName: text,
  ownerEmail: text.refine((v) => v === undefined || isEmailAddress(v), 'error.BadEmail').transform((v) => (v === undefined ? undefined : bareAddress(v))),
  opportunityStage: text,
  duns: text.refine((v) => v === undefined || normaliseDuns(v) !== undefined, 'error.BadDuns').transform(normaliseDuns),
});

export interface PartnerFile {
  file: string;
  records: PartnerRecord[];
  /** Row errors, at most `maxErrors` of them; those rows are left out of `records`. */
  errors: PartnerFileError[];
  /** All row errors, including those past the cap. */
  errorCount: number;
  /** Data rows read (blank lines not counted). */
  rowCount: number;
  /** Rows dropped as repeats of an earlier row for the same company. */
  duplicateCount: number;
}

export interface ParseOptions {
  format?: 'csv' | 'json';
  /** Row errors kept for the report; counting goes on past it. */
  maxErrors?: number;
}

/**
 * A partner's shared populations from a CSV or JSON file drop. Row problems are collected (up to
 * maxErrors) and the row left out; missing required columns, or no valid row at all, fail the file.
 * Rows without a record id get one derived from the company's domain (else DUNS, e-mail, name), so it
 * stays the same from one file to the next; repeated rows for one company keep the most advanced population.
 */
export function parsePartnerFile(content: string, file: string, options: ParseOptions = {}): PartnerFile {
  const table = readTable(content, file, options.format);
  const columns = partnerColumns(table);
  const errors = new ErrorList(options.maxErrors ?? 100);
  table.errors.forEach((e) => errors.add(e));
  const kept = new Map<string, { record: PartnerRecord; line: number; derived: boolean }>();
  let duplicateCount = 0;

  for (const { line, data: v } of validRows(table, columns, FIELDS, rowSchema, errors)) {
    if (v.domain === undefined && v.duns === undefined && v.email === undefined) {
      errors.add(new PartnerFileError({ file, line, unit: table.unit }, 'error.NoMatchKey'));
      continue;
    }
    const record: PartnerRecord = {
      partnerRecordId: v.partnerRecordId ?? derivedRecordId(v),
      companyName: v.companyName,
      population: v.population,
      ...definedOnly({ domain: v.domain, email: v.email, ownerName: v.ownerName, ownerEmail: v.ownerEmail, opportunityStage: v.opportunityStage, duns: v.duns }),
    };
    const earlier = kept.get(record.partnerRecordId);
    if (earlier === undefined) {
      kept.set(record.partnerRecordId, { record, line, derived: v.partnerRecordId === undefined });
    } else if (earlier.derived || JSON.stringify(earlier.record) === JSON.stringify(record)) {
      duplicateCount++;
      if (rank(record.population) < rank(earlier.record.population)) earlier.record = record;
    } else {
      errors.add(new PartnerFileError({ file, line, unit: table.unit, field: columns.partnerRecordId }, 'error.DuplicateId', [record.partnerRecordId, earlier.line]));
    }
  }

  const records = [...kept.values()].map((k) => k.record);
  if (records.length === 0) {
    throw new PartnerFileError({ file }, 'error.NoValidRows', [errors.count, errors.errors[0]?.message ?? '-']);
  }
  return { file, records, errors: errors.errors, errorCount: errors.count, rowCount: table.rows.length + table.errors.length, duplicateCount };
}

/** Reads and parses a partner file from disk; the path is used as given in error messages. */
export async function readPartnerFile(path: string, options: ParseOptions = {}): Promise<PartnerFile> {
  return parsePartnerFile(await readFile(path, 'utf8'), path, options);
}

function rank(population: Population): number {
  return POPULATION_RANK.get(population) ?? Number.MAX_SAFE_INTEGER;
}

function partnerColumns(table: Table): Partial<Record<Field, string>> {
  const columns = mapColumns(table.columns, PARTNER_FILE_COLUMNS);
  const example = [PARTNER_FILE_HEADER.companyName, PARTNER_FILE_HEADER.domain, PARTNER_FILE_HEADER.population].join(',');
  requireColumns(table, columns, ['companyName', 'population'], PARTNER_FILE_HEADER, example);
  if (columns.domain === undefined && columns.duns === undefined && columns.email === undefined) {
    throw new PartnerFileError({ file: table.file }, 'error.NoKeyColumn', [table.columns.join(', ') || '-']);
  }
  return columns;
}

/**
 * The company a Website stands for, by the matcher's own websiteDomain: two LinkedIn pages are two
 * companies (their whole URLs tell them apart), not one "linkedin.com".
 */
function domainIdentity(domain: string): string {
  const key = websiteDomain(domain);
  return 'domain' in key ? key.domain : domain.trim().toLowerCase();
}

/** A stable id for a row that has none: the same company gets the same id in every file. */
function derivedRecordId(row: { domain?: string; duns?: string; email?: string; companyName: string }): string {
  const identity =
    (row.domain !== undefined ? `domain:${domainIdentity(row.domain)}` : undefined) ??
    (row.duns !== undefined ? `duns:${row.duns}` : undefined) ??
    (row.email !== undefined ? `email:${row.email.toLowerCase()}` : undefined) ??
    `name:${normaliseCompanyName(row.companyName) ?? row.companyName}`;
  return `row-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}
