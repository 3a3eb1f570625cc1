// Our side of an exchange from a records file (the partner-file columns: company, website, email,
// population, owner, stage), turned into normalised match keys.
import { emailDomain } from '../match/email.js';
import { registrableDomain } from '../match/domain.js';
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
 * The match key of a record: its registrable domain (website first, else its e-mail's company domain;
 * free-mail and disposable addresses give none), or, with key kind 'email', its lower-cased e-mail.
 */
export function psiKey(record: Pick<PartnerRecord, 'domain' | 'email'>, keyKind: KeyKind): string | undefined {
  if (keyKind === 'email') {
    const email = record.email?.trim().toLowerCase();
    return email !== undefined && 'domain' in emailDomain(email) ? email : undefined;
  }
  const fromWebsite = record.domain === undefined ? undefined : registrableDomain(record.domain);
  if (fromWebsite !== undefined) return fromWebsite;
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
