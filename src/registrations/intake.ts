import { Messages, SfError } from '@salesforce/core';
import type { OrgClient, SObjectRecord } from '../org/client.js';
import { PartnerRegistration as R, type RegistrationStatus } from '../schema/dataModel.js';
import type { PartnerRow } from '../schema/partnerRecord.js';
import type { Registration } from '../sources/registrationFile.js';
import { resolvePartner } from '../sync/partnerResolution.js';
import type { FailedRecord } from '../sync/types.js';
import { failure } from './approval.js';
import { decideRegistration } from './conflicts.js';
import { readRegistrationContext, REGISTRATIONS_SOQL, registrationFromRecord, type RegistrationContext } from './readOrg.js';
import type { Decision, ExistingRegistration, IncomingRegistration } from './types.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'registrations');

export type RegistrationOutcomeKind = 'submitted' | 'review' | 'rejected' | 'duplicate' | 'unchanged' | 'failed';

/** What became of one registration a partner sent. */
export interface RegistrationOutcome {
  registrationId: string;
  externalId: string;
  company: string;
  outcome: RegistrationOutcomeKind;
  status?: RegistrationStatus;
  conflict?: string;
  reason: string;
  /** The Partner_Registration__c it is (or, for a duplicate, the one it repeats). */
  id?: string;
  name?: string;
}

export interface IntakeResult {
  partner: { id: string; name: string };
  dryRun: boolean;
  outcomes: RegistrationOutcome[];
  failures: FailedRecord[];
}

const TEXT_MAX = 255;
const clip = (v: string | undefined): string | undefined => (v === undefined || v.length <= TEXT_MAX ? v : `${v.slice(0, TEXT_MAX - 1)}…`);

/** Partner_Registration__c.External_Id__c: one registration id per partner, whatever the transport. */
export function registrationExternalId(partner: PartnerRow, registrationId: string): string {
  return clip(`${partner.externalId ?? partner.id}|${registrationId}`) as string;
}

/** The partner a registration names: it must exist and be Active (an ended partner registers nothing). */
export function registeringPartner(partners: readonly PartnerRow[], ref: string): PartnerRow {
  const row = resolvePartner(partners, ref);
  if (row === undefined) throw new SfError(messages.getMessage('error.UnknownPartner', [ref]), 'UnknownPartner', messages.getMessages('error.UnknownPartner.actions'), 2);
  if (row.status !== 'Active') throw new SfError(messages.getMessage('error.InactivePartner', [row.name, row.status ?? 'no status']), 'InactivePartner', messages.getMessages('error.InactivePartner.actions', [row.name]), 2);
  return row;
}

function outcomeOf(decision: Decision): RegistrationOutcomeKind {
  if (decision.kind === 'duplicate') return 'duplicate';
  return decision.status === 'Submitted' ? 'submitted' : decision.status === 'Under review' ? 'review' : 'rejected';
}

