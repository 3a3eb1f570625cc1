// Change Data Capture in the local org: every committed create, update and delete of an entity with change events
// enabled becomes a ChangeEvent with a replay id, kept for a bounded time (72 h, and at most `maxEvents`) so a client
// resuming from an expired replay id is told so. Events are rows of a table in the org's own SQLite file, written in
// the same transaction as the record: a rolled-back write (allOrNone, a failed composite) publishes nothing, and a
// restarted org keeps its replay ids.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';

/** The objects whose changes are published, as on an org where an admin selected them for Change Data Capture. */
export const DEFAULT_CHANGE_EVENT_ENTITIES = ['Account', 'Lead', 'Opportunity'] as const;
/** Salesforce keeps change events for 72 hours. */
export const DEFAULT_RETENTION_HOURS = 72;
export const DEFAULT_MAX_EVENTS = 100_000;

export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE';

export interface ChangeEventOptions {
  /** Entities with change events (default Account, Lead, Opportunity). */
  entities?: readonly string[];
  /** Events older than this (by the org's clock) are gone (default 72). */
  retentionHours?: number;
  /** At most this many events are kept, the oldest go first (default 100,000). */
  maxEvents?: number;
}

export interface ChangeEventHeader {
  entityName: string;
  recordIds: string[];
  changeType: ChangeType;
  changeOrigin: string;
  transactionKey: string;
  sequenceNumber: number;
  commitTimestamp: number;
  commitNumber: number;
  commitUser: string;
  nulledFields: string[];
  diffFields: string[];
  changedFields: string[];
}

/** One event as a CometD data message carries it: `{ schema, payload, event: { replayId } }`. */
export interface ChangeEvent {
  replayId: number;
  entity: string;
  /** `/data/AccountChangeEvent`. */
  channel: string;
  data: { schema: string; payload: Record<string, unknown> & { ChangeEventHeader: ChangeEventHeader }; event: { replayId: number } };
}

const TABLE = '"__ChangeEvent"';

export const channelOf = (entity: string): string => `/data/${entity.replace(/__c$/, '__')}ChangeEvent`;

export class ChangeEventLog {
  public readonly entities: Set<string>;
  private readonly retentionMs: number;
  private readonly maxEvents: number;
  private readonly listeners = new Set<() => void>();
  private transactionKey: string | undefined;
  private sequence = 0;
  // prepared once: a bulk load records an event per row and prunes after every commit
  private readonly statements: { insert: Database.Statement; latest: Database.Statement; pruneById: Database.Statement; pruneByTime: Database.Statement };

  public constructor(
    private readonly db: Database.Database,
    private readonly clock: () => Date,
    private readonly userId: () => string,
    options: ChangeEventOptions = {},
  ) {
    this.entities = new Set(options.entities ?? DEFAULT_CHANGE_EVENT_ENTITIES);
    this.retentionMs = (options.retentionHours ?? DEFAULT_RETENTION_HOURS) * 3_600_000;
    this.maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} ("ReplayId" INTEGER PRIMARY KEY AUTOINCREMENT, "Entity" TEXT NOT NULL, "CommitMs" INTEGER NOT NULL, "Data" TEXT NOT NULL)`);
    // prune runs after every commit: by index, not a scan of every retained event (100k events made bulk loads quadratic)
    db.exec(`CREATE INDEX IF NOT EXISTS "${TABLE.replace(/"/g, '')}_CommitMs" ON ${TABLE} ("CommitMs")`);
    this.statements = {
      insert: db.prepare(`INSERT INTO ${TABLE} ("Entity", "CommitMs", "Data") VALUES (?, ?, ?)`),
      latest: db.prepare(`SELECT "seq" FROM sqlite_sequence WHERE "name" = '__ChangeEvent'`),
      pruneById: db.prepare(`DELETE FROM ${TABLE} WHERE "ReplayId" <= ?`),
      pruneByTime: db.prepare(`DELETE FROM ${TABLE} WHERE "CommitMs" < ?`),
    };
  }

  /** A new outermost transaction: its events share one transactionKey, numbered from 1. */
  public begin(): void {
    this.transactionKey = undefined;
    this.sequence = 0;
  }

  /** Called by the store's single write path, inside the write's transaction. */
  public record(entity: string, changeType: ChangeType, recordId: string, fields: Record<string, unknown>, changedFields: string[], nulledFields: string[]): void {
    if (!this.entities.has(entity)) return;
    const now = this.clock().getTime();
    this.transactionKey ??= randomUUID();
    const header: ChangeEventHeader = {
      entityName: entity, recordIds: [recordId], changeType, changeOrigin: 'com/salesforce/api/rest', transactionKey: this.transactionKey,
      sequenceNumber: ++this.sequence, commitTimestamp: now, commitNumber: now * 1000 + this.sequence, commitUser: this.userId(),
      nulledFields, diffFields: [], changedFields,
    };
    const data = { schema: `localorg-${entity}`, payload: { ChangeEventHeader: header, ...fields } };
    this.statements.insert.run(entity, now, JSON.stringify(data));
  }

  /** After the outermost commit: drop what is past retention, then tell the waiting clients. */
  public committed(): void {
    this.prune();
    for (const l of [...this.listeners]) l();
  }

  /** Called after each commit that may have published events. */
  public onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The replay id of the newest event ever published (0 before the first), retained or not. */
  public latestId(): number {
    const row = this.statements.latest.get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** The oldest replay id still retained; latestId() + 1 when none is. */
  public oldestId(): number {
    this.prune();
    const row = this.db.prepare(`SELECT MIN("ReplayId") AS id FROM ${TABLE}`).get() as { id: number | null };
    return row.id ?? this.latestId() + 1;
  }

  /** Events after `afterId` of the given entities, oldest first. */
  public since(afterId: number, entities: ReadonlySet<string>, limit = 500): ChangeEvent[] {
    if (entities.size === 0) return [];
    const list = [...entities];
    const rows = this.db
      .prepare(`SELECT "ReplayId", "Entity", "Data" FROM ${TABLE} WHERE "ReplayId" > ? AND "Entity" IN (${list.map(() => '?').join(', ')}) ORDER BY "ReplayId" LIMIT ?`)
      .all(afterId, ...list, limit) as { ReplayId: number; Entity: string; Data: string }[];
    return rows.map((r) => {
      const data = JSON.parse(r.Data) as Omit<ChangeEvent['data'], 'event'>;
      return { replayId: r.ReplayId, entity: r.Entity, channel: channelOf(r.Entity), data: { ...data, event: { replayId: r.ReplayId } } };
    });
  }

  /** Forgets every event up to and including `replayId` (tests: an expired replay id without waiting 72 hours). */
  public expireThrough(replayId: number): void {
    this.statements.pruneById.run(replayId);
  }

  private prune(): void {
    if (this.db.inTransaction) return;
    const cutoff = this.clock().getTime() - this.retentionMs;
    // two deletes, each on its index (an OR of both scans the table)
    this.statements.pruneById.run(this.latestId() - this.maxEvents);
    this.statements.pruneByTime.run(cutoff);
  }
}
