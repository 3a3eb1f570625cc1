// The sync's signal step: the Partner_Signal__c batches of a run, from the overlaps the org held before it and the
// ones its plan writes (src/signals/detect.ts decides what is news).
import { Messages } from '@salesforce/core';
import type { OrgClient } from '../org/client.js';
import { detectSignals, type OverlapView } from '../signals/detect.js';
import { deliverSignals, type DeliveryOptions, type DeliveryOutcome } from '../signals/deliver.js';
import { PartnerSignal, type SignalKind } from '../schema/dataModel.js';
import { chunk, type PartnerMatches, type PlanInput } from './plan.js';
import type { Plan, SyncState, WriteBatch } from './types.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'signals');

export interface SignalOptions {
  /** The kinds recorded (config signals.kinds); none: no signal step. */
  kinds: readonly SignalKind[];
  /** A delivery channel is on: new signals are Pending, else Off. */
  notify: boolean;
}

/** Signal upserts after this run's overlap writes (Overlap__c takes the overlap's id at write time). */
export function planSignals(options: SignalOptions | undefined, state: SyncState, plan: Pick<Plan, 'overlapHashes'>, partners: readonly PartnerMatches[], now: Date, input: Pick<PlanInput, 'bulkThreshold'>): WriteBatch[] {
  if (options === undefined || options.kinds.length === 0 || partners.length === 0) return [];
  const after: Record<string, OverlapView> = {};
  for (const [ext, o] of Object.entries(plan.overlapHashes)) after[ext] = { partnerId: o.partnerId, accountId: o.accountId, leadId: o.leadId, population: o.population, active: true };
  const openOpps = new Map<string, string[]>();
  for (const [opp, { account }] of Object.entries(state.opps)) openOpps.set(account, [...(openOpps.get(account) ?? []), opp].sort());
  const found = detectSignals({
    before: state.overlaps,
    after,
    partners: partners.map((p) => ({ id: p.partner.id, externalId: p.partner.externalId })),
    openOpps,
    kinds: new Set(options.kinds),
    notify: options.notify,
    now,
  });
  return chunk('signal', PartnerSignal.apiName, PartnerSignal.ExternalId, found.map((s) => s.row), input, found.map((s) => s.overlapRef));
}

/**
 * Delivers the signals waiting for a channel, when this run detected some or an earlier one left some undelivered.
 * Never throws: a failure is a warning and the signal stays due. Returns whether any is still due.
 */
export async function deliverPartnerSignals(client: OrgClient, delivery: DeliveryOptions | undefined, detected: number, wasDue: boolean, notes: { warnings: string[]; log: (message: string) => void }): Promise<{ due: boolean; outcome?: DeliveryOutcome }> {
  if (delivery === undefined || (!delivery.salesforce && delivery.slackWebhookUrl === undefined) || (detected === 0 && !wasDue)) return { due: false };
  try {
    const outcome = await deliverSignals(client, delivery);
    notes.log(`partner signals: ${detected} detected, ${outcome.delivered} delivered in ${outcome.messages} message(s), ${outcome.failures.length} not delivered`);
    if (outcome.delivered > 0 || detected > 0) notes.warnings.push(messages.getMessage('info.Delivered', [detected, outcome.delivered, outcome.messages]));
    for (const f of outcome.failures.slice(0, 5)) notes.warnings.push(messages.getMessage('warning.DeliveryFailed', [f.signal, f.channel, f.message]));
    return { due: outcome.failures.length > 0, outcome };
  } catch (e) {
    notes.warnings.push(messages.getMessage('warning.DeliveryFailed', ['(all)', 'this run', e instanceof Error ? e.message : String(e)]));
    return { due: true };
  }
}
