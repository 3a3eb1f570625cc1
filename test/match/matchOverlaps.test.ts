import { matchOverlaps, overlapExternalId, ourDomainKeys, pairKey } from '../../src/match/matchOverlaps.js';
import type { MatchOptions, OurRecord, PartnerRecord } from '../../src/match/types.js';

const strict: MatchOptions = { nameFallback: false, emailDomains: true, disputed: new Set() };

function account(id: string, extra: Partial<OurRecord> = {}): OurRecord {
  return { id, object: 'Account', population: 'Customer', ...extra };
}
function lead(id: string, email: string, extra: Partial<OurRecord> = {}): OurRecord {
  return { id, object: 'Lead', population: 'Lead', email, ...extra };
}
function theirs(partnerRecordId: string, extra: Partial<PartnerRecord> = {}): PartnerRecord {
  return { partnerRecordId, companyName: `Company ${partnerRecordId}`, population: 'Customer', ...extra };
}
/** Matches as [ourId, partnerRecordId, method, key] rows, easy to read in a table. */
function rows(ours: OurRecord[], partner: PartnerRecord[], opts: MatchOptions = strict): string[][] {
  return matchOverlaps(ours, partner, opts).map((m) => [m.ourId, m.partnerRecord.partnerRecordId, m.method, m.key]);
}