function recordOf(incoming: IncomingRegistration, decision: Extract<Decision, { kind: 'new' }>, now: Date): SObjectRecord {
  const fields: Record<string, string | number | undefined> = {
    [R.ExternalId]: incoming.externalId,
    [R.Partner]: incoming.partnerId,
    [R.Company]: clip(incoming.company),
    [R.Domain]: clip(incoming.domain),
    [R.DUNS]: incoming.duns,
    [R.ContactName]: clip(incoming.contactName),
    [R.ContactEmail]: incoming.contactEmail,
    [R.EstimatedAmount]: incoming.estimatedAmount,
    [R.ExpectedCloseDate]: incoming.expectedCloseDate,
    [R.Notes]: incoming.notes,
    [R.SubmittedAt]: incoming.submittedAt,
    [R.Status]: decision.status,
    [R.Conflict]: decision.conflict,
    [R.DecisionReason]: clip(decision.reason),
    // a rule's rejection is a decision: dated, with no user (Decided_By__c blank = decided by the rules)
    [R.DecidedAt]: decision.status === 'Rejected' ? now.toISOString() : undefined,
    [R.Account]: decision.accountId,
    // the existing deal is named in the reason, not linked: Opportunity__c set means "applied" (approval.ts DUE_SOQL),
    // so an override approved in the component is still applied by the next sync
    [R.ConflictingRegistration]: decision.conflicting?.id,
    [R.MatchMethod]: decision.matchMethod,
    [R.MatchReason]: clip(decision.matchReason),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function asExisting(incoming: IncomingRegistration, status: RegistrationStatus, id: string): ExistingRegistration {
  return { id, externalId: incoming.externalId, partnerId: incoming.partnerId, partnerName: incoming.partnerName, company: incoming.company, domain: incoming.domain, duns: incoming.duns, contactEmail: incoming.contactEmail, status, submittedAt: incoming.submittedAt };
}

export interface IntakeInput {
  /** The partner's Partner__c External_Id__c or Domain__c. */
  partner: string;
  registrations: readonly Registration[];
  /** When they reached us (one instant per request or file: row order breaks ties through the id). */
  now: Date;
  dryRun?: boolean;
  /** Read once and reused (the intake server refreshes it per request). */
  context?: RegistrationContext;
}

/**
 * Decides each registration by the conflict rules and writes the new ones (upsert by External_Id__c,
 * 200 a call). A registration id seen before is never decided or written again (replay-safe), so a
 * resent file or request changes nothing. After writing, the new ones are checked again against what
 * the org holds then: a concurrent intake that wrote the same company first wins, and the later one is
 * rejected, so two partners registering at once always end with exactly one winner.
 */
export async function intakeRegistrations(client: OrgClient, input: IntakeInput): Promise<IntakeResult> {
  const context = input.context ?? (await readRegistrationContext(client));
  const partner = registeringPartner(context.partners, input.partner);
  const known = new Map(context.registrations.map((r) => [r.externalId, r]));
  const decided: ExistingRegistration[] = [...context.registrations];
  const outcomes: RegistrationOutcome[] = [];
  const toWrite: { incoming: IncomingRegistration; decision: Extract<Decision, { kind: 'new' }>; outcome: RegistrationOutcome }[] = [];

  for (const registration of input.registrations) {
    const incoming: IncomingRegistration = { ...registration, externalId: registrationExternalId(partner, registration.registrationId), partnerId: partner.id, partnerName: partner.name, submittedAt: input.now.toISOString() };
    const seen = known.get(incoming.externalId);
    if (seen !== undefined) {
      outcomes.push({ registrationId: registration.registrationId, externalId: incoming.externalId, company: registration.company, outcome: 'unchanged', status: seen.status, reason: messages.getMessage('reason.Replay'), id: seen.id, name: seen.name });
      continue;
    }
    const decision = decideRegistration(incoming, decided, context.accounts, context.rules);
    const outcome: RegistrationOutcome = { registrationId: registration.registrationId, externalId: incoming.externalId, company: registration.company, outcome: outcomeOf(decision), reason: decision.reason };
    outcomes.push(outcome);
    if (decision.kind === 'duplicate') {
      Object.assign(outcome, { status: decision.existing.status, id: decision.existing.id, name: decision.existing.name });
      continue;
    }
    outcome.status = decision.status;
    outcome.conflict = decision.conflict;
    // later rows of this batch compare against it as if it were in the org already
    const placeholder = asExisting(incoming, decision.status, '');
    decided.push(placeholder);
    known.set(incoming.externalId, placeholder);
    toWrite.push({ incoming, decision, outcome });
  }

  const failures: FailedRecord[] = [];
  if (input.dryRun !== true && toWrite.length > 0) {
    await writeInWaves(client, toWrite, known, input.now, failures);
    await recheckAgainstOrg(client, toWrite.filter((w) => w.outcome.outcome !== 'failed' && w.decision.status !== 'Rejected'), context, input.now, failures);
  }
  return { partner: { id: partner.id, name: partner.name }, dryRun: input.dryRun === true, outcomes, failures };
}

type Pending = { incoming: IncomingRegistration; decision: Extract<Decision, { kind: 'new' }>; outcome: RegistrationOutcome };

/**
 * Writes new registrations; one that conflicts with another new one of this batch waits for that one's
 * id (Conflicting_Registration__c needs it), so the batch goes in as few waves as its conflicts chain.
 */
async function writeInWaves(client: OrgClient, pending: Pending[], known: ReadonlyMap<string, ExistingRegistration>, now: Date, failures: FailedRecord[]): Promise<void> {
  let left = pending;
  while (left.length > 0) {
    const ready = left.filter((p) => p.decision.conflicting === undefined || p.decision.conflicting.id !== '');
    const wave = ready.length > 0 ? ready : left;
    left = left.filter((p) => !wave.includes(p));
    const results = await client.upsertCollection(R.apiName, R.ExternalId, wave.map((p) => recordOf(p.incoming, p.decision, now)));
    results.forEach((result, i) => {
      const p = wave[i] as Pending;
      const placeholder = known.get(p.incoming.externalId);
      if (result.success) {
        p.outcome.id = result.id;
        if (placeholder !== undefined) placeholder.id = result.id;
        return;
      }
      p.outcome.outcome = 'failed';
      p.outcome.reason = `${result.errors[0]?.statusCode ?? 'UNKNOWN'}: ${result.errors.map((e) => e.message).join('; ')}`;
      failures.push(failure(R.apiName, result.key, result.errors));
      // a failed one holds nothing: later rows must not be rejected against it
      if (placeholder !== undefined) placeholder.status = 'Rejected';
    });
    // rows that pointed at a failed one are decided again without it
    for (const p of left) {
      const target = p.decision.conflicting;
      if (target !== undefined && target.id === '' && target.status === 'Rejected') p.decision = { ...p.decision, status: 'Submitted', conflict: undefined, conflicting: undefined, reason: messages.getMessage('reason.ConflictFailed') };
    }
  }
}

/** Re-decides the just-written pending registrations against the org as it is now (a concurrent intake may have won). */
async function recheckAgainstOrg(client: OrgClient, written: Pending[], context: RegistrationContext, now: Date, failures: FailedRecord[]): Promise<void> {
  if (written.length === 0) return;
  const current = (await client.query(REGISTRATIONS_SOQL)).map(registrationFromRecord);
  const updates: SObjectRecord[] = [];
  for (const w of written) {
    const decision = decideRegistration(w.incoming, current, context.accounts, context.rules);
    if (decision.kind === 'new' && decision.status !== 'Rejected') continue;
    const winner = decision.kind === 'duplicate' ? decision.existing : decision.conflicting;
    const reason = decision.kind === 'duplicate' ? messages.getMessage('reason.ConcurrentDuplicate', [winner?.name ?? winner?.id ?? '?']) : decision.reason;
    updates.push({ Id: w.outcome.id, [R.Status]: 'Rejected', [R.Conflict]: decision.kind === 'new' ? decision.conflict : undefined, [R.ConflictingRegistration]: winner?.id, [R.DecisionReason]: clip(reason), [R.DecidedAt]: now.toISOString() });
    Object.assign(w.outcome, { outcome: decision.kind === 'duplicate' ? 'duplicate' : 'rejected', status: 'Rejected', conflict: decision.kind === 'new' ? decision.conflict : undefined, reason });
  }
  if (updates.length === 0) return;
  for (const result of await client.upsertCollection(R.apiName, 'Id', updates.map((u) => Object.fromEntries(Object.entries(u).filter(([, v]) => v !== undefined))))) {
    if (!result.success) failures.push(failure(R.apiName, result.key, result.errors));
  }
}

/** Outcomes counted by kind, for the summary line. */
export function countRegistrationOutcomes(outcomes: readonly RegistrationOutcome[]): Record<RegistrationOutcomeKind, number> {
  const counts: Record<RegistrationOutcomeKind, number> = { submitted: 0, review: 0, rejected: 0, duplicate: 0, unchanged: 0, failed: 0 };
  for (const o of outcomes) counts[o.outcome]++;
  return counts;
}
