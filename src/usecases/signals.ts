// `partnerlens signals list|ack` against a target org: the org client, then src/signals/manage.ts.
import { OrgClient } from '../org/client.js';
import type { Target } from '../org/connection.js';
import { currentUserId } from '../registrations/approval.js';
import { ackSignals, listSignals, type AckResult, type ListFilter, type SignalList } from '../signals/manage.js';

export function listSignalsFor(target: Target, filter: ListFilter): Promise<SignalList> {
  return listSignals(new OrgClient(target.conn), filter);
}

/** The user the login acts as acknowledges: Acknowledged_By__c says who. */
export async function ackSignalsFor(target: Target, refs: readonly string[], options: { dismiss: boolean; now: Date }): Promise<AckResult> {
  const client = new OrgClient(target.conn);
  return ackSignals(client, refs, { status: options.dismiss ? 'Dismissed' : 'Acknowledged', userId: await currentUserId(client), now: options.now });
}
