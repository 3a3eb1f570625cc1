import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import { STATE_VERSION, type FailedRecord, type PartnerSource, type Plan, type PlanCounts, type ReferralOutcome, type SyncState, type WriteBatch, type WriteCounts } from './types.js';

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
  /** Rows the sources rejected and warnings, found while planning: a resumed run still reports them. */
  failures?: FailedRecord[];
  warnings?: string[];
  partnerSources?: PartnerSource[];
  /** API calls the read and plan used. */
  apiCalls?: number;
}

/** One line of the journal: a batch finished and what it returned. */
export interface BatchDone {
  batch: number;
  ids: Record<string, string>;
  failed: string[];
  /** What the batch's writes did and the records it failed, so a resumed run's record covers the whole run. */
  counts?: WriteCounts;
  failures?: FailedRecord[];
  calls?: number;
}

export function emptyState(): SyncState {
  return { version: STATE_VERSION, accounts: {}, leads: {}, opps: {}, overlaps: {}, influence: {}, manual: [], influenceRows: {}, primary: {}, disputed: [] };
}

/**
 * A checkpoint as this version reads it. One of another version (version 1 kept opportunities as id ->
 * AccountId and no watched values; version 2 had no influence rows nor Primary_Partner__c values) keeps only what
 * a full read keeps, the sync's own overlaps and influence (and primary, from version 3 on), and loses its
 * watermark: the next run is a full read and rewrites nothing equal.
 */
export function stateFrom(saved: unknown): SyncState {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<SyncState> & { version?: unknown };
  if (s.version === STATE_VERSION) return s as SyncState;
  return { ...emptyState(), overlaps: s.overlaps ?? {}, influence: s.influence ?? {}, primary: s.primary ?? {} };
}

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'sync');

/** Checkpoint and run files hold lead e-mails and record ids: readable by their owner only. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

function writeAtomic(file: string, text: string): void {
  // write-then-rename: a crash mid-write leaves the previous checkpoint, never half a file
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: PRIVATE_FILE });
  renameSync(tmp, file);
}

/**
 * pending.json keeps a batch whose records all have the same fields as one field list and rows of values: a
 * full sync's plan is 80,000 records of 17 fields, and writing each record's field names took most of its
 * checkpoint's time. A batch whose records differ in their fields (null and absent are not the same to an
 * upsert) stays as records.
 */
type StoredBatch = Omit<WriteBatch, 'records'> & ({ records: WriteBatch['records'] } | { fields: string[]; rows: unknown[][] });

function storedBatch(batch: WriteBatch): StoredBatch {
  const fields = Object.keys(batch.records[0] ?? {});
  const same = batch.records.every((r) => {
    const keys = Object.keys(r);
    // an undefined value is left out of a record's JSON, but would be null in a row
    return keys.length === fields.length && keys.every((k, i) => k === fields[i] && r[k] !== undefined);
  });
  if (!same) return batch;
  const { records, ...rest } = batch;
  return { ...rest, fields, rows: records.map((r) => fields.map((f) => r[f])) };
}

function loadedBatch(stored: StoredBatch): WriteBatch {
  if ('records' in stored) return stored;
  const { fields, rows, ...rest } = stored;
  return { ...rest, records: rows.map((row) => Object.fromEntries(fields.map((f, i) => [f, row[i]]))) as WriteBatch['records'] };
}

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where a checkpoint folder stands (`sync status`): its watermark and any unfinished run. */
export interface CheckpointSummary {
  dir: string;
  watermark?: string;
  pendingRun?: string;
  batchesDone?: number;
  batches?: number;
}

/**
 * The checkpoint of one target org: state.json (after every finished run), pending.json (the plan of
 * an unfinished run) and journal.jsonl (one line appended after every batch the run wrote).
 */
export class CheckpointStore {
  public readonly dir: string;