describe('matchOverlaps', () => {
  it.each<[string, OurRecord[], PartnerRecord[], MatchOptions, string[][]]>([
    ['messy websites meet on the registrable domain', [account('a1', { website: 'https://www.Acme.com/about' })], [theirs('p1', { domain: 'ACME.COM.' })], strict, [['a1', 'p1', 'Domain', 'acme.com']]],
    ['co.uk subdomains', [account('a1', { website: 'shop.acme.co.uk' })], [theirs('p1', { domain: 'www.acme.co.uk/' })], strict, [['a1', 'p1', 'Domain', 'acme.co.uk']]],
    ['different registrable domains do not match', [account('a1', { website: 'acme.co.uk' })], [theirs('p1', { domain: 'acme.com' })], strict, []],
    ['two github.io tenants do not match', [account('a1', { website: 'foo.github.io' })], [theirs('p1', { domain: 'bar.github.io' })], strict, []],
    ['IPs and localhost never match', [account('a1', { website: 'http://10.0.0.1' }), account('a2', { website: 'localhost' })], [theirs('p1', { domain: '10.0.0.1' }), theirs('p2', { domain: 'localhost' })], strict, []],
    ['equal DUNS matches without domains', [account('a1', { duns: '12-345-6789' })], [theirs('p1', { duns: '123456789' })], strict, [['a1', 'p1', 'DUNS', '123456789']]],
    ['equal DUNS beats an agreeing domain', [account('a1', { duns: '123456789', website: 'acme.com' })], [theirs('p1', { duns: '123456789', domain: 'acme.com' })], strict, [['a1', 'p1', 'DUNS', '123456789']]],
    ['different DUNS never match even on one domain', [account('a1', { duns: '123456789', website: 'acme.com' })], [theirs('p1', { duns: '987654321', domain: 'acme.com' })], strict, []],
    ['a DUNS on one side only falls back to the domain', [account('a1', { duns: '123456789', website: 'acme.com' })], [theirs('p1', { domain: 'acme.com' })], strict, [['a1', 'p1', 'Domain', 'acme.com']]],
    ['an invalid DUNS is ignored, not a conflict', [account('a1', { duns: '1234', website: 'acme.com' })], [theirs('p1', { duns: '987654321', domain: 'acme.com' })], strict, [['a1', 'p1', 'Domain', 'acme.com']]],
    ['lead e-mail domain meets partner website', [lead('l1', 'jane@mail.acme.com')], [theirs('p1', { domain: 'acme.com' })], strict, [['l1', 'p1', 'Email domain', 'acme.com']]],
    ['lead e-mail domain meets partner e-mail', [lead('l1', 'jane@acme.com')], [theirs('p1', { email: 'joe@acme.com', population: 'Lead' })], strict, [['l1', 'p1', 'Email domain', 'acme.com']]],
    ['our website meets partner e-mail', [account('a1', { website: 'acme.com' })], [theirs('p1', { email: 'joe@acme.com' })], strict, [['a1', 'p1', 'Email domain', 'acme.com']]],
    ['lead website beats its e-mail', [lead('l1', 'jane@acme.com', { website: 'acme.com' })], [theirs('p1', { domain: 'acme.com' })], strict, [['l1', 'p1', 'Domain', 'acme.com']]],
    ['free-mail leads never match', [lead('l1', 'jane@gmail.com')], [theirs('p1', { domain: 'gmail.com' }), theirs('p2', { email: 'joe@gmail.com' })], strict, []],
    ['disposable leads never match', [lead('l1', 'jane@mailinator.com')], [theirs('p1', { domain: 'mailinator.com' })], strict, []],
    ['e-mail domains off', [lead('l1', 'jane@acme.com')], [theirs('p1', { domain: 'acme.com' })], { ...strict, emailDomains: false }, []],
    ['names off by default', [account('a1', { name: 'Acme Inc.' })], [theirs('p1', { companyName: 'ACME, LLC' })], strict, []],
    ['name fallback when on and no domains', [account('a1', { name: 'Acme Inc.' })], [theirs('p1', { companyName: 'ACME, LLC' })], { ...strict, nameFallback: true }, [['a1', 'p1', 'Name', 'acme']]],
    ['name fallback when only one side has a domain', [account('a1', { name: 'Acme Inc.', website: 'acme.com' })], [theirs('p1', { companyName: 'Acme' })], { ...strict, nameFallback: true }, [['a1', 'p1', 'Name', 'acme']]],
    ['a name never overrules disagreeing domains', [account('a1', { name: 'Acme', website: 'acme.com' })], [theirs('p1', { companyName: 'Acme', domain: 'acme-tools.com' })], { ...strict, nameFallback: true }, []],
    ['the same label on another ccTLD is a Name match', [account('a1', { name: 'Acme GmbH', website: 'www.acme.de' })], [theirs('p1', { companyName: 'Acme Inc', domain: 'acme.com' })], { ...strict, nameFallback: true }, [['a1', 'p1', 'Name', 'acme']]],
    ['co.uk vs com.au label is a Name match', [account('a1', { name: 'Acme Ltd', website: 'acme.co.uk' })], [theirs('p1', { companyName: 'Acme Pty Ltd', domain: 'acme.com.au' })], { ...strict, nameFallback: true }, [['a1', 'p1', 'Name', 'acme']]],
    ['the same label needs the same name', [account('a1', { name: 'Acme', website: 'acme.de' })], [theirs('p1', { companyName: 'Acme Tools', domain: 'acme.com' })], { ...strict, nameFallback: true }, []],
    ['the same label is no match without the name fallback', [account('a1', { name: 'Acme', website: 'acme.de' })], [theirs('p1', { companyName: 'Acme', domain: 'acme.com' })], strict, []],
    ['two WordPress tenants with one name are not a same-label Name match', [account('a1', { name: 'Acme', website: 'acme.wordpress.com' })], [theirs('p1', { companyName: 'Acme', domain: 'acme-shop.wordpress.com' })], { ...strict, nameFallback: true }, []],
    ['a private-suffix tenant has its own label', [account('a1', { name: 'Quill', website: 'quill.github.io' })], [theirs('p1', { companyName: 'Quill', domain: 'quill.com' })], { ...strict, nameFallback: true }, [['a1', 'p1', 'Name', 'quill']]],
    ['two LinkedIn pages never match', [account('a1', { website: 'https://www.linkedin.com/company/acme' })], [theirs('p1', { domain: 'linkedin.com/company/beta-corp' })], strict, []],
    ['a LinkedIn page gives no domain, so the name may match', [account('a1', { name: 'Acme Inc', website: 'https://www.linkedin.com/company/acme' })], [theirs('p1', { companyName: 'ACME', domain: 'acme.com' })], { ...strict, nameFallback: true }, [['a1', 'p1', 'Name', 'acme']]],
    ['two WordPress tenants never match, one tenant does', [account('a1', { website: 'acme.wordpress.com' }), account('a2', { website: 'https://beta.wordpress.com/' })], [theirs('p1', { domain: 'www.acme.wordpress.com' })], strict, [['a1', 'p1', 'Domain', 'acme.wordpress.com']]],
    ['two Shopify stores never match (PSL private section)', [account('a1', { website: 'acme.myshopify.com' })], [theirs('p1', { domain: 'beta.myshopify.com' })], strict, []],
    ['example domains never match', [account('a1', { website: 'example.com' }), lead('l1', 'jo@example.com')], [theirs('p1', { domain: 'www.example.com' }), theirs('p2', { email: 'x@example.com' })], strict, []],
    ['placeholder names never match', [account('a1', { name: '[not provided]' }), account('a2', { name: 'N/A' })], [theirs('p1', { companyName: '[not provided]' }), theirs('p2', { companyName: 'n/a' })], { ...strict, nameFallback: true }, []],
    ['placeholder DUNS never match', [account('a1', { duns: '000000000' })], [theirs('p1', { duns: '00-000-0000' })], strict, []],
    ['a display-name e-mail matches on its domain', [lead('l1', 'Jo Bloggs <jo@acme.com>')], [theirs('p1', { domain: 'acme.com' })], strict, [['l1', 'p1', 'Email domain', 'acme.com']]],
    ['a name never overrules disagreeing DUNS', [account('a1', { name: 'Acme', duns: '123456789' })], [theirs('p1', { companyName: 'Acme', duns: '987654321' })], { ...strict, nameFallback: true }, []],
    ['domain beats name', [account('a1', { name: 'Acme', website: 'acme.com' })], [theirs('p1', { companyName: 'Acme', domain: 'acme.com' })], { ...strict, nameFallback: true }, [['a1', 'p1', 'Domain', 'acme.com']]],
    ['private records match on their key', [account('a1', { website: 'www.acme.com' }), lead('l1', 'jane@beta.io')], [theirs('p1', { domain: 'acme.com', privateMatch: true }), theirs('p2', { domain: 'beta.io', privateMatch: true })], strict, [['a1', 'p1', 'Private', 'acme.com'], ['l1', 'p2', 'Private', 'beta.io']]],
    ['private keys are not re-normalised', [account('a1', { website: 'acme.com' })], [theirs('p1', { domain: 'www.acme.com', privateMatch: true })], strict, []],
    ['one partner record, many of ours', [account('a1', { website: 'acme.com' }), lead('l1', 'jane@acme.com')], [theirs('p1', { domain: 'acme.com' })], strict, [['a1', 'p1', 'Domain', 'acme.com'], ['l1', 'p1', 'Email domain', 'acme.com']]],
    ['records without keys never match each other', [account('a1'), account('a2', { website: '' })], [theirs('p1'), theirs('p2', { domain: ' ' })], { ...strict, nameFallback: true }, []],
  ])('%s', (_name, ours, partner, opts, expected) => {
    expect(rows(ours, partner, opts)).toEqual(expected);
  });

  it('keeps one overlap per pair with the best method and most advanced populations', () => {
    const ours = [account('a1', { website: 'acme.com', population: 'Prospect' }), account('a1', { website: 'acme.com', duns: '123456789', population: 'Customer' })];
    const partner = [theirs('p1', { domain: 'acme.com', population: 'Prospect' }), theirs('p1', { domain: 'acme.com', population: 'Open Opportunity' })];
    const matches = matchOverlaps(ours, partner, strict);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ ourId: 'a1', ourPopulation: 'Customer', method: 'Domain', partnerRecord: { population: 'Open Opportunity' } });
  });

  it('never returns a disputed pair, and only that pair', () => {
    const ours = [account('a1', { website: 'acme.com' }), account('a2', { website: 'acme.com' })];
    const partner = [theirs('p1', { domain: 'acme.com' })];
    const disputed = new Set([pairKey('a1', 'p1')]);
    expect(rows(ours, partner, { ...strict, disputed })).toEqual([['a2', 'p1', 'Domain', 'acme.com']]);
  });

  it('carries the partner record and our record through unchanged', () => {
    const p = theirs('p1', { domain: 'acme.com', ownerName: 'Sam', ownerEmail: 'sam@partner.io', opportunityStage: 'Negotiation', population: 'Open Opportunity' });
    const [match] = matchOverlaps([lead('l1', 'x@acme.com', { population: 'Lead' })], [p], strict);
    expect(match).toEqual({ ourId: 'l1', ourObject: 'Lead', ourPopulation: 'Lead', partnerRecord: p, key: 'acme.com', method: 'Email domain', reason: 'e-mail acme.com = website acme.com' });
  });

  it('joins 20k x 20k records by key, not by comparing every pair', () => {
    const n = 20_000;
    const ours = Array.from({ length: n }, (_, i) => account(`a${i}`, { website: `www.company${i}.com` }));
    const partner = Array.from({ length: n }, (_, i) => theirs(`p${i}`, { domain: `company${i * 2}.com` }));
    const matches = matchOverlaps(ours, partner, strict);
    expect(matches).toHaveLength(n / 2);
    expect(matches.every((m) => m.key === `company${Number(m.ourId.slice(1))}.com` && m.partnerRecord.partnerRecordId === `p${Number(m.ourId.slice(1)) / 2}`)).toBe(true);
  });
});

