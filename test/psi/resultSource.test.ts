import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPsiError } from '../../src/psi/errors.js';
import type { PsiResult } from '../../src/psi/protocol.js';
import { psiKey, toPsiRecords } from '../../src/psi/records.js';
import { partnerSlug, writeResult } from '../../src/psi/result.js';
import { loadPrivateOverlapSource } from '../../src/psi/resultSource.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'psi-result-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const base: Omit<PsiResult, 'matches' | 'mode' | 'keyKind'> = { version: 1, partner: 'Acme Corp.', session: 'ab'.repeat(16), role: 'initiator', sharingLevel: 'All records', ourSetSize: 10, partnerSetSize: 12, counts: [{ ourPopulation: 'Customer', partnerPopulation: 'Lead', count: 1 }], startedAt: '2026-12-01T10:00:00.000Z', finishedAt: '2026-12-01T10:01:00.000Z' };

describe('loadPrivateOverlapSource', () => {
  it('list mode: one partner record per partner population of each overlapping key', async () => {
    const file = await writeResult(dir, { ...base, mode: 'list', keyKind: 'domain', matches: [{ key: 'globex.com', ourPopulations: ['Customer'], partnerPopulations: ['Lead', 'Prospect'] }] });
    expect(path.basename(file)).toBe('acme-corp.result.json');
    expect(loadPrivateOverlapSource(file)).toEqual([
      { partnerRecordId: 'private:Lead:globex.com', companyName: 'globex.com', domain: 'globex.com', population: 'Lead', privateMatch: true },
      { partnerRecordId: 'private:Prospect:globex.com', companyName: 'globex.com', domain: 'globex.com', population: 'Prospect', privateMatch: true },
    ]);
  });

  it('attributes mode with e-mail keys: the partner records, the domain as match key and the address apart', async () => {
    const file = await writeResult(dir, {
      ...base,
      partner: 'Initech',
      session: 'cd'.repeat(16),
      mode: 'attributes',
      keyKind: 'email',
      matches: [{ key: 'pat@initech.co.uk', ourPopulations: ['Lead'], partnerPopulations: ['Lead'], partnerRecords: [{ population: 'Lead', recordId: 'L-9', companyName: 'Initech', ownerName: 'Sam' }] }],
    });
    expect(loadPrivateOverlapSource(file)).toEqual([{ partnerRecordId: 'L-9', companyName: 'Initech', domain: 'initech.co.uk', email: 'pat@initech.co.uk', population: 'Lead', ownerName: 'Sam', privateMatch: true }]);
  });

  it('counts mode names no company: no records', async () => {
    const file = await writeResult(dir, { ...base, partner: 'Sizing', session: 'ef'.repeat(16), mode: 'counts', keyKind: 'domain' });
    expect(loadPrivateOverlapSource(file)).toEqual([]);
  });

  it('refuses a file that is not a result, saying which field is wrong', async () => {
    const file = path.join(dir, 'broken.result.json');
    await writeFile(file, JSON.stringify({ ...base, mode: 'sideways', keyKind: 'domain' }));
    let error: unknown;
    try {
      loadPrivateOverlapSource(file);
    } catch (e) {
      error = e;
    }
    expect(isPsiError(error, 'BadResult')).toBe(true);
    expect(String(error)).toMatch(/broken\.result\.json cannot be read: mode/);
  });
});

describe('match keys', () => {
  it.each([
    [{ domain: 'https://www.Acme.co.uk/about' }, 'domain', 'acme.co.uk'],
    [{ domain: 'not a site', email: 'jo@sub.globex.com' }, 'domain', 'globex.com'],
    [{ email: 'jo@gmail.com' }, 'domain', undefined],
    [{ email: ' Jo@Globex.com ' }, 'email', 'jo@globex.com'],
    [{ email: 'jo@mailinator.com' }, 'email', undefined],
    [{ domain: 'globex.com' }, 'email', undefined],
    [{ domain: 'https://www.linkedin.com/company/globex', email: 'jo@globex.com' }, 'domain', 'globex.com'],
    [{ domain: 'https://www.linkedin.com/company/globex' }, 'domain', undefined],
    [{ domain: 'www.example.com' }, 'domain', undefined],
    [{ email: 'Jo <Jo@Globex.com>' }, 'email', 'jo@globex.com'],
  ] as const)('%j as %s -> %s', (record, kind, expected) => {
    expect(psiKey(record, kind)).toBe(expected);
  });

  it('skips and counts records without a key of the agreed kind', () => {
    const out = toPsiRecords(
      [
        { partnerRecordId: '1', companyName: 'A', domain: 'a.com', population: 'Customer' },
        { partnerRecordId: '2', companyName: 'B', email: 'b@gmail.com', population: 'Lead' },
      ],
      'domain',
    );
    expect(out.skipped).toBe(1);
    expect(out.records).toEqual([{ key: 'a.com', population: 'Customer', recordId: '1', companyName: 'A' }]);
  });

  it('slugs partner names for file names', () => {
    expect(partnerSlug('  ACME, Inc. (EU) ')).toBe('acme-inc-eu');
    expect(partnerSlug('!!!')).toBe('partner');
  });
});
