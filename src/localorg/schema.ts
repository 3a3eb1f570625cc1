// The local org's schema: the standard objects PartnerLens uses plus force-app's custom objects and fields,
// in one shape that describe, validation, storage and SOQL share.
import { readForceApp, type FieldDef, type ObjectDef } from '../metadata/forceAppModel.js';
import { STANDARD_OBJECTS, STANDARD_OBJECT_NAMES, type StandardFieldDef } from '../schema/standardObjects.js';
import { customKeyPrefix } from './ids.js';

export interface FieldSpec extends StandardFieldDef {
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Formula or roll-up: computed by the org, never written by a client. */
  calculated: boolean;
  autoNumber: boolean;
  formula?: string;
  summary?: FieldDef['summary'];
  helpText?: string;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
  restrictedDelete: boolean;
}

export interface ObjectSpec {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  fields: FieldSpec[];
  /** Lower-case field name -> field. */
  byName: Map<string, FieldSpec>;
  /** Lower-case relationship name -> its reference field. */
  byRelationship: Map<string, FieldSpec>;
  childRelationships: ChildRelationship[];
  nameField: string;
  autoNumberFormat?: string;
}

export interface OrgSchema {
  objects: ObjectSpec[];
  get(name: string): ObjectSpec | undefined;
  byKeyPrefix(prefix: string): ObjectSpec | undefined;
}

function spec(f: StandardFieldDef, custom = false): FieldSpec {
  const readOnly = f.readOnly ?? false;
  const defaulted = f.defaultValue !== undefined || f.picklist?.default !== undefined || f.type === 'boolean';
  return {
    ...f,
    custom,
    createable: !readOnly,
    updateable: !readOnly && !f.createOnly,
    nillable: f.type !== 'boolean' && !f.required && f.type !== 'id',
    calculated: false,
    autoNumber: false,
    required: (f.required ?? false) && !defaulted,
  };
}