describe('match reasons', () => {
  const reason = (ours: OurRecord, partner: PartnerRecord, opts: MatchOptions = strict): string | undefined => matchOverlaps([ours], [partner], opts)[0]?.reason;
  it.each<[string, OurRecord, PartnerRecord, MatchOptions, string]>([
    ['DUNS', account('a1', { duns: '123456789' }), theirs('p1', { duns: '12-345-6789' }), strict, 'same DUNS'],
    ['website', account('a1', { website: 'https://www.acme.com/about' }), theirs('p1', { domain: 'ACME.COM' }), strict, 'website acme.com = acme.com'],
    ['lead e-mail to website', lead('l1', 'jo@acme.com'), theirs('p1', { domain: 'acme.com' }), strict, 'e-mail acme.com = website acme.com'],
    ['website to partner e-mail', account('a1', { website: 'acme.com' }), theirs('p1', { email: 'sam@acme.com' }), strict, 'website acme.com = e-mail acme.com'],
    ['name on two ccTLDs', account('a1', { name: 'Acme GmbH', website: 'acme.de' }), theirs('p1', { companyName: 'Acme Inc', domain: 'acme.com' }), { ...strict, nameFallback: true }, "name 'Acme GmbH' ~ 'Acme Inc' on acme.de / acme.com"],
    ['name alone', account('a1', { name: 'Ørsted A/S' }), theirs('p1', { companyName: 'Orsted AS' }), { ...strict, nameFallback: true }, "name 'Ørsted A/S' ~ 'Orsted AS'"],
    ['private', account('a1', { website: 'acme.com' }), theirs('p1', { domain: 'acme.com', privateMatch: true }), strict, 'private exchange: acme.com'],
  ])('%s', (_name, ours, partner, opts, expected) => {
    expect(reason(ours, partner, opts)).toBe(expected);
  });

  it('keeps a reason within Match_Reason__c (255 characters)', () => {
    const long = `Acme ${'x'.repeat(300)}`;
    const r = reason(account('a1', { name: long }), theirs('p1', { companyName: long }), { ...strict, nameFallback: true });
    expect(r).toHaveLength(255);
    expect(r?.startsWith("name 'Acme x")).toBe(true);
  });
});

