// The object model the UI API layer works from, built from the org's REST describe results: the UI API
// answers from what any describe client sees, not from the engine's internals.
import { z } from 'zod';
import { ApiError } from '../errors.js';

const describeFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  scale: z.number().default(0),
  precision: z.number().default(0),
  length: z.number().default(0),
  nameField: z.boolean().default(false),
  nillable: z.boolean().default(true),
  createable: z.boolean().default(false),
  updateable: z.boolean().default(false),
  defaultedOnCreate: z.boolean().default(false),
  custom: z.boolean().default(false),
  calculated: z.boolean().default(false),
  unique: z.boolean().default(false),
  inlineHelpText: z.string().nullish(),
  referenceTo: z.array(z.string()).default([]),
  relationshipName: z.string().nullish(),
  picklistValues: z.array(z.object({ value: z.string(), label: z.string(), defaultValue: z.boolean().default(false) })).default([]),
});

const describeSchema = z.object({
  name: z.string(),
  label: z.string(),
  labelPlural: z.string(),
  keyPrefix: z.string().nullish(),
  custom: z.boolean().default(false),
  createable: z.boolean().default(false),
  fields: z.array(describeFieldSchema),
  childRelationships: z.array(z.object({ childSObject: z.string(), field: z.string(), relationshipName: z.string().nullish() })).default([]),
});

const globalSchema = z.object({ sobjects: z.array(z.object({ name: z.string(), keyPrefix: z.string().nullish() })) });

export interface UiField {
  name: string;
  label: string;
  /** describe's type: string, picklist, reference, currency, percent, date, datetime, boolean, ... */
  type: string;
  scale: number;
  precision: number;
  length: number;
  nameField: boolean;
  required: boolean;
  createable: boolean;
  updateable: boolean;
  custom: boolean;
  calculated: boolean;
  unique: boolean;
  helpText: string | null;
  referenceTo?: string;
  relationshipName?: string;
  picklist: { value: string; label: string; default: boolean }[];
}

export interface UiObject {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  nameField: string;
  fields: UiField[];
  /** Exact field name -> field. */
  byName: Map<string, UiField>;
  /** Exact parent relationship name (Partner__r, Account) -> its lookup field. */
  byRelationship: Map<string, UiField>;
  childRelationships: { childSObject: string; field: string; relationshipName: string }[];
}

export interface UiSchema {
  get(name: string): UiObject | undefined;
  byKeyPrefix(prefix: string): UiObject | undefined;
}

/** The describe calls of the local org's store (OrgStore). */
export interface Describer {
  describeSObject(name: string): unknown;
  describeGlobal(): unknown;
}

function toObject(raw: unknown): UiObject {
  const d = describeSchema.parse(raw);
  const fields: UiField[] = d.fields.map((f) => ({
    name: f.name,
    label: f.label,
    type: f.type,
    scale: f.scale,
    precision: f.precision,
    length: f.length,
    nameField: f.nameField,
    required: f.createable && !f.nillable && !f.defaultedOnCreate,
    createable: f.createable,
    updateable: f.updateable,
    custom: f.custom,
    calculated: f.calculated,
    unique: f.unique,
    helpText: f.inlineHelpText ?? null,
    // a polymorphic lookup (Task.WhatId) has no one parent to traverse to
    referenceTo: f.referenceTo.length === 1 ? f.referenceTo[0] : undefined,
    relationshipName: f.relationshipName ?? undefined,
    picklist: f.picklistValues.map((p) => ({ value: p.value, label: p.label, default: p.defaultValue })),
  }));
  return {
    name: d.name,
    label: d.label,
    labelPlural: d.labelPlural,
    keyPrefix: d.keyPrefix ?? '',
    custom: d.custom,
    createable: d.createable,
    nameField: fields.find((f) => f.nameField)?.name ?? 'Id',
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    byRelationship: new Map(fields.filter((f) => f.relationshipName).map((f) => [f.relationshipName as string, f])),
    childRelationships: d.childRelationships.flatMap((c) => (c.relationshipName ? [{ ...c, relationshipName: c.relationshipName }] : [])),
  };
}

const cache = new WeakMap<Describer, UiSchema>();

/** The UI schema of an org, described lazily object by object and kept for the org's lifetime (metadata is fixed). */
export function uiSchemaOf(org: Describer): UiSchema {
  const known = cache.get(org);
  if (known) return known;
  const objects = new Map<string, UiObject | undefined>();
  let prefixes: Map<string, string> | undefined;
  const names = (): Map<string, string> => {
    prefixes ??= new Map(globalSchema.parse(org.describeGlobal()).sobjects.flatMap((o) => (o.keyPrefix ? [[o.keyPrefix, o.name]] : [])));
    return prefixes;
  };
  const schema: UiSchema = {
    get(name) {
      if (!objects.has(name)) {
        let described: UiObject | undefined;
        try {
          described = toObject(org.describeSObject(name));
        } catch (e) {
          // describe refuses an unknown object: the caller reports it in its own words
          if (!(e instanceof ApiError)) throw e;
          described = undefined;
        }
        objects.set(name, described);
      }
      const obj = objects.get(name);
      return obj?.name === name ? obj : undefined;
    },
    byKeyPrefix(prefix) {
      const name = names().get(prefix);
      return name ? schema.get(name) : undefined;
    },
  };
  cache.set(org, schema);
  return schema;
}
