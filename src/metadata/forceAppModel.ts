import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { fieldSchema, formulaFieldSchema } from './fieldSchema.js';

/** One custom field of force-app, in the shape describe and validation need. */
export interface FieldDef {
  object: string;
  name: string;
  label: string;
  helpText?: string;
  /** Metadata type; formula fields are 'Formula' with their result type in formulaType. */
  type: string;
  formulaType?: string;
  length?: number;
  precision?: number;
  scale?: number;
  required: boolean;
  unique: boolean;
  externalId: boolean;
  caseSensitive: boolean;
  referenceTo?: string;
  relationshipName?: string;
  relationshipLabel?: string;
  deleteConstraint?: string;
  picklist?: { values: { value: string; label: string; default: boolean }[]; restricted: boolean };
  defaultValue?: string;
  formula?: string;
  summary?: {
    operation: string;
    foreignKey: string;
    summarizedField?: string;
    filters: { field: string; operation: string; value: string }[];
  };
  file: string;
}

export interface ObjectDef {
  name: string;
  /** False for standard objects that force-app only extends with fields. */
  custom: boolean;
  label?: string;
  pluralLabel?: string;
  nameField?: { label: string; type: 'Text' | 'AutoNumber'; displayFormat?: string };
  sharingModel?: string;
  enableActivities?: boolean;
  fields: Record<string, FieldDef>;
  file?: string;
}

export interface MetadataProblem {
  file: string;
  message: string;
}

export interface ForceAppModel {
  objects: Record<string, ObjectDef>;
  problems: MetadataProblem[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['value', 'summaryFilterItems', 'fields', 'listViews'].includes(name),
});

const objectSchema = z.object({
  label: z.string().min(1),
  pluralLabel: z.string().min(1),
  deploymentStatus: z.enum(['Deployed', 'InDevelopment']),
  sharingModel: z.enum(['ReadWrite', 'Read', 'Private', 'ControlledByParent', 'PublicReadWriteTransfer']),
  enableActivities: z.enum(['true', 'false']).optional(),
  nameField: z.object({
    label: z.string().min(1),
    type: z.enum(['Text', 'AutoNumber']),
    displayFormat: z.string().optional(),
  }),
});

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function readXml(file: string, root: string): Record<string, unknown> {
  const doc = parser.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const body = doc[root];
  if (!body || typeof body !== 'object') throw new Error(`expected a <${root}> document`);
  return body as Record<string, unknown>;
}

function toFieldDef(object: string, file: string, raw: Record<string, unknown>, problems: MetadataProblem[]): FieldDef | undefined {
  const expectedName = path.basename(file).replace(/\.field-meta\.xml$/, '');
  if (raw.fullName !== expectedName) {
    problems.push({ file, message: `fullName "${String(raw.fullName)}" does not match the file name ${expectedName}` });
  }
  if (typeof raw.formula === 'string') {
    const parsed = formulaFieldSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ file, message: describeIssues(parsed.error) });
      return undefined;
    }
    const f = parsed.data;
    return {
      object, name: f.fullName, label: f.label, helpText: f.inlineHelpText, type: 'Formula', formulaType: f.type,
      formula: f.formula, precision: f.precision, scale: f.scale, required: false, unique: false, externalId: false, caseSensitive: false, file,
    };
  }
  const parsed = fieldSchema.safeParse(raw);
  if (!parsed.success) {
    problems.push({ file, message: describeIssues(parsed.error) });
    return undefined;
  }
  const f = parsed.data;
  const def: FieldDef = {
    object,
    name: f.fullName,
    label: f.label,
    helpText: f.inlineHelpText,
    type: f.type,
    required: f.required ?? false,
    unique: f.unique ?? false,
    externalId: f.externalId ?? false,
    caseSensitive: f.caseSensitive ?? false,
    file,
  };
  switch (f.type) {
    case 'Text':
      def.length = f.length;
      break;
    case 'LongTextArea':
      def.length = f.length;
      break;
    case 'TextArea':
      def.length = 255;
      break;
    case 'Email':
      def.length = 80;
      break;
    case 'Phone':
      def.length = 40;
      break;
    case 'Url':
      def.length = 255;
      break;
    case 'Checkbox':
      def.defaultValue = String(f.defaultValue);
      break;
    case 'Number':
    case 'Currency':
    case 'Percent':
      def.precision = f.precision;
      def.scale = f.scale;
      def.defaultValue = f.defaultValue;
      break;
    case 'Picklist': {
      const values = f.valueSet.valueSetDefinition.value;
      def.picklist = {
        values: values.map((v) => ({ value: v.fullName, label: v.label, default: v.default })),
        restricted: f.valueSet.restricted ?? false,
      };
      def.defaultValue = values.find((v) => v.default)?.fullName;
      break;
    }
    case 'Lookup':
      Object.assign(def, {
        referenceTo: f.referenceTo, relationshipName: f.relationshipName, relationshipLabel: f.relationshipLabel,
        deleteConstraint: f.deleteConstraint,
      });
      break;
    case 'MasterDetail':
      Object.assign(def, {
        referenceTo: f.referenceTo, relationshipName: f.relationshipName, relationshipLabel: f.relationshipLabel,
        deleteConstraint: 'Cascade', required: true,
      });
      break;
    case 'Summary':
      def.summary = {
        operation: f.summaryOperation,
        foreignKey: f.summaryForeignKey,
        summarizedField: f.summarizedField,
        filters: f.summaryFilterItems ?? [],
      };
      break;
    default:
      break;
  }
  return def;
}