  public constructor(
    checkpointDir: string,
    private readonly orgKey: string,
  ) {
    const slug = orgKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
    this.dir = path.join(checkpointDir, `${slug}-${createHash('sha256').update(orgKey).digest('hex').slice(0, 8)}`);
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Creates the folder (owner only) and refuses one that another org's checkpoint is in. */
  private claim(): void {
    mkdirSync(this.dir, { recursive: true, mode: PRIVATE_DIR });
    const owner = this.file('org.json');
    if (!existsSync(owner)) return writeAtomic(owner, JSON.stringify({ orgKey: this.orgKey }));
    const { orgKey } = JSON.parse(readFileSync(owner, 'utf8')) as { orgKey?: string };
    if (orgKey !== this.orgKey) throw new SfError(messages.getMessage('error.CheckpointOtherOrg', [this.dir, orgKey, this.orgKey]), 'CheckpointOtherOrg', messages.getMessages('error.CheckpointOtherOrg.actions'), 2);
  }

  /**
   * Takes the checkpoint for one run: a second sync of the same org at the same time is refused, naming the
   * first's process and start. A lock left by a process that is gone (same machine) is taken over.
   */
  public lock(now: Date = new Date()): () => void {
    this.claim();
    const file = this.file('sync.lock');
    const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString() };
    for (;;) {
      try {
        writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: PRIVATE_FILE });
        return () => rmSync(file, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      let held: LockInfo | undefined;
      try {
        held = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
      } catch {
        held = undefined; // torn or removed meanwhile: try again
      }
      if (held === undefined || (held.host === mine.host && !processAlive(held.pid))) {
        rmSync(file, { force: true });
        continue;
      }
      throw new SfError(messages.getMessage('error.SyncLocked', [held.pid, held.host, held.startedAt, file]), 'SyncLocked', messages.getMessages('error.SyncLocked.actions'), 1);
    }
  }

  public loadState(): SyncState | undefined {
    if (existsSync(this.dir)) this.claim();
    return existsSync(this.file('state.json')) ? stateFrom(JSON.parse(readFileSync(this.file('state.json'), 'utf8'))) : undefined;
  }

  public loadPending(): { pending: PendingRun; done: BatchDone[] } | undefined {
    if (!existsSync(this.file('pending.json'))) return undefined;
    this.claim();
    const saved = JSON.parse(readFileSync(this.file('pending.json'), 'utf8')) as Omit<PendingRun, 'batches'> & { batches: StoredBatch[] };
    const pending: PendingRun = { ...saved, batches: saved.batches.map(loadedBatch) };
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
    this.claim();
    rmSync(this.file('journal.jsonl'), { force: true });
    writeAtomic(this.file('pending.json'), JSON.stringify({ ...pending, batches: pending.batches.map(storedBatch) }));
  }

  public batchDone(done: BatchDone): void {
    appendFileSync(this.file('journal.jsonl'), `${JSON.stringify(done)}\n`, { mode: PRIVATE_FILE });
  }

  /** The run finished: its state becomes the checkpoint and the plan is dropped. */
  public finish(state: SyncState): void {
    this.claim();
    writeAtomic(this.file('state.json'), JSON.stringify(state));
    rmSync(this.file('pending.json'), { force: true });
    rmSync(this.file('journal.jsonl'), { force: true });
  }

  /** Event mode of `partnerlens serve`: the replay id per change event channel up to which syncs have run. */
  public loadReplay(): Record<string, number> {
    const file = this.file('replay.json');
    if (!existsSync(file)) return {};
    this.claim();
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { replayIds?: Record<string, unknown> };
      return Object.fromEntries(Object.entries(saved.replayIds ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isInteger(e[1])));
    } catch {
      return {};
    }
  }

  public saveReplay(replayIds: Record<string, number>, savedAt: Date): void {
    this.claim();
    writeAtomic(this.file('replay.json'), JSON.stringify({ replayIds, savedAt: savedAt.toISOString() }));
  }

  public summary(): CheckpointSummary {
    const state = this.loadState();
    const pending = this.loadPending();
    return { dir: this.dir, watermark: state?.watermark, pendingRun: pending?.pending.runId, batchesDone: pending?.done.length, batches: pending?.pending.batches.length };
  }
}
