// The local org's storage engine: one SQLite table per object with typed columns, and the write path a real org
// runs on every DML: field validation, defaults, derived fields, formulas, roll-up summaries, and delete rules.
import Database from 'better-sqlite3';
import { API_VERSION } from '../schema/dataModel.js';
import { OPPORTUNITY_STAGES } from '../schema/standardObjects.js';
import { ChangeEventLog, type ChangeEventOptions, type ChangeType } from './changeEvents.js';
import { ApiError, invalidType, notFound, type RecordError } from './errors.js';
import { compileFormula, evaluateFormula, formulaFields, type CompiledFormula, type FormulaValue } from './formula.js';
import { makeId, randomId, toId18 } from './ids.js';
import type { FieldSpec, ObjectSpec, OrgSchema } from './schema.js';

export type SaveResult = { id?: string; success: boolean; errors: RecordError[] };
export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface WriteOptions {
  /** Lets seeding set fields no API client may write (Lead.IsConverted, CreatedDate, ...). */
  allowReadOnly?: boolean;
  /** CSV values arrive as text: "" means "leave alone" upstream, "#N/A" null; errors use Bulk API wording. */
  source?: 'json' | 'csv';
}

interface RollUp {
  parent: ObjectSpec;
  foreignKey: string;
  /** Parameters: parent id, then the filter values, then the parent id again. */
  sql: string;
  params: SqlValue[];
}

/** A parent's field a formula reads through a lookup or master-detail field: `Opportunity__r.Amount`. */
interface CrossRead {
  /** The reference field on the formula's own object (Opportunity__c). */
  foreignKey: string;
  parent: ObjectSpec;
  field: FieldSpec;
}

interface Formula {
  field: FieldSpec;
  compiled: CompiledFormula;
  reads: string[];
  /** Lower-case relationship path ("opportunity__r.amount") -> where its value lives. */
  crossReads: Map<string, CrossRead>;
}

/** Records whose formulas read fields of a parent; recomputed when one of those fields changes on the parent. */
interface Dependent {
  child: ObjectSpec;
  foreignKey: string;
  /** The parent's fields (API names) the child's formulas read. */
  fields: Set<string>;
}

export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Salesforce's datetime wire format: ISO 8601 in UTC with milliseconds and "+0000". */
export function sfDateTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const stageByName = new Map(OPPORTUNITY_STAGES.map((s) => [s.name.toLowerCase(), s]));

function columnType(f: FieldSpec): string {
  if (f.type === 'id') return 'TEXT PRIMARY KEY';
  if (f.type === 'boolean') return 'INTEGER NOT NULL DEFAULT 0';
  if (f.type === 'int') return 'INTEGER';
  if (NUMBER_TYPES.has(f.type)) return 'REAL';
  if (TEXT_TYPES.has(f.type)) return 'TEXT COLLATE NOCASE';
  return 'TEXT';
}

/** A stored column value as the REST API shows it. */
export function fromColumn(f: FieldSpec, v: SqlValue | undefined): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (f.type === 'boolean') return v === 1;
  return v;
}

/** A stored value as a formula sees it: a Percent field is a fraction there (30% = 0.3). */
function formulaValue(f: FieldSpec, v: SqlValue | undefined): FormulaValue {
  const out = fromColumn(f, v);
  return f.type === 'percent' && typeof out === 'number' ? out / 100 : out;
}

/** Half away from zero, as Salesforce rounds formula results to the field's scale. */
function roundHalfAway(n: number, scale: number): number {
  const factor = 10 ** scale;
  return (Math.sign(n) * Math.round(Number((Math.abs(n) * factor).toPrecision(15)))) / factor;
}

/** A formula's result as its column stores it: numbers at the field's scale, a Percent result back in percent. */
function formulaResult(f: FieldSpec, v: FormulaValue): SqlValue {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (!NUMBER_TYPES.has(f.type) || v === null || v === '') return v;
  const n = (typeof v === 'number' ? v : Number(v)) * (f.type === 'percent' ? 100 : 1);
  if (!Number.isFinite(n)) return null;
  return f.scale === undefined ? n : roundHalfAway(n, f.type === 'int' ? 0 : f.scale);
}

export class Engine {
  public readonly db: Database.Database;
  public readonly orgId: string;
  public readonly userId: string;
  /** Formulas the evaluator cannot compute; their fields stay null. */
  public readonly problems: string[] = [];
  private seq = 1;
  /** Object -> the last auto-number handed out (see autoNumber). */
  private readonly autoNumbers = new Map<string, number>();
  private readonly rollUps = new Map<string, RollUp[]>();
  private readonly formulas = new Map<string, Formula[]>();
  /** Parent object name -> the children whose formulas read it. */
  private readonly dependents = new Map<string, Dependent[]>();
  /** Columns added to a table that already existed (a data file from before a field was added). */
  private readonly addedColumns = new Map<string, Set<string>>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly writes = new Map<string, Database.Statement>();
  /** Change Data Capture: the events every committed write of an enabled entity publishes. */
  public readonly changeEvents: ChangeEventLog;

