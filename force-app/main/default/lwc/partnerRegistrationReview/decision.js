// The decision rules of the review component, pure so they are tested without a component. They mirror the
// backend's `decide` (src/registrations/approval.ts), which the CLI's `partnerlens registrations approve|reject` runs.
import ID_FIELD from '@salesforce/schema/Partner_Registration__c.Id';
import STATUS_FIELD from '@salesforce/schema/Partner_Registration__c.Status__c';
import DECIDED_BY_FIELD from '@salesforce/schema/Partner_Registration__c.Decided_By__c';
import DECIDED_AT_FIELD from '@salesforce/schema/Partner_Registration__c.Decided_At__c';
import PROTECTION_UNTIL_FIELD from '@salesforce/schema/Partner_Registration__c.Protection_Until__c';
import DECISION_REASON_FIELD from '@salesforce/schema/Partner_Registration__c.Decision_Reason__c';

/** Registration_Protection_Days__c when the settings record or the field is blank. */
export const DEFAULT_PROTECTION_DAYS = 90;
/** Statuses that wait for a manager. */
export const PENDING_STATUSES = ['Submitted', 'Under review'];
/** Conflicts a rule rejects on: approving over them needs an explicit override and a reason. */
export const OVERRIDABLE_CONFLICTS = ['Existing deal', 'Other partner'];

const DAY_MS = 86400000;

/** The protection period in days from the settings record's value; 90 when absent or not a positive number. */
export function protectionDaysOf(value) {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.floor(value) : DEFAULT_PROTECTION_DAYS;
}

/** The last protected day (YYYY-MM-DD, UTC): `days` after the approval, as the backend computes it. */
export function protectionUntil(now, days) {
  return new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * What a manager can do with a registration:
 * - pending (Submitted / Under review): approve or reject; an Existing deal / Other partner conflict needs
 *   the override and a reason to approve;
 * - rejected by a rule (Rejected for Existing deal / Other partner, no Decided_By__c): approve with the override;
 * - anything else is decided: no actions.
 */
export function decisionState({ status, conflict, decidedBy }) {
  const pending = PENDING_STATUSES.includes(status ?? 'Submitted');
  const ruleConflict = OVERRIDABLE_CONFLICTS.includes(conflict);
  const ruleRejected = status === 'Rejected' && !decidedBy && ruleConflict;
  return {
    pending,
    ruleRejected,
    canApprove: pending || ruleRejected,
    canReject: pending,
    needsOverride: ruleConflict && (pending || ruleRejected),
    decided: !pending && !ruleRejected,
  };
}

/**
 * The inputs a decision is missing: `{ reason, override }`, each true when that input must be filled in first.
 * Rejecting needs a reason; approving over a rule's conflict needs the override ticked and a reason.
 */
export function missingInputs(decision, { needsOverride, override, reason }) {
  const hasReason = typeof reason === 'string' && reason.trim().length > 0;
  if (decision === 'reject') return { reason: !hasReason, override: false };
  return { reason: needsOverride && !hasReason, override: needsOverride && override !== true };
}

/** The field the reason goes to: a save error on it is shown under the reason input. */
export const REASON_FIELD = DECISION_REASON_FIELD.fieldApiName;

/** The updateRecord fields of a decision. */
export function decisionFields(decision, { id, userId, now, protectionDays, reason }) {
  const trimmed = typeof reason === 'string' ? reason.trim().slice(0, 255) : '';
  const fields = {
    [ID_FIELD.fieldApiName]: id,
    [STATUS_FIELD.fieldApiName]: decision === 'approve' ? 'Approved' : 'Rejected',
    [DECIDED_BY_FIELD.fieldApiName]: userId,
    [DECIDED_AT_FIELD.fieldApiName]: now.toISOString(),
  };
  if (decision === 'approve') fields[PROTECTION_UNTIL_FIELD.fieldApiName] = protectionUntil(now, protectionDays);
  if (trimmed) fields[DECISION_REASON_FIELD.fieldApiName] = trimmed;
  return fields;
}