describe('pairKey and overlapExternalId', () => {
  it('separates parts that contain the separator', () => {
    expect(pairKey('a|b', 'c')).not.toBe(pairKey('a', 'b|c'));
    expect(overlapExternalId('P1', 'a|b', 'c')).not.toBe(overlapExternalId('P1|a', 'b', 'c'));
  });

  it('is readable, stable and case-sensitive', () => {
    expect(overlapExternalId('acme-partner', '001000000000001AAA', 'crm-42')).toBe('acme-partner|001000000000001AAA|crm-42');
    expect(overlapExternalId('P', 'a', 'x')).not.toBe(overlapExternalId('P', 'a', 'X'));
  });

  it('hashes keys longer than 255 characters to a stable 66-character id', () => {
    const long = 'r'.repeat(300);
    const id = overlapExternalId('P', '001000000000001AAA', long);
    expect(id).toMatch(/^h:[0-9a-f]{64}$/);
    expect(overlapExternalId('P', '001000000000001AAA', long)).toBe(id);
    expect(overlapExternalId('P', '001000000000001AAA', `${long}s`)).not.toBe(id);
  });

  it('keeps a key of exactly 255 characters readable', () => {
    const rid = 'x'.repeat(255 - 'P|a|'.length);
    expect(overlapExternalId('P', 'a', rid)).toHaveLength(255);
    expect(overlapExternalId('P', 'a', rid)).toBe(`P|a|${rid}`);
  });
});

describe('ourDomainKeys', () => {
  it.each([
    [{ website: 'www.acme.com', email: 'j@beta.io' }, true, { website: 'acme.com', email: 'beta.io' }],
    [{ website: 'www.acme.com', email: 'j@beta.io' }, false, { website: 'acme.com', email: undefined }],
    [{ email: 'j@gmail.com' }, true, { website: undefined, email: undefined }],
  ])('%j (e-mail domains %s) -> %j', (record, emailDomains, expected) => {
    expect(ourDomainKeys(record, emailDomains)).toEqual(expected);
  });
});