  public constructor(
    public readonly schema: OrgSchema,
    dataFile: string,
    private readonly clock: () => Date,
    username: string,
    changeEvents: ChangeEventOptions = {},
  ) {
    this.db = new Database(dataFile);
    if (dataFile !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    for (const obj of schema.objects) this.createTable(obj);
    this.changeEvents = new ChangeEventLog(this.db, clock, () => this.userId, changeEvents);
    this.seq = this.nextSequence();
    this.planComputedFields();
    this.backfillFormulas();
    // Each data file gets its own random org id, so two local orgs are never taken for one (checkpoints key on it).
    this.orgId = this.ensureRow('Organization', 'SELECT "Id" FROM "Organization" LIMIT 1', [], {
      Id: randomId('00D'),
      Name: 'PartnerLens Local Org', InstanceName: 'LOCAL', IsSandbox: 0, OrganizationType: 'Developer Edition', Country: 'US',
      DefaultLocaleSidKey: 'en_US', LanguageLocaleKey: 'en_US', TimeZoneSidKey: 'GMT',
    });
    this.userId = this.ensureRow('User', 'SELECT "Id" FROM "User" WHERE "Username" = ?', [username], {
      Username: username, FirstName: 'Local', LastName: 'Admin', Name: 'Local Admin', Email: username, Alias: 'ladmin', IsActive: 1,
      UserType: 'Standard', TimeZoneSidKey: 'GMT', LocaleSidKey: 'en_US', LanguageLocaleKey: 'en_US',
    });
  }

  public close(): void {
    this.db.close();
  }

  public object(name: string): ObjectSpec {
    const obj = this.schema.get(name);
    if (!obj) throw invalidType(name);
    return obj;
  }

  public statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  public now(): string {
    return sfDateTime(this.clock());
  }

  public today(): Date {
    return this.clock();
  }

  private createTable(obj: ObjectSpec): void {
    const existing = this.db.prepare(`PRAGMA table_info(${q(obj.name)})`).all() as { name: string }[];
    if (existing.length === 0) {
      this.db.exec(`CREATE TABLE ${q(obj.name)} (${obj.fields.map((f) => `${q(f.name)} ${columnType(f)}`).join(', ')})`);
    } else {
      const have = new Set(existing.map((c) => c.name.toLowerCase()));
      for (const f of obj.fields) {
        if (have.has(f.name.toLowerCase())) continue;
        this.db.exec(`ALTER TABLE ${q(obj.name)} ADD COLUMN ${q(f.name)} ${columnType(f).replace(' NOT NULL', '')}`);
        this.addedColumns.set(obj.name, (this.addedColumns.get(obj.name) ?? new Set()).add(f.name));
      }
    }
    const index = (suffix: string, body: string, unique = false, partial = ''): void => {
      this.db.exec(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${q(`ix_${obj.name}_${suffix}`)} ON ${q(obj.name)} (${body})${partial}`);
    };
    index('SystemModstamp', q('SystemModstamp'));
    for (const f of obj.fields) {
      if (f.type === 'reference') index(f.name, q(f.name));
      if (f.unique) index(f.name, `${q(f.name)} COLLATE ${f.caseSensitive ? 'BINARY' : 'NOCASE'}`, true, ` WHERE "IsDeleted" = 0`);
      else if (f.externalId || f.nameField) index(f.name, q(f.name));
    }
  }

  /** Ids are base-62 counters, and base-62 digits sort in ASCII order, so the largest stored id gives the next counter. */
  private nextSequence(): number {
    let max = 0;
    for (const obj of this.schema.objects) {
      const row = this.db.prepare(`SELECT "Id" FROM ${q(obj.name)} ORDER BY "Id" DESC LIMIT 1`).get() as { Id: string } | undefined;
      if (!row) continue;
      let n = 0;
      for (const c of row.Id.slice(6, 15)) n = n * 62 + '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.indexOf(c);
      max = Math.max(max, n);
    }
    return max + 1;
  }

  private ensureRow(object: string, find: string, params: SqlValue[], values: Row): string {
    const found = this.db.prepare(find).get(...params) as { Id: string } | undefined;
    if (found) return found.Id;
    const obj = this.object(object);
    const id = typeof values.Id === 'string' ? values.Id : makeId(obj.keyPrefix, this.seq++);
    const now = this.now();
    const row: Row = { ...values, Id: id, IsDeleted: 0, CreatedDate: now, LastModifiedDate: now, SystemModstamp: now };
    const cols = Object.keys(row);
    this.db.prepare(`INSERT INTO ${q(obj.name)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c] ?? null));
    return id;
  }

  /**
   * Compiles the formulas and roll-ups. What the local org cannot compute is refused here, named in `problems`
   * (`Object.Field: why`), and the field stays null: unknown fields, paths through more than one relationship, a
   * parent field that itself reads another object, roll-ups over formulas that read another object.
   */
  private planComputedFields(): void {
    for (const obj of this.schema.objects) {
      for (const field of obj.fields) {
        if (!field.formula) continue;
        try {
          const formula = this.planFormula(obj, field, field.formula);
          this.formulas.set(obj.name, [...(this.formulas.get(obj.name) ?? []), formula]);
        } catch (e) {
          this.problems.push(`${obj.name}.${field.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    const crossObject = this.crossObjectFields();
    for (const [name, list] of this.formulas) {
      const kept = list.filter((f) => {
        const chained = [...f.crossReads].find(([, c]) => crossObject.has(`${c.parent.name}.${c.field.name}`));
        if (chained) {
          const [, c] = chained;
          this.problems.push(`${name}.${f.field.name}: ${c.parent.name}.${c.field.name} (read as ${f.reads.find((r) => r.toLowerCase() === chained[0]) ?? chained[0]}) is itself computed from another object; only one relationship level is supported`);
        }
        return !chained;
      });
      this.formulas.set(name, kept);
      for (const f of kept) {
        for (const c of f.crossReads.values()) {
          const list = this.dependents.get(c.parent.name) ?? [];
          let dep = list.find((d) => d.child.name === name && d.foreignKey === c.foreignKey);
          if (!dep) {
            dep = { child: this.object(name), foreignKey: c.foreignKey, fields: new Set() };
            list.push(dep);
          }
          dep.fields.add(c.field.name);
          this.dependents.set(c.parent.name, list);
        }
      }
    }
    for (const parent of this.schema.objects) {
      for (const field of parent.fields) {
        if (!field.summary) continue;
        const [childName, fk] = field.summary.foreignKey.split('.');
        const child = this.schema.get(childName ?? '');
        if (!child || !fk) continue;
        const where = [`${q(fk)} = ?`, '"IsDeleted" = 0'];
        const params: SqlValue[] = [];
        for (const filter of field.summary.filters) {
          const column = q(filter.field.split('.')[1] ?? '');
          const values = filter.value.split(',').map((v) => v.trim());
          const ops: Record<string, string> = { lessThan: '<', greaterThan: '>', lessOrEqual: '<=', greaterOrEqual: '>=' };
          if (filter.operation === 'equals' || filter.operation === 'notEqual') {
            where.push(`${filter.operation === 'notEqual' ? 'NOT ' : ''}COALESCE(${column} IN (${values.map(() => '?').join(', ')}), 0)`);
            params.push(...values);
          } else if (ops[filter.operation]) {
            where.push(`${column} ${ops[filter.operation]} ?`);
            params.push(values[0] ?? '');
          } else {
            this.problems.push(`${parent.name}.${field.name}: roll-up filter operation ${filter.operation} is not supported`);
          }
        }
        const overFormula = [field.summary.summarizedField, ...field.summary.filters.map((f) => f.field)].find((f) => f && crossObject.has(f));
        if (overFormula) {
          this.problems.push(`${parent.name}.${field.name}: a roll-up over ${overFormula}, a formula that reads another object, is not supported`);
          continue;
        }
        const summarized = field.summary.summarizedField ? q(field.summary.summarizedField.split('.')[1] ?? '') : '*';
        const agg = field.summary.operation === 'count' ? 'COUNT(*)' : `${field.summary.operation.toUpperCase()}(${summarized})`;
        const sql = `UPDATE ${q(parent.name)} SET ${q(field.name)} = (SELECT ${agg} FROM ${q(child.name)} WHERE ${where.join(' AND ')}) WHERE "Id" = ?`;
        const list = this.rollUps.get(child.name) ?? [];
        list.push({ parent, foreignKey: fk, sql, params });
        this.rollUps.set(child.name, list);
      }
    }
  }

  /** One formula: its own fields by name, a parent's field through one lookup or master-detail (`Rel__r.Field`). */
  private planFormula(obj: ObjectSpec, field: FieldSpec, source: string): Formula {
    const compiled = compileFormula(source);
    const reads = formulaFields(compiled);
    const crossReads = new Map<string, CrossRead>();
    const unknown: string[] = [];
    for (const path of reads) {
      const parts = path.split('.');
      if (parts.length === 1) {
        if (!obj.byName.has(path.toLowerCase())) unknown.push(path);
        continue;
      }
      if (parts.length > 2) throw new Error(`${path} spans ${parts.length - 1} relationships; only one level (Rel__r.Field) is supported`);
      const [rel = '', name = ''] = parts;
      const ref = obj.byRelationship.get(rel.toLowerCase());
      const parent = ref?.referenceTo ? this.schema.get(ref.referenceTo) : undefined;
      if (!ref || !parent) throw new Error(`${path}: ${rel} is not a lookup or master-detail relationship of ${obj.name}`);
      const target = parent.byName.get(name.toLowerCase());
      if (!target) unknown.push(path);
      else crossReads.set(path.toLowerCase(), { foreignKey: ref.name, parent, field: target });
    }
    if (unknown.length > 0) throw new Error(`unknown field(s) ${unknown.join(', ')}`);
    return { field, compiled, reads, crossReads };
  }

  /** `Object.Field` of every formula that reads another object, directly or through another formula of its object. */
  private crossObjectFields(): Set<string> {
    const out = new Set<string>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const [name, list] of this.formulas) {
        const obj = this.object(name);
        for (const f of list) {
          const key = `${name}.${f.field.name}`;
          if (out.has(key)) continue;
          const viaOwn = f.reads.some((r) => !r.includes('.') && out.has(`${name}.${obj.byName.get(r.toLowerCase())?.name ?? r}`));
          if (f.crossReads.size > 0 || viaOwn) {
            out.add(key);
            grew = true;
          }
        }
      }
    }
    return out;
  }

  /**
   * A data file from before a formula field existed gets the new column empty; Salesforce computes formulas on read,
   * so every existing record gets its value once, here (timestamps unchanged).
   */
  private backfillFormulas(): void {
    for (const [name, added] of this.addedColumns) {
      const obj = this.object(name);
      const formulas = (this.formulas.get(name) ?? []).filter((f) => added.has(f.field.name));
      if (formulas.length === 0) continue;
      this.atomic(() => {
        for (const row of this.statement(`SELECT * FROM ${q(name)}`).all() as Row[]) this.rewriteFormulas(obj, row);
      });
    }
  }

  /** Runs fn atomically; nested calls become savepoints, so one record can fail without undoing its batch. */
  public atomic<T>(fn: () => T): T {
    // Hand-rolled rather than db.transaction(fn): that builds a wrapper per call, which dominated bulk loads.
    const nested = this.db.inTransaction;
    this.statement(nested ? 'SAVEPOINT atomic' : 'BEGIN').run();
    if (!nested) this.changeEvents.begin();
    try {
      const out = fn();
      this.statement(nested ? 'RELEASE atomic' : 'COMMIT').run();
      // the change events written in this transaction are now published (a rollback took them with it)
      if (!nested) this.changeEvents.committed();
      return out;
    } catch (e) {
      if (nested) {
        this.statement('ROLLBACK TO atomic').run();
        this.statement('RELEASE atomic').run();
      } else if (this.db.inTransaction) {
        this.statement('ROLLBACK').run();
      }
      throw e;
    }
  }

  public readRow(obj: ObjectSpec, id: string): Row | undefined {
    return this.statement(`SELECT * FROM ${q(obj.name)} WHERE "Id" = ?`).get(id) as Row | undefined;
  }

  // ---- validation ------------------------------------------------------------------------------------------

  private field(obj: ObjectSpec, name: string): FieldSpec {
    const f = obj.byName.get(name.toLowerCase());
    if (!f) throw new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${obj.name}`, [name]);
    return f;
  }

  private typeError(f: FieldSpec, value: unknown, opts: WriteOptions): ApiError {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    return opts.source === 'csv'
      ? new ApiError(400, 'INVALID_FIELD', `Failed to deserialize field ${f.name}: '${shown}' is not a valid value for the type ${f.type}`, [f.name])
      : new ApiError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${f.type} from ${typeof value === 'string' ? 'VALUE_STRING' : 'VALUE'} value ${shown} or request may be missing a required field`, [f.name]);
  }

  /** Converts one client value to its column value, checking type, length, picklist, e-mail and numeric range. */
  private coerce(obj: ObjectSpec, f: FieldSpec, value: unknown, opts: WriteOptions): SqlValue {
    if (value === null || value === undefined || (value === '' && f.type !== 'boolean')) {
      if (f.type === 'boolean') return 0;
      return null;
    }
    if (typeof value === 'object') throw this.typeError(f, value, opts);
    if (f.type === 'boolean') {
      if (typeof value === 'boolean') return value ? 1 : 0;
      const s = String(value).toLowerCase();
      if (s === 'true' || s === '1') return 1;
      if (s === 'false' || s === '0' || s === '') return 0;
      throw this.typeError(f, value, opts);
    }
    if (NUMBER_TYPES.has(f.type)) {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw this.typeError(f, value, opts);
      const scale = f.type === 'int' ? 0 : (f.scale ?? 2);
      const precision = f.precision ?? 18;
      const rounded = Math.round(n * 10 ** scale) / 10 ** scale;
      if (Math.abs(rounded) >= 10 ** (precision - scale)) {
        throw new ApiError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `${f.label}: value outside of valid range on numeric field: ${String(value)}`, [f.name]);
      }
      return rounded;
    }
    if (f.type === 'date') {
      const s = String(value);
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(s);
      const d = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`) : undefined;
      if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s.slice(0, 10)) throw this.typeError(f, value, opts);
      return s.slice(0, 10);
    }
    if (f.type === 'datetime') {
      const s = String(value);
      const d = /^\d{4}-\d{2}-\d{2}/.test(s) ? new Date(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : new Date(NaN);
      if (Number.isNaN(d.getTime())) throw this.typeError(f, value, opts);
      return sfDateTime(d);
    }
    if (f.type === 'reference' || f.type === 'id') return this.reference(obj, f, String(value));
    const s = typeof value === 'string' ? value : String(value);
    if (f.length !== undefined && s.length > f.length) {
      throw new ApiError(400, 'STRING_TOO_LONG', `${f.label}: data value too large: ${s.length > 60 ? `${s.slice(0, 60)}...` : s} (max length=${f.length})`, [f.name]);
    }
    if (f.type === 'picklist' && f.picklist?.restricted && !f.picklist.values.includes(s)) {
      throw new ApiError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${f.label}: bad value for restricted picklist field: ${s}`, [f.name]);
    }
    if (f.type === 'email' && !EMAIL.test(s)) throw new ApiError(400, 'INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${s}`, [f.name]);
    return s;
  }

  private reference(_obj: ObjectSpec, f: FieldSpec, raw: string): string {
    const id = toId18(raw);
    if (!id) throw new ApiError(400, 'MALFORMED_ID', `${f.label}: id value of incorrect type: ${raw}`, [f.name]);
    // a polymorphic lookup (Task.WhatId) takes any of its targets, found by the id's key prefix
    const target = f.polymorphicTo
      ? f.polymorphicTo.map((name) => this.schema.get(name)).find((o) => o?.keyPrefix === id.slice(0, 3))
      : f.referenceTo ? this.schema.get(f.referenceTo) : undefined;
    if (!target || target.keyPrefix !== id.slice(0, 3)) {
      throw new ApiError(400, 'FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${raw}`, [f.name]);
    }
    const row = this.statement(`SELECT "IsDeleted" FROM ${q(target.name)} WHERE "Id" = ?`).get(id) as { IsDeleted: number } | undefined;
    if (!row) throw new ApiError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [f.name]);
    if (row.IsDeleted) throw new ApiError(400, 'ENTITY_IS_DELETED', 'entity is deleted', [f.name]);
    return id;
  }

  private checkUnique(obj: ObjectSpec, values: Row, selfId?: string): void {
    for (const f of obj.fields) {
      if (!f.unique || values[f.name] === undefined || values[f.name] === null) continue;
      const dup = this.statement(
        `SELECT "Id" FROM ${q(obj.name)} WHERE ${q(f.name)} = ? COLLATE ${f.caseSensitive ? 'BINARY' : 'NOCASE'} AND "IsDeleted" = 0 AND "Id" IS NOT ?`,
      ).get(values[f.name], selfId ?? null) as { Id: string } | undefined;
      if (dup) throw new ApiError(400, 'DUPLICATE_VALUE', `duplicate value found: ${f.name} duplicates value on record with id: ${dup.Id}`, []);
    }
  }

  /** Validates and converts a client's field map into column values. */
  private prepare(obj: ObjectSpec, input: Record<string, unknown>, mode: 'insert' | 'update', opts: WriteOptions): Row {
    const values: Row = {};
    const readOnly: string[] = [];
    const fields: [FieldSpec, unknown][] = [];
    for (const [name, raw] of Object.entries(input)) {
      if (name === 'attributes' || (mode === 'update' && name.toLowerCase() === 'id')) continue;
      const foreign = this.foreignKey(obj, name, raw);
      const f = foreign?.field ?? this.field(obj, name);
      const value = foreign ? foreign.id : raw;
      const writable = mode === 'insert' ? f.createable : f.updateable;
      // A non-reparentable master-detail field is ignored on update, as Salesforce does (upserts resend it).
      if (mode === 'update' && f.createOnly && f.createable && !opts.allowReadOnly) continue;
      if (!writable && !opts.allowReadOnly) readOnly.push(f.name);
      else fields.push([f, value]);
    }
    if (readOnly.length > 0) {
      throw new ApiError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, readOnly);
    }
    for (const [f, value] of fields) values[f.name] = this.coerce(obj, f, value, opts);
    return values;
  }

  /**
   * A parent named by its external id: "Partner__r.External_Id__c" (CSV) or {"Partner__r": {"External_Id__c": "x"}}
   * (JSON), resolved to the reference field and the parent's Id.
   */
  private foreignKey(obj: ObjectSpec, name: string, value: unknown): { field: FieldSpec; id: string | null } | undefined {
    const nested = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!name.includes('.') && !nested) return undefined;
    const entries = nested ? Object.entries(value as Record<string, unknown>).filter(([k]) => k !== 'attributes') : [];
    const [rel, ext] = nested ? [name, entries[0]?.[0] ?? ''] : name.split('.', 2) as [string, string];
    const extValue = nested ? entries[0]?.[1] : value;
    const field = obj.byRelationship.get(rel.toLowerCase());
    const target = field?.referenceTo ? this.schema.get(field.referenceTo) : undefined;
    if (!field || !target) throw new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${obj.name}`, [name]);
    if (extValue === null || extValue === undefined || extValue === '') return { field, id: null };
    const ids = this.findByExternalId(target, ext, String(extValue));
    if (ids.length !== 1) {
      throw new ApiError(400, 'INVALID_FIELD', `Foreign key external ID: ${String(extValue)} ${ids.length === 0 ? 'not found' : 'matches more than one record'} for field ${ext} in entity ${target.name}`, [field.name]);
    }
    return { field, id: ids[0]! };
  }

  private applyDefaults(obj: ObjectSpec, values: Row): void {
    for (const f of obj.fields) {
      if (values[f.name] !== undefined) continue;
      if (f.summary) values[f.name] = f.summary.operation === 'count' || f.summary.operation === 'sum' ? 0 : null;
      else if (f.defaultValue === '$User') values[f.name] = this.userId;
      else if (f.picklist?.default !== undefined) values[f.name] = f.picklist.default;
      else if (typeof f.defaultValue === 'boolean') values[f.name] = f.defaultValue ? 1 : 0;
      else if (f.defaultValue !== undefined) values[f.name] = f.defaultValue;
      else if (f.type === 'boolean') values[f.name] = 0;
    }
  }

  private requireFields(obj: ObjectSpec, row: Row): void {
    const missing = obj.fields.filter((f) => f.required && (row[f.name] === null || row[f.name] === undefined || row[f.name] === '')).map((f) => f.name);
    if (missing.length > 0) throw new ApiError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  }

  /** Fields the org derives from others: compound names, Opportunity stage facts, formulas. */
  private derive(obj: ObjectSpec, row: Row, changed: Row): void {
    if (obj.byName.has('firstname') && obj.byName.get('name')?.readOnly && ('FirstName' in changed || 'LastName' in changed || row.Name == null)) {
      row.Name = [row.FirstName, row.LastName].filter((v) => v !== null && v !== undefined && v !== '').join(' ');
    }
    if (obj.name === 'Opportunity') {
      const stage = stageByName.get(String(row.StageName ?? '').toLowerCase());
      row.IsClosed = stage?.closed ? 1 : 0;
      row.IsWon = stage?.won ? 1 : 0;
      if ('StageName' in changed && stage) {
        if (!('Probability' in changed)) row.Probability = stage.probability;
        if (!('ForecastCategoryName' in changed)) row.ForecastCategoryName = stage.forecast;
      }
      row.ExpectedRevenue = row.Amount == null ? null : Math.round(Number(row.Amount) * Number(row.Probability ?? 0)) / 100;
    }
    // a new org's task statuses: only Completed closes a task
    if (obj.name === 'Task') row.IsClosed = row.Status === 'Completed' ? 1 : 0;
    this.computeFormulas(obj, row);
  }

  /** Evaluates obj's formulas into row; a parent's fields are read from its stored row (materialised formulas and roll-ups included). */
  private computeFormulas(obj: ObjectSpec, row: Row): void {
    const parents = new Map<string, Row | undefined>();
    const parentRow = (c: CrossRead): Row | undefined => {
      const id = row[c.foreignKey];
      if (typeof id !== 'string') return undefined;
      const key = `${c.parent.name}:${id}`;
      if (!parents.has(key)) parents.set(key, this.readRow(c.parent, id));
      const found = parents.get(key);
      return found && !found.IsDeleted ? found : undefined;
    };
    for (const { field, compiled, crossReads } of this.formulas.get(obj.name) ?? []) {
      const v = evaluateFormula(compiled, (name) => {
        const cross = crossReads.get(name.toLowerCase());
        if (cross) return formulaValue(cross.field, parentRow(cross)?.[cross.field.name]);
        const f = obj.byName.get(name.toLowerCase());
        return f ? formulaValue(f, row[f.name]) : null;
      });
      row[field.name] = formulaResult(field, v);
    }
  }

  /** Recomputes a stored row's formulas and writes the columns that changed (no timestamps: see refreshDependents). */
  private rewriteFormulas(obj: ObjectSpec, row: Row): void {
    const before = { ...row };
    this.computeFormulas(obj, row);
    const cols = Object.keys(row).filter((c) => c !== 'Id' && row[c] !== before[c]);
    if (cols.length > 0) this.write(obj, row, cols, false);
  }

  /**
   * After a parent's fields changed (an update, a roll-up), recomputes the formulas of its children that read them,
   * in the same transaction. Only the formula columns change: on Salesforce a cross-object formula is evaluated when
   * read, so the child's LastModifiedDate and SystemModstamp stay as they were.
   */
  private refreshDependents(parent: ObjectSpec, id: string, changed: string[]): void {
    const deps = this.dependents.get(parent.name);
    if (!deps || changed.length === 0) return;
    for (const d of deps) {
      if (!changed.some((c) => d.fields.has(c))) continue;
      const kids = this.statement(`SELECT * FROM ${q(d.child.name)} WHERE ${q(d.foreignKey)} = ? AND "IsDeleted" = 0`).all(id) as Row[];
      for (const kid of kids) this.rewriteFormulas(d.child, kid);
    }
  }

  private write(obj: ObjectSpec, row: Row, columns: string[], insert: boolean): void {
    // found by a short key: building and hashing each statement's full SQL was a tenth of a bulk load's time
    const key = `${insert ? 'I' : 'U'}|${obj.name}|${columns.join('|')}`;
    let st = this.writes.get(key);
    if (st === undefined) {
      st = this.statement(
        insert
          ? `INSERT INTO ${q(obj.name)} (${columns.map(q).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
          : `UPDATE ${q(obj.name)} SET ${columns.map((c) => `${q(c)} = ?`).join(', ')} WHERE "Id" = ?`,
      );
      this.writes.set(key, st);
    }
    const values = columns.map((c) => row[c] ?? null);
    if (insert) st.run(...values);
    else st.run(...values, row.Id);
  }

