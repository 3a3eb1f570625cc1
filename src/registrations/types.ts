import type { RegistrationConflict, RegistrationStatus } from '../schema/dataModel.js';
import type { Registration } from '../sources/registrationFile.js';

/** How a registration was tied to a company: the matcher's method (a private-exchange key never applies here). */
export type RegistrationMatchMethod = 'Domain' | 'Email domain' | 'DUNS' | 'Name';

/** A registration to decide: the partner's fields plus who sent it and when it reached us. */
export interface IncomingRegistration extends Registration {
  /** Partner_Registration__c.External_Id__c: the partner's key and its registration id. */
  externalId: string;
  partnerId: string;
  partnerName: string;
  /** ISO time it reached us: "first in" is decided on this, never on a date the partner claims. */
  submittedAt: string;
}

/** A Partner_Registration__c already in the org. */
export interface ExistingRegistration {
  id: string;
  name?: string;
  externalId: string;
  partnerId: string;
  partnerName?: string;
  company: string;
  domain?: string;
  duns?: string;
  contactEmail?: string;
  status: RegistrationStatus;
  submittedAt: string;
  /** YYYY-MM-DD. */
  protectionUntil?: string;
}

/** One of our accounts, with its open opportunities (oldest first). */
export interface AccountView {
  id: string;
  name?: string;
  website?: string;
  duns?: string;
  openOpportunities: { id: string; name?: string }[];
}

/** The conflict rules' switches, from Partner_Sync_Setting__c. */
export interface ConflictRules {
  /** An open opportunity on the matched account rejects the registration (Existing deal). */
  rejectExistingDeal: boolean;
  /** An active registration by another partner rejects it (first in wins). */
  firstInWins: boolean;
  /** Days of protection from approval. */
  protectionDays: number;
}

export const DEFAULT_RULES: ConflictRules = { rejectExistingDeal: true, firstInWins: true, protectionDays: 90 };

/** What the rules decided for one incoming registration. */
export type Decision =
  | { kind: 'duplicate'; existing: ExistingRegistration; reason: string }
  | {
      kind: 'new';
      status: Extract<RegistrationStatus, 'Submitted' | 'Under review' | 'Rejected'>;
      conflict?: RegistrationConflict;
      reason: string;
      accountId?: string;
      opportunityId?: string;
      conflicting?: ExistingRegistration;
      matchMethod?: RegistrationMatchMethod;
      matchReason?: string;
    };