/** Cross-field rules SDR does not check but a deploy would reject. */
function checkReferences(objects: Record<string, ObjectDef>, problems: MetadataProblem[], standardObjects: ReadonlySet<string>): void {
  const known = (name: string): boolean => name in objects || standardObjects.has(name);
  for (const obj of Object.values(objects)) {
    for (const field of Object.values(obj.fields)) {
      if (field.referenceTo && !known(field.referenceTo)) {
        problems.push({ file: field.file, message: `referenceTo ${field.referenceTo} is not an object in force-app or a standard object` });
      }
      if (field.type === 'Summary' && field.summary) {
        const [child, fk] = field.summary.foreignKey.split('.');
        const fkField = child ? objects[child]?.fields[fk ?? ''] : undefined;
        if (!fkField || fkField.type !== 'MasterDetail' || fkField.referenceTo !== obj.name) {
          problems.push({ file: field.file, message: `summaryForeignKey ${field.summary.foreignKey} must be a master-detail field to ${obj.name}` });
        }
        for (const filter of field.summary.filters) {
          const [fo, ff] = filter.field.split('.');
          if (fo !== child || !objects[fo ?? '']?.fields[ff ?? '']) {
            problems.push({ file: field.file, message: `summary filter field ${filter.field} does not exist on ${child}` });
          }
        }
      }
    }
  }
}

/**
 * Reads every object and field under <dir>/main/default/objects. Problems are collected (each naming its
 * file) rather than thrown, so one run reports everything that would fail a deploy.
 */
export function readForceApp(forceAppDir: string, standardObjects: ReadonlySet<string> = new Set()): ForceAppModel {
  const objectsDir = path.join(forceAppDir, 'main', 'default', 'objects');
  const objects: Record<string, ObjectDef> = {};
  const problems: MetadataProblem[] = [];
  if (!existsSync(objectsDir)) return { objects, problems: [{ file: objectsDir, message: 'no objects folder' }] };

  for (const name of readdirSync(objectsDir).sort()) {
    const dir = path.join(objectsDir, name);
    const objectFile = path.join(dir, `${name}.object-meta.xml`);
    const obj: ObjectDef = { name, custom: name.endsWith('__c'), fields: {} };
    if (existsSync(objectFile)) {
      obj.file = objectFile;
      try {
        const parsed = objectSchema.safeParse(readXml(objectFile, 'CustomObject'));
        if (parsed.success) {
          const o = parsed.data;
          Object.assign(obj, {
            label: o.label, pluralLabel: o.pluralLabel, sharingModel: o.sharingModel,
            enableActivities: o.enableActivities === 'true', nameField: o.nameField,
          });
        } else {
          problems.push({ file: objectFile, message: describeIssues(parsed.error) });
        }
      } catch (e) {
        problems.push({ file: objectFile, message: e instanceof Error ? e.message : String(e) });
      }
    } else if (obj.custom) {
      problems.push({ file: dir, message: `custom object ${name} has no ${name}.object-meta.xml` });
    }
    const fieldsDir = path.join(dir, 'fields');
    if (existsSync(fieldsDir)) {
      for (const entry of readdirSync(fieldsDir).sort()) {
        if (!entry.endsWith('.field-meta.xml')) continue;
        const file = path.join(fieldsDir, entry);
        try {
          const def = toFieldDef(name, file, readXml(file, 'CustomField'), problems);
          if (def) obj.fields[def.name] = def;
        } catch (e) {
          problems.push({ file, message: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    objects[name] = obj;
  }
  checkReferences(objects, problems, standardObjects);
  return { objects, problems };
}