function systemFields(owned: boolean): FieldSpec[] {
  const sys = (f: StandardFieldDef): FieldSpec => spec({ ...f, readOnly: true });
  const fields = [
    sys({ name: 'Id', label: 'Record ID', type: 'id', length: 18 }),
    sys({ name: 'IsDeleted', label: 'Deleted', type: 'boolean' }),
    sys({ name: 'CreatedDate', label: 'Created Date', type: 'datetime' }),
    sys({ name: 'CreatedById', label: 'Created By ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'CreatedBy' }),
    sys({ name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime' }),
    sys({ name: 'LastModifiedById', label: 'Last Modified By ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'LastModifiedBy' }),
    sys({ name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime' }),
  ];
  if (owned) {
    fields.push(spec({ name: 'OwnerId', label: 'Owner ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner', defaultValue: '$User' }));
  }
  return fields;
}

const TYPE_MAP: Record<string, StandardFieldDef['type']> = {
  Text: 'string', Email: 'email', Phone: 'phone', Url: 'url', TextArea: 'textarea', LongTextArea: 'textarea', Date: 'date',
  DateTime: 'datetime', Checkbox: 'boolean', Number: 'double', Currency: 'currency', Percent: 'percent', Picklist: 'picklist',
  Lookup: 'reference', MasterDetail: 'reference', Summary: 'double',
};

function defaultOf(f: FieldDef, type: StandardFieldDef['type']): string | number | boolean | undefined {
  if (f.defaultValue === undefined) return undefined;
  if (type === 'boolean') return f.defaultValue === 'true';
  if (type === 'double' || type === 'currency' || type === 'percent') return Number(f.defaultValue);
  return f.defaultValue.replace(/^"(.*)"$/, '$1');
}

/** A force-app field in describe's vocabulary. */
export function fromForceApp(f: FieldDef): FieldSpec {
  const type = f.type === 'Formula' ? (TYPE_MAP[f.formulaType ?? 'Text'] ?? 'string') : (TYPE_MAP[f.type] ?? 'string');
  const calculated = f.type === 'Formula' || f.type === 'Summary';
  const base: StandardFieldDef = {
    name: f.name, label: f.label, type,
    length: type === 'string' || type === 'textarea' || type === 'email' || type === 'phone' || type === 'url' ? (f.length ?? 255) : type === 'picklist' ? 255 : type === 'reference' ? 18 : undefined,
    precision: calculated && f.type === 'Summary' ? 18 : f.precision, scale: f.type === 'Summary' ? 0 : f.scale,
    required: f.required, readOnly: calculated, createOnly: f.type === 'MasterDetail', unique: f.unique, externalId: f.externalId,
    caseSensitive: f.caseSensitive, referenceTo: f.referenceTo,
    // The lookup's own relationship is named after the field; metadata's relationshipName names the parent's child list.
    relationshipName: f.referenceTo ? f.name.replace(/__c$/, '__r') : undefined,
    childRelationshipName: f.relationshipName ? `${f.relationshipName.replace(/__r$/, '')}__r` : undefined,
    deleteConstraint: f.type === 'MasterDetail' ? 'Cascade' : f.deleteConstraint === 'Restrict' || f.deleteConstraint === 'Cascade' ? f.deleteConstraint : f.referenceTo ? 'SetNull' : undefined,
    picklist: f.picklist
      ? { values: f.picklist.values.map((v) => v.value), restricted: f.picklist.restricted, default: f.defaultValue, labels: Object.fromEntries(f.picklist.values.map((v) => [v.value, v.label])) }
      : undefined,
    defaultValue: f.type === 'Picklist' ? undefined : defaultOf(f, type),
  };
  return { ...spec(base, true), calculated, formula: f.formula, summary: f.summary, helpText: f.helpText };
}

function customObject(o: ObjectDef, index: number): { name: string; label: string; labelPlural: string; keyPrefix: string; owned: boolean; fields: FieldSpec[]; autoNumberFormat?: string } {
  const fields = Object.values(o.fields).map(fromForceApp);
  const owned = !fields.some((f) => f.custom && f.createOnly && f.type === 'reference');
  const autoNumber = o.nameField?.type === 'AutoNumber';
  const name: FieldSpec = {
    ...spec({ name: 'Name', label: o.nameField?.label ?? 'Name', type: 'string', length: 80, required: !autoNumber, readOnly: autoNumber, nameField: true }),
    autoNumber,
  };
  return {
    name: o.name, label: o.label ?? o.name, labelPlural: o.pluralLabel ?? o.name, keyPrefix: customKeyPrefix(index), owned,
    fields: [name, ...fields], autoNumberFormat: autoNumber ? (o.nameField?.displayFormat ?? '{0}') : undefined,
  };
}

function finish(def: { name: string; label: string; labelPlural: string; keyPrefix: string; owned: boolean; createable: boolean; custom: boolean; fields: FieldSpec[]; autoNumberFormat?: string }): ObjectSpec {
  const fields = [...systemFields(def.owned), ...def.fields];
  return {
    name: def.name, label: def.label, labelPlural: def.labelPlural, keyPrefix: def.keyPrefix, custom: def.custom, createable: def.createable,
    fields,
    byName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
    byRelationship: new Map(fields.filter((f) => f.relationshipName).map((f) => [f.relationshipName!.toLowerCase(), f])),
    childRelationships: [],
    nameField: fields.find((f) => f.nameField)?.name ?? 'Id',
    autoNumberFormat: def.autoNumberFormat,
  };
}

/** Builds the schema from the standard objects and force-app (custom objects get a01, a02, ... by name). */
export function buildSchema(forceAppDir: string): OrgSchema {
  const model = readForceApp(forceAppDir, STANDARD_OBJECT_NAMES);
  const objects: ObjectSpec[] = STANDARD_OBJECTS.map((o) =>
    finish({ ...o, custom: false, fields: [...o.fields.map((f) => spec(f)), ...Object.values(model.objects[o.name]?.fields ?? {}).map(fromForceApp)] }),
  );
  Object.values(model.objects)
    .filter((o) => o.custom)
    .sort((a, b) => a.name.localeCompare(b.name))
    .forEach((o, i) => objects.push(finish({ ...customObject(o, i), createable: true, custom: true })));

  // Task.WhatId may point to any custom object with activities enabled (Partner__c)
  const activityObjects = Object.values(model.objects).filter((o) => o.custom && o.enableActivities).map((o) => o.name).sort();
  for (const o of objects) {
    for (const f of o.fields) if (f.polymorphicTo && f.activityTargets) f.polymorphicTo = [...f.polymorphicTo, ...activityObjects];
  }
  const byName = new Map(objects.map((o) => [o.name.toLowerCase(), o]));
  for (const child of objects) {
    for (const f of child.fields) {
      if (f.type !== 'reference' || !f.referenceTo || f.readOnly) continue;
      byName.get(f.referenceTo.toLowerCase())?.childRelationships.push({
        childSObject: child.name, field: f.name, relationshipName: f.childRelationshipName ?? null,
        cascadeDelete: f.deleteConstraint === 'Cascade', restrictedDelete: f.deleteConstraint === 'Restrict',
      });
    }
  }
  const byPrefix = new Map(objects.map((o) => [o.keyPrefix, o]));
  return {
    objects,
    get: (name) => byName.get(name.toLowerCase()),
    byKeyPrefix: (prefix) => byPrefix.get(prefix),
  };
}