  /** Recomputes roll-up summaries on the parents a child write touched (and the parents' formulas). */
  private rollUp(child: ObjectSpec, parentIds: Map<string, Set<string>>): void {
    const touched = new Map<string, { parent: ObjectSpec; id: string; rollUps: RollUp[] }>();
    for (const r of this.rollUps.get(child.name) ?? []) {
      for (const id of parentIds.get(r.foreignKey) ?? []) {
        const key = `${r.parent.name}:${id}`;
        const entry = touched.get(key) ?? { parent: r.parent, id, rollUps: [] };
        entry.rollUps.push(r);
        touched.set(key, entry);
      }
    }
    const now = this.now();
    for (const { parent, id, rollUps } of touched.values()) {
      // the row before the roll-up, only where children's formulas read the parent (refreshDependents compares)
      const dependents = this.dependents.has(parent.name);
      const original = dependents ? this.readRow(parent, id) : undefined;
      for (const r of rollUps) this.statement(r.sql).run(id, ...r.params, id);
      const row = this.readRow(parent, id);
      if (!row) continue;
      const summed = { ...row };
      this.derive(parent, row, {});
      row.SystemModstamp = now;
      row.LastModifiedDate = now;
      const cols = Object.keys(row).filter((c) => c !== 'Id' && row[c] !== summed[c]);
      this.write(parent, row, [...cols, 'SystemModstamp', 'LastModifiedDate'], false);
      if (original) this.refreshDependents(parent, id, Object.keys(row).filter((c) => row[c] !== original[c]));
    }
  }

