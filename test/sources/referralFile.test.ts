import { isPartnerFileError } from '../../src/sources/fileError.js';
import { parseReferralDate, parseReferralFile } from '../../src/sources/referralFile.js';

describe('parseReferralDate', () => {
  it.each([
    ['2026-03-14', '2026-03-14'],
    ['2026-3-4', '2026-03-04'],
    ['2026-03-14T09:30:00Z', '2026-03-14'],
    ['2026-03-14 09:30', '2026-03-14'],
    ['2026/03/14', '2026-03-14'],
    ['14.03.2026', '2026-03-14'],
    ['14 Mar 2026', '2026-03-14'],
    ['14-Mar-2026', '2026-03-14'],
    ['14 March 2026', '2026-03-14'],
    ['March 14, 2026', '2026-03-14'],
    ['Sept 4 2026', '2026-09-04'],
    ['14/03/2026', '2026-03-14'],
    ['03/14/2026', '2026-03-14'],
    ['05/05/2026', '2026-05-05'],
    ['03/04/2026', 'ambiguous'],
    ['4-3-2026', 'ambiguous'],
    ['2026-02-30', 'invalid'],
    ['13/14/2026', 'invalid'],
    ['14 Marc 2026', 'invalid'],
    ['03/04/26', 'invalid'],
    ['yesterday', 'invalid'],
    ['', 'invalid'],
  ])('%j -> %s', (input, expected) => {
    expect(parseReferralDate(input)).toBe(expected);
  });
});

describe('parseReferralFile', () => {
  it('reads referrals with flexible headers, deriving ids and splitting full names', () => {
    const csv = [
      'Company,Contact Name,Email,Date,Website,Notes',
      'Acme,Jane van Dyke,jane@acme.com,2026-03-14,acme.com,"Wants a demo, soon"',
      'Beta,Raj,raj@beta.io,14 Mar 2026,,',
    ].join('\n');
    const result = parseReferralFile(csv, 'referrals/p.csv');
    expect(result.referrals).toEqual([
      { referralId: expect.stringMatching(/^ref-[0-9a-f]{16}$/) as unknown as string, company: 'Acme', email: 'jane@acme.com', firstName: 'Jane van', lastName: 'Dyke', referralDate: '2026-03-14', website: 'acme.com', notes: 'Wants a demo, soon' },
      { referralId: expect.stringMatching(/^ref-/) as unknown as string, company: 'Beta', email: 'raj@beta.io', lastName: 'Raj', referralDate: '2026-03-14' },
    ]);
    const again = parseReferralFile(csv, 'referrals/p.csv');
    expect(again.referrals.map((r) => r.referralId)).toEqual(result.referrals.map((r) => r.referralId));
  });

  it('reads a display-name e-mail as its bare address', () => {
    const csv = 'referral_id,company,last_name,email,referral_date\nR-1,Acme,Bloggs,"Jo Bloggs <jo@acme.com>",2026-01-02\n';
    expect(parseReferralFile(csv, 'r.csv').referrals.map((r) => r.email)).toEqual(['jo@acme.com']);
  });

  it('keeps given ids and first/last name columns, and free-mail contacts', () => {
    const csv = 'referral_id,company,first_name,last_name,email,referral_date\nR-9,Solo,Sam,Lee,sam.lee@gmail.com,2026-01-02\n';
    expect(parseReferralFile(csv, 'r.csv').referrals).toEqual([{ referralId: 'R-9', company: 'Solo', firstName: 'Sam', lastName: 'Lee', email: 'sam.lee@gmail.com', referralDate: '2026-01-02' }]);
  });

  it('reports each bad row with where and how to fix it', () => {
    const csv = [
      'referral_id,company,first_name,last_name,email,referral_date',
      'R1,Acme,Jane,Doe,jane@acme.com,2026-03-14',
      'R2,Acme,Jo,Doe,jo@acme.com,03/04/2026',
      'R3,Acme,Al,,al@acme.com,2026-03-14',
      'R4,Acme,Bo,Doe,not mail,2026-03-14',
      'R5,Acme,Cy,Doe,cy@acme.com,2026-02-30',
      'R1,Other,Di,Doe,di@other.com,2026-03-14',
      'R1,Acme,Jane,Doe,jane@acme.com,2026-03-14',
    ].join('\n');
    const result = parseReferralFile(csv, 'referrals/acme.csv');
    expect(result.referrals.map((r) => r.referralId)).toEqual(['R1']);
    expect(result.duplicateCount).toBe(1);
    expect(result.errors.map((e) => [e.line, e.field, e.message.replace(/^[^:]*: /, '')])).toEqual([
      [3, 'referral_date', "'03/04/2026' could be day-first or month-first. Use YYYY-MM-DD (e.g. 2026-03-14) so the date cannot be misread."],
      [4, 'last_name', 'is empty. Give a value: every row needs one in this column.'],
      [5, 'email', "'not mail' is not an e-mail address. Give an address like name@company.com."],
      [6, 'referral_date', "'2026-02-30' is not a date. Use YYYY-MM-DD (e.g. 2026-03-14)."],
      [7, 'referral_id', "record id 'R1' is already used on line 2 for a different company. Give every row its own record id, or remove the duplicate row."],
    ]);
  });

  it('fails files missing required columns', () => {
    let error: unknown;
    try {
      parseReferralFile('company,email\nAcme,jane@acme.com\n', 'r.csv');
    } catch (e) {
      error = e;
    }
    expect(isPartnerFileError(error) && error.message).toBe('r.csv: has no column for contact_name and referral_date (columns found: company, email). Name the columns on the first line, e.g. company,email,first_name,last_name,referral_date.');
  });
});
