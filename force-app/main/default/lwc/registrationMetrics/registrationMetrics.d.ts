// Types of registrationMetrics.js for TypeScript callers (src/impact). Not deployed (.forceignore **/*.ts).
import type { ImpactPartner } from '../partnerImpactMetrics/partnerImpactMetrics';

export interface ImpactRegistration {
  partnerId: string;
  status: string;
  /** ISO date-time: when the registration reached us. */
  submittedAt: string | null;
  decidedAt: string | null;
  /** Set for a manager's decision; null for a rule's rejection at intake. */
  decidedById: string | null;
  /** The registered opportunity (or the converted lead's) is closed / won. */
  dealClosed: boolean;
  dealWon: boolean;
}

export interface RegistrationFigures {
  received: number;
  pending: number;
  /** Approved, Expired or Converted: approved by a manager at some point. */
  approved: number;
  rejected: number;
  /** approved / (approved + rejected); null before any decision. */
  approvalRate: number | null;
  medianDaysToDecision: number | null;
  dealsClosed: number;
  dealsWon: number;
  dealWinRate: number | null;
}

export interface PartnerRegistrationFigures extends RegistrationFigures {
  partnerId: string;
  partnerName: string;
}

export interface RegistrationImpact {
  partners: PartnerRegistrationFigures[];
  overall: RegistrationFigures;
}

export declare function registrationImpact(
  partners: readonly ImpactPartner[],
  registrations: readonly ImpactRegistration[],
  options?: { from?: string | null; to?: string | null },
): RegistrationImpact;
