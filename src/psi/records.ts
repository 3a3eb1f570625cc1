// Our side of an exchange from a records file (the partner-file columns: company, website, email,
// population, owner, stage), turned into normalised match keys.
import { bareAddress, emailDomain } from '../match/email.js';
import { websiteDomain } from '../match/domain.js';
import type { PartnerRecord } from '../match/types.js';
import { readPartnerFile, type PartnerFile } from '../sources/partnerFile.js';
import { definedOnly } from '../sources/table.js';
import type { KeyKind, PsiRecord } from './protocol.js';

export interface PsiRecords {
  records: PsiRecord[];
  /** Rows with no usable key of this kind (e.g. a free-mail lead when matching on domains). */
  skipped: number;
  file: PartnerFile;
}

/**
 * The match key of a record: its website's company domain (the matcher's websiteDomain: profiles on shared
 * hosts and example domains give none), else its e-mail's company domain (free-mail, disposable and example
 * addresses give none), or, with key kind 'email', its lower-cased bare address ("Jo <jo@acme.com>" -> jo@acme.com).
 */
export function psiKey(record: Pick<PartnerRecord, 'domain' | 'email'>, keyKind: KeyKind): string | undefined {
  if (keyKind === 'email') {
    const email = record.email === undefined ? undefined : bareAddress(record.email).toLowerCase();
    return email !== undefined && 'domain' in emailDomain(email) ? email : undefined;
  }
  const fromWebsite = websiteDomain(record.domain);
  if ('domain' in fromWebsite) return fromWebsite.domain;
  const fromEmail = record.email === undefined ? undefined : emailDomain(record.email);
  return fromEmail !== undefined && 'domain' in fromEmail ? fromEmail.domain : undefined;
}

export function toPsiRecords(records: readonly PartnerRecord[], keyKind: KeyKind): { records: PsiRecord[]; skipped: number } {
  const out: PsiRecord[] = [];
  let skipped = 0;
  for (const r of records) {
    const key = psiKey(r, keyKind);
    if (key === undefined) {
      skipped++;
      continue;
    }
    out.push({ key, population: r.population, recordId: r.partnerRecordId, companyName: r.companyName, ...definedOnly({ ownerName: r.ownerName, ownerEmail: r.ownerEmail, opportunityStage: r.opportunityStage }) });
  }
  return { records: out, skipped };
}

export async function readPsiRecords(path: string, keyKind: KeyKind): Promise<PsiRecords> {
  const file = await readPartnerFile(path);
  return { ...toPsiRecords(file.records, keyKind), file };
}
