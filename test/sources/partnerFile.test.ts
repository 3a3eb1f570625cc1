import { registrableDomain } from '../../src/match/domain.js';
import { isPartnerFileError, PartnerFileError } from '../../src/sources/fileError.js';
import { parsePartnerFile, parsePopulation } from '../../src/sources/partnerFile.js';

function failure(fn: () => unknown): PartnerFileError {
  try {
    fn();
  } catch (error) {
    if (isPartnerFileError(error)) return error;
    throw error;
  }
  throw new Error('expected a PartnerFileError');
}

describe('parsePopulation', () => {
  it.each([
    ['Customer', 'Customer'],
    ['customers', 'Customer'],
    ['CLIENTS', 'Customer'],
    ['Open Opportunity', 'Open Opportunity'],
    ['open opp', 'Open Opportunity'],
    ['open_opps', 'Open Opportunity'],
    ['Pipeline', 'Open Opportunity'],
    ['prospects', 'Prospect'],
    ['Target Accounts', 'Prospect'],
    ['Leads', 'Lead'],
    ['Custmer', undefined],
    ['', undefined],
  ])('%j -> %s', (input, expected) => {
    expect(parsePopulation(input)).toBe(expected);
  });
});

describe('parsePartnerFile', () => {
  it('reads display-name e-mails as their bare address', () => {
    const csv = 'company_name,email,population,owner_email\nAcme,"Jo Bloggs <jo@acme.com>",Customer,"Sam Reed <sam@partner.io>"\n';
    expect(parsePartnerFile(csv, 'p.csv').records).toEqual([expect.objectContaining({ email: 'jo@acme.com', ownerEmail: 'sam@partner.io' })]);
  });

  it('keeps rows whose website is a LinkedIn page, each its own company (derived ids differ)', () => {
    const csv = 'company_name,website,population\nAcme,https://www.linkedin.com/company/acme,Customer\nBeta,https://www.linkedin.com/company/beta,Customer\n';
    const result = parsePartnerFile(csv, 'p.csv');
    expect(result).toMatchObject({ errorCount: 0, duplicateCount: 0 });
    expect(result.records.map((r) => r.companyName)).toEqual(['Acme', 'Beta']);
    expect(result.records[0]?.partnerRecordId).not.toBe(result.records[1]?.partnerRecordId);
  });

  it('reads a plain CSV with the documented header', () => {
    const csv = 'record_id,company_name,website,population,owner_name,owner_email,opportunity_stage,duns\nA-1,Acme Inc,www.acme.com,Customer,Sam Reed,sam@partner.io,,12-345-6789\nA-2,Beta,beta.io,open opp,,,Negotiation,\n';
    const result = parsePartnerFile(csv, 'partners/p.csv');
    expect(result.records).toEqual([
      { partnerRecordId: 'A-1', companyName: 'Acme Inc', domain: 'www.acme.com', population: 'Customer', ownerName: 'Sam Reed', ownerEmail: 'sam@partner.io', duns: '123456789' },
      { partnerRecordId: 'A-2', companyName: 'Beta', domain: 'beta.io', population: 'Open Opportunity', opportunityStage: 'Negotiation' },
    ]);
    expect(result).toMatchObject({ errors: [], errorCount: 0, rowCount: 2, duplicateCount: 0 });
  });

  it.each([
    ['semicolon', 'Company;Website;Population\n"Acme; Inc";acme.com;Customer\n'],
    ['tab', 'Company\tWebsite\tPopulation\nAcme; Inc\tacme.com\tCustomer\n'],
    ['pipe', 'Company|Website|Population\nAcme; Inc|acme.com|Customer\n'],
    ['comma with BOM and CRLF', '\uFEFFCompany,Website,Population\r\n"Acme; Inc",acme.com,Customer\r\n'],
  ])('sniffs the delimiter: %s', (_name, csv) => {
    const { records } = parsePartnerFile(csv, 'p.csv');
    expect(records.map((r) => [r.companyName, r.domain, r.population])).toEqual([['Acme; Inc', 'acme.com', 'Customer']]);
  });

  it.each([
    ['Company Name', 'Domain', 'Segment'],
    ['company_name', 'URL', 'Population'],
    ['Account Name', 'Company Website', 'type'],
    ['ORGANIZATION', 'website_url', 'relationship'],
  ])('accepts header %s / %s / %s', (company, website, population) => {
    const { records } = parsePartnerFile(`${company},${website},${population}\nAcme,acme.com,customers\n`, 'p.csv');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ companyName: 'Acme', domain: 'acme.com', population: 'Customer' });
  });

  it('keeps quoted commas, quotes and line breaks and reports the first line of a multi-line row', () => {
    const csv = 'company,website,population\n"Acme, ""The"" Co","acme.com",Customer\n"Multi\nLine Ltd",multi.com,Customer\nBad,multi2.com,Custmer\n';
    const result = parsePartnerFile(csv, 'p.csv');
    expect(result.records.map((r) => r.companyName)).toEqual(['Acme, "The" Co', 'Multi\nLine Ltd']);
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([[5, 'population']]);
  });

  it('says where each row error is and how to fix it, and keeps the good rows', () => {
    const csv = [
      'company,website,population,duns,owner_email',
      'Acme,acme.com,Customer,,',
      '',
      'Bad Pop,bad.com,Custmer,,',
      'No Site,localhost,Prospect,,',
      ',nameless.com,Lead,,',
      'Bad Duns,duns.com,Lead,1234,',
      'Bad Owner,owner.com,Lead,,not-an-email',
      'No Key,,Lead,,',
      'Too,many,cells,here,x,y',
    ].join('\n');
    const result = parsePartnerFile(csv, 'partners/acme.csv');
    expect(result.records.map((r) => r.companyName)).toEqual(['Acme']);
    expect(result.errors.map((e) => e.message)).toEqual([
      'partners/acme.csv line 10: has 6 cells but the header has 5. Wrap values that contain the delimiter in double quotes, or remove the extra delimiters.',
      "partners/acme.csv line 4, field population: 'Custmer' is not a population. Use one of Customer, Open Opportunity, Prospect, Lead.",
      "partners/acme.csv line 5, field website: 'localhost' is not a website or domain. Give the company's public website or domain (e.g. acme.com), or leave it empty.",
      'partners/acme.csv line 6, field company: is empty. Give a value: every row needs one in this column.',
      "partners/acme.csv line 7, field duns: '1234' is not a DUNS number. Give the 9-digit D-U-N-S number (dashes and spaces are fine), or leave it empty.",
      "partners/acme.csv line 8, field owner_email: 'not-an-email' is not an e-mail address. Give an address like name@company.com.",
      'partners/acme.csv line 9: has no website, domain, DUNS or e-mail to match on. Fill at least one of them; a company name alone is not enough.',
    ]);
    expect(result.errors[1]).toMatchObject({ file: 'partners/acme.csv', line: 4, field: 'population', action: 'Use one of Customer, Open Opportunity, Prospect, Lead.' });
    expect(result.errorCount).toBe(7);
    expect(result.rowCount).toBe(8);
  });

  it('reports an empty population as missing, once', () => {
    const result = parsePartnerFile('company,website,population\nAcme,acme.com,Customer\nBeta,beta.io,\n', 'p.csv');
    expect(result.errors.map((e) => e.message)).toEqual(['p.csv line 3, field population: is empty. Give a value: every row needs one in this column.']);
  });

  it('caps the errors it keeps but counts them all', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `C${i},c${i}.com,Nope`);
    const csv = ['company,website,population', 'Good,good.com,Customer', ...rows].join('\n');
    const result = parsePartnerFile(csv, 'p.csv', { maxErrors: 5 });
    expect(result.errors).toHaveLength(5);
    expect(result.errorCount).toBe(30);
    expect(result.records).toHaveLength(1);
  });

  it('fails the whole file when required columns are missing, naming what it found', () => {
    const error = failure(() => parsePartnerFile('company,website\nAcme,acme.com\n', 'partners/x.csv'));
    expect(error.message).toBe('partners/x.csv: has no column for population (columns found: company, website). Name the columns on the first line, e.g. company_name,website,population.');
    expect(error.line).toBeUndefined();
  });

  it('fails the whole file when no column can be matched on', () => {
    expect(failure(() => parsePartnerFile('company,population\nAcme,Customer\n', 'x.csv')).message).toMatch(/no column to match companies on/);
  });

  it('fails the whole file when no row is valid, quoting the first problem', () => {
    const error = failure(() => parsePartnerFile('company,website,population\nAcme,acme.com,Nope\n', 'x.csv'));
    expect(error.message).toMatch(/^x\.csv: has no valid rows: 1 row\(s\) had errors\. First: x\.csv line 2, field population/);
  });

  it('fails an empty file and unreadable CSV', () => {
    expect(failure(() => parsePartnerFile('', 'x.csv')).message).toMatch(/has no header row/);
    expect(failure(() => parsePartnerFile('company,website,population\n"Acme,acme.com,Customer\n', 'x.csv')).message).toMatch(/cannot be read as CSV/);
  });

  it('derives the same record id for the same company from file to file', () => {
    const first = parsePartnerFile('company,website,population\nAcme,www.acme.com,Prospect\nBeta,beta.io,Lead\n', 'a.csv');
    const second = parsePartnerFile('company,website,population\nBeta Inc,https://beta.io/,Customer\nAcme Corp,acme.com/about,Customer\n', 'b.csv');
    const ids = (r: typeof first) => Object.fromEntries(r.records.map((x) => [registrableDomain(x.domain), x.partnerRecordId]));
    expect(ids(first)).toEqual(ids(second));
    expect(first.records[0]?.partnerRecordId).toMatch(/^row-[0-9a-f]{16}$/);
    expect(first.records[0]?.partnerRecordId).not.toBe(first.records[1]?.partnerRecordId);
  });

  it('drops repeated rows for one company, keeping the most advanced population', () => {
    const csv = 'company,website,population\nAcme,acme.com,Prospect\nACME,WWW.ACME.COM,Customer\nAcme,acme.com,Prospect\n';
    const result = parsePartnerFile(csv, 'p.csv');
    expect(result.records).toEqual([{ partnerRecordId: expect.stringMatching(/^row-/) as unknown as string, companyName: 'ACME', domain: 'WWW.ACME.COM', population: 'Customer' }]);
    expect(result.duplicateCount).toBe(2);
  });

  it('drops exact repeats of an id but reports one id used for two companies', () => {
    const csv = 'id,company,website,population\n1,Acme,acme.com,Customer\n1,Acme,acme.com,Customer\n1,Beta,beta.io,Customer\n';
    const result = parsePartnerFile(csv, 'p.csv');
    expect(result.records.map((r) => r.companyName)).toEqual(['Acme']);
    expect(result.duplicateCount).toBe(1);
    expect(result.errors.map((e) => e.message)).toEqual(["p.csv line 4, field id: record id '1' is already used on line 2 for a different company. Give every row its own record id, or remove the duplicate row."]);
  });

  it('reads JSON arrays and {records: [...]} with the same rules, numbering records', () => {
    const json = JSON.stringify({ records: [{ Company: 'Acme', Domain: 'acme.com', Population: 'pipeline', DUNS: 123456789 }, { Company: 'Bad', Domain: 'bad.com', Population: 'Nope' }] });
    const result = parsePartnerFile(json, 'partners/p.json');
    expect(result.records).toEqual([{ partnerRecordId: expect.stringMatching(/^row-/) as unknown as string, companyName: 'Acme', domain: 'acme.com', population: 'Open Opportunity', duns: '123456789' }]);
    expect(result.errors.map((e) => e.message)).toEqual(["partners/p.json record 2, field Population: 'Nope' is not a population. Use one of Customer, Open Opportunity, Prospect, Lead."]);
    expect(parsePartnerFile(JSON.stringify([{ company: 'A', website: 'a.com', population: 'Lead' }]), 'no-extension').records).toHaveLength(1);
  });

  it('fails JSON that is not a list of records', () => {
    expect(failure(() => parsePartnerFile('{"a": 1}', 'p.json')).message).toMatch(/is not a list of records/);
    expect(failure(() => parsePartnerFile('[1, 2]', 'p.json')).message).toMatch(/^p\.json record 1: is not a list of records/);
    expect(failure(() => parsePartnerFile('[{"a": ', 'p.json')).message).toMatch(/is not valid JSON/);
  });
});
