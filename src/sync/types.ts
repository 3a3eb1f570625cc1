// Types a run shares between its plan, its checkpoint and its record (no logic, so any sync module may import them).

/** A record the org refused, or a partner/referral file row the sync could not use. */
export interface FailedRecord {
  object: string;
  key: string;
  code: string;
  message: string;
  fields: string;
}

/** The partner data a run used for one partner. */
export interface PartnerSource {
  partner: string;
  source: 'File' | 'Private exchange';
  from: string;
  records: number;
}

/** What a run's writes did, summed over its batches (and over the attempts of a resumed run). */
export interface WriteCounts {
  created: number;
  updated: number;
  deactivated: number;
  /** Referral Leads flagged / created. */
  flagged: number;
  leadsCreated: number;
}

export function emptyWriteCounts(): WriteCounts {
  return { created: 0, updated: 0, deactivated: 0, flagged: 0, leadsCreated: 0 };
}

export function addWriteCounts(into: WriteCounts, from: WriteCounts): void {
  for (const k of Object.keys(into) as (keyof WriteCounts)[]) into[k] += from[k];
}