  private parentKeys(obj: ObjectSpec, ...rows: (Row | undefined)[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const r of this.rollUps.get(obj.name) ?? []) {
      const ids = out.get(r.foreignKey) ?? new Set<string>();
      for (const row of rows) {
        const v = row?.[r.foreignKey];
        if (typeof v === 'string') ids.add(v);
      }
      out.set(r.foreignKey, ids);
    }
    return out;
  }

  // ---- DML (throws ApiError) -------------------------------------------------------------------------------

  public insertRecord(objectName: string, input: Record<string, unknown>, opts: WriteOptions = {}): string {
    const obj = this.object(objectName);
    return this.atomic(() => this.insertIn(obj, input, opts));
  }

  /** insertRecord's work, inside a transaction or savepoint its caller holds. */
  private insertIn(obj: ObjectSpec, input: Record<string, unknown>, opts: WriteOptions): string {
    if (!obj.createable && !opts.allowReadOnly) throw new ApiError(400, 'INVALID_TYPE', `entity type ${obj.name} does not support insert`);
    if (Object.keys(input).some((k) => k.toLowerCase() === 'id') && !opts.allowReadOnly) {
      throw new ApiError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
    }
    const changed = this.prepare(obj, input, 'insert', opts);
    const row: Row = { ...changed };
    this.applyDefaults(obj, row);
    this.requireFields(obj, row);
    this.checkUnique(obj, row);
    const now = this.now();
    const id = typeof row.Id === 'string' ? row.Id : makeId(obj.keyPrefix, this.seq++);
    Object.assign(row, { Id: id, IsDeleted: 0, CreatedById: row.CreatedById ?? this.userId, LastModifiedById: row.LastModifiedById ?? this.userId });
    row.CreatedDate ??= now;
    row.LastModifiedDate ??= row.CreatedDate;
    row.SystemModstamp ??= row.LastModifiedDate;
    if (obj.autoNumberFormat && row.Name == null) row.Name = this.autoNumber(obj);
    this.derive(obj, row, changed);
    this.write(obj, row, Object.keys(row), true);
    this.rollUp(obj, this.parentKeys(obj, row));
    this.publish(obj, 'CREATE', row, Object.keys(row));
    return id;
  }

