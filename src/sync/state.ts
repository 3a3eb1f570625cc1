import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Population } from '../schema/dataModel.js';
import type { Plan, PlanCounts, WriteBatch } from './plan.js';
import type { ReferralOutcome } from './referrals.js';

/** Our side as last read: enough to match and to notice what changed. */
export interface AccountState {
  name?: string;
  website?: string;
  duns?: string;
  pops: Population[];
}

export interface LeadState {
  name?: string;
  email?: string;
  website?: string;
  inPopulation: boolean;
  overlapCount: number;
  /** Values of the fields the Lead filter reads: a change there may move the lead in or out. */
  watched: string;
}

export interface OverlapState {
  id?: string;
  active: boolean;
  /** Hash of the fields the sync writes: equal hash, nothing to write. */
  hash: string;
  partnerId: string;
  leadId?: string;
}

/** What the org holds of the sync's own output and of our populations, as of the last finished run. */
export interface SyncState {
  version: 1;
  /** Incremental reads start here (ISO date-time, overlap window already subtracted). */
  watermark?: string;
  accounts: Record<string, AccountState>;
  leads: Record<string, LeadState>;
  /** Open opportunities: id -> AccountId. */
  opps: Record<string, string>;
  overlaps: Record<string, OverlapState>;
  /** Rule influence rows the sync created: External_Id__c -> Id. */
  influence: Record<string, string>;
  /** `${opportunityId}|${partnerId}` of Manual influence rows. */
  manual: string[];
  /** pairKey(ourId, partnerRecordId) of disputed overlaps. */
  disputed: string[];
  /** Referrals handled (Partner_Referral_Id__c -> referralHash): an unchanged referral costs no query. */
  referrals?: Record<string, string>;
}

/** A run that planned its writes and has not finished them: resumed by the next run. */
export interface PendingRun {
  runId: string;
  startedAt: string;
  mode: string;
  batches: WriteBatch[];
  /** The state the run read, before its writes. */
  state: SyncState;
  counts: { read: number; matched: number };
  nextWatermark: string;
  planCounts: PlanCounts;
  hashes: Plan['overlapHashes'];
  referrals?: ReferralOutcome[];
}

/** One line of the journal: a batch finished and what it returned. */
export interface BatchDone {
  batch: number;
  ids: Record<string, string>;
  failed: string[];
}

export function emptyState(): SyncState {
  return { version: 1, accounts: {}, leads: {}, opps: {}, overlaps: {}, influence: {}, manual: [], disputed: [] };
}

function writeAtomic(file: string, text: string): void {
  // write-then-rename: a crash mid-write leaves the previous checkpoint, never half a file
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * The checkpoint of one target org: state.json (after every finished run), pending.json (the plan of
 * an unfinished run) and journal.jsonl (one line appended after every batch the run wrote).
 */
export class CheckpointStore {
  public readonly dir: string;

  public constructor(checkpointDir: string, orgKey: string) {
    const slug = orgKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
    this.dir = path.join(checkpointDir, `${slug}-${createHash('sha256').update(orgKey).digest('hex').slice(0, 8)}`);
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  public loadState(): SyncState | undefined {
    return existsSync(this.file('state.json')) ? (JSON.parse(readFileSync(this.file('state.json'), 'utf8')) as SyncState) : undefined;
  }

  public loadPending(): { pending: PendingRun; done: BatchDone[] } | undefined {
    if (!existsSync(this.file('pending.json'))) return undefined;
    const pending = JSON.parse(readFileSync(this.file('pending.json'), 'utf8')) as PendingRun;
    const journal = existsSync(this.file('journal.jsonl')) ? readFileSync(this.file('journal.jsonl'), 'utf8') : '';
    // a torn last line (crash while appending) is a batch not recorded: it is written again, harmlessly (upserts)
    const done = journal
      .split('\n')
      .filter((l) => l.trim() !== '')
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as BatchDone];
        } catch {
          return [];
        }
      });
    return { pending, done };
  }

  public startPending(pending: PendingRun): void {
    mkdirSync(this.dir, { recursive: true });
    rmSync(this.file('journal.jsonl'), { force: true });
    writeAtomic(this.file('pending.json'), JSON.stringify(pending));
  }

  public batchDone(done: BatchDone): void {
    appendFileSync(this.file('journal.jsonl'), `${JSON.stringify(done)}\n`);
  }

  /** The run finished: its state becomes the checkpoint and the plan is dropped. */
  public finish(state: SyncState): void {
    mkdirSync(this.dir, { recursive: true });
    writeAtomic(this.file('state.json'), JSON.stringify(state));
    rmSync(this.file('pending.json'), { force: true });
    rmSync(this.file('journal.jsonl'), { force: true });
  }

  public summary(): { dir: string; watermark?: string; pendingRun?: string; batchesDone?: number; batches?: number } {
    const state = this.loadState();
    const pending = this.loadPending();
    return { dir: this.dir, watermark: state?.watermark, pendingRun: pending?.pending.runId, batchesDone: pending?.done.length, batches: pending?.pending.batches.length };
  }
}
