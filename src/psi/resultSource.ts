// The 'Private exchange' source (Partner__c.Source__c): a PSI result as partner records for the sync.
import type { PartnerRecord } from '../match/types.js';
import type { SharedRecord } from './protocol.js';
import { readResult } from './result.js';

/**
 * One PartnerRecord per partner record (attributes mode) or per partner population (list mode) of each
 * overlapping key, with privateMatch: true and `domain` holding the normalised key. With e-mail keys,
 * `domain` holds the address's domain and `email` the address, since Match_Key__c never holds an e-mail.
 * A counts-only result has no records: it sizes a partnership, it names no company.
 */
export function loadPrivateOverlapSource(file: string): PartnerRecord[] {
  const result = readResult(file);
  return (result.matches ?? []).flatMap((match) => {
    const where = result.keyKind === 'email' ? { domain: match.key.slice(match.key.lastIndexOf('@') + 1), email: match.key } : { domain: match.key };
    const shared: SharedRecord[] = match.partnerRecords ?? match.partnerPopulations.map((population) => ({ population }));
    return shared.map((r): PartnerRecord => {
      const record: PartnerRecord = {
        // stable across runs: the partner's own id when shared, else the key and population
        partnerRecordId: r.recordId ?? `private:${r.population}:${match.key}`,
        companyName: r.companyName ?? where.domain,
        population: r.population,
        privateMatch: true,
        ...where,
      };
      if (r.ownerName !== undefined) record.ownerName = r.ownerName;
      if (r.ownerEmail !== undefined) record.ownerEmail = r.ownerEmail;
      if (r.opportunityStage !== undefined) record.opportunityStage = r.opportunityStage;
      return record;
    });
  });
}