  /**
   * The next number of an auto-number Name. Counted here after the first (a COUNT(*) per insert made bulk loads
   * quadratic); like Salesforce's, a number is used up by a rolled-back insert and never handed out twice.
   */
  private autoNumber(obj: ObjectSpec): string {
    const last = this.autoNumbers.get(obj.name) ?? (this.statement(`SELECT COUNT(*) AS n FROM ${q(obj.name)}`).get() as { n: number }).n;
    this.autoNumbers.set(obj.name, last + 1);
    const format = obj.autoNumberFormat ?? '{0}';
    return format.replace(/\{(0+)\}/, (_m, zeros: string) => String(last + 1).padStart(zeros.length, '0'));
  }

  private existing(obj: ObjectSpec, rawId: string): Row {
    const id = toId18(rawId);
    if (!id || id.slice(0, 3) !== obj.keyPrefix) throw new ApiError(400, 'MALFORMED_ID', `${obj.label} ID: id value of incorrect type: ${rawId}`, ['Id']);
    const row = this.readRow(obj, id);
    if (!row) throw new ApiError(404, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
    if (row.IsDeleted) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
    return row;
  }

  public updateRecord(objectName: string, rawId: string, input: Record<string, unknown>, opts: WriteOptions = {}): string {
    const obj = this.object(objectName);
    return this.atomic(() => this.updateIn(obj, rawId, input, opts));
  }

  /** updateRecord's work, inside a transaction or savepoint its caller holds. */
  private updateIn(obj: ObjectSpec, rawId: string, input: Record<string, unknown>, opts: WriteOptions): string {
    const before = this.existing(obj, rawId);
    const changed = this.prepare(obj, input, 'update', opts);
    const row: Row = { ...before, ...changed };
    this.requireFields(obj, row);
    this.checkUnique(obj, changed, before.Id as string);
    const now = this.now();
    Object.assign(row, { LastModifiedDate: now, SystemModstamp: now, LastModifiedById: this.userId });
    this.derive(obj, row, changed);
    const cols = Object.keys(row).filter((c) => c !== 'Id' && row[c] !== before[c]);
    this.write(obj, row, cols, false);
    this.rollUp(obj, this.parentKeys(obj, before, row));
    this.refreshDependents(obj, row.Id as string, cols);
    this.publish(obj, 'UPDATE', row, cols);
    return row.Id as string;
  }

  /** Finds records by an external id (or Id) field, case-sensitively when the field is. */
  public findByExternalId(obj: ObjectSpec, fieldName: string, value: string): string[] {
    const f = obj.byName.get(fieldName.toLowerCase());
    if (!f || !(f.externalId || f.type === 'id')) {
      throw new ApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${fieldName}`);
    }
    if (f.type === 'id') {
      const id = toId18(value);
      const row = id ? this.readRow(obj, id) : undefined;
      return row && !row.IsDeleted ? [row.Id as string] : [];
    }
    const rows = this.statement(
      `SELECT "Id" FROM ${q(obj.name)} WHERE ${q(f.name)} = ? COLLATE ${f.caseSensitive ? 'BINARY' : 'NOCASE'} AND "IsDeleted" = 0 LIMIT 2`,
    ).all(value) as { Id: string }[];
    return rows.map((r) => r.Id);
  }

  public upsertRecord(objectName: string, extField: string, extId: string, input: Record<string, unknown>, opts: WriteOptions = {}): { id: string; created: boolean } {
    const obj = this.object(objectName);
    return this.atomic(() => {
      const matches = this.findByExternalId(obj, extField, extId);
      if (matches.length > 1) {
        throw new ApiError(300, 'DUPLICATE_EXTERNAL_ID', `${extField}: more than one record found for external id field: [${matches.join(', ')}]`, [extField]);
      }
      const f = obj.byName.get(extField.toLowerCase());
      const fields = Object.fromEntries(Object.entries(input).filter(([k]) => k.toLowerCase() !== extField.toLowerCase()));
      // the upsert's own savepoint covers the write: no second one inside it
      if (matches[0]) return { id: this.updateIn(obj, matches[0], fields, opts), created: false };
      if (f?.type === 'id') throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
      return { id: this.insertIn(obj, { ...fields, [f?.name ?? extField]: extId }, opts), created: true };
    });
  }

  public deleteRecord(objectName: string, rawId: string): string {
    const obj = this.object(objectName);
    return this.atomic(() => {
      const row = this.existing(obj, rawId);
      this.softDelete(obj, row);
      return row.Id as string;
    });
  }

  private softDelete(obj: ObjectSpec, row: Row): void {
    const id = row.Id as string;
    const now = this.now();
    for (const rel of obj.childRelationships) {
      const child = this.object(rel.childSObject);
      const kids = this.statement(`SELECT * FROM ${q(child.name)} WHERE ${q(rel.field)} = ? AND "IsDeleted" = 0`).all(id) as Row[];
      if (kids.length === 0) continue;
      if (rel.restrictedDelete) {
        const names = kids.slice(0, 5).map((k) => String(k[child.nameField] ?? k.Id)).join(', ');
        throw new ApiError(400, 'DELETE_FAILED', `Your attempt to delete ${String(row[obj.nameField] ?? id)} could not be completed because it is associated with the following ${child.labelPlural.toLowerCase()}.: ${names}`, []);
      }
      if (rel.cascadeDelete) {
        for (const kid of kids) this.softDelete(child, kid);
      } else {
        this.statement(`UPDATE ${q(child.name)} SET ${q(rel.field)} = NULL, "SystemModstamp" = ?, "LastModifiedDate" = ? WHERE ${q(rel.field)} = ? AND "IsDeleted" = 0`).run(now, now, id);
        // The children's formulas that read the parent (or the cleared lookup) now see a blank.
        if (this.formulas.has(child.name)) {
          for (const kid of kids) this.rewriteFormulas(child, { ...kid, [rel.field]: null });
        }
      }
    }
    this.statement(`UPDATE ${q(obj.name)} SET "IsDeleted" = 1, "SystemModstamp" = ?, "LastModifiedDate" = ?, "LastModifiedById" = ? WHERE "Id" = ?`).run(now, now, this.userId, id);
    this.rollUp(obj, this.parentKeys(obj, row));
    this.publish(obj, 'DELETE', row, []);
  }

  /**
   * The change event of one record write (Change Data Capture). As on Salesforce, formula and roll-up values are not
   * part of it, a CREATE carries the fields that have a value, an UPDATE the fields that changed (changedFields,
   * nulledFields for those now blank), a DELETE only its header.
   */
  private publish(obj: ObjectSpec, changeType: ChangeType, row: Row, columns: string[]): void {
    if (!this.changeEvents.entities.has(obj.name)) return;
    const fields: Record<string, unknown> = {};
    const changed: string[] = [];
    const nulled: string[] = [];
    if (changeType !== 'DELETE') {
      for (const c of columns) {
        const f = obj.byName.get(c.toLowerCase());
        if (!f || f.type === 'id' || f.formula !== undefined || f.summary !== undefined || c === 'IsDeleted') continue;
        const value = fromColumn(f, row[c]);
        if (value === null && changeType === 'CREATE') continue;
        const wire = f.type === 'datetime' && typeof value === 'string' ? value.replace(/\+0000$/, 'Z') : value;
        fields[f.name] = wire;
        if (changeType === 'UPDATE') {
          changed.push(f.name);
          if (value === null) nulled.push(f.name);
        }
      }
    }
    this.changeEvents.record(obj.name, changeType, row.Id as string, fields, changed, nulled);
  }

  /** One record as REST shows it; fields limits the columns (unknown names are INVALID_FIELD). */
  public getRecord(objectName: string, rawId: string, fields?: string[], version = API_VERSION): Record<string, unknown> {
    const obj = this.object(objectName);
    const id = toId18(rawId);
    const row = id ? this.readRow(obj, id) : undefined;
    if (!row || row.IsDeleted) throw notFound();
    const specs = fields ? fields.map((n) => this.field(obj, n)) : obj.fields;
    const out: Record<string, unknown> = { attributes: { type: obj.name, url: `/services/data/v${version}/sobjects/${obj.name}/${row.Id as string}` } };
    for (const f of specs) out[f.name] = fromColumn(f, row[f.name]);
    return out;
  }

  // ---- SaveResult wrappers for in-process callers ------------------------------------------------------------

  public static result(fn: () => string): SaveResult {
    try {
      return { id: fn(), success: true, errors: [] };
    } catch (e) {
      if (e instanceof ApiError) return { success: false, errors: [e.toRecordError()] };
      throw e;
    }
  }
}
