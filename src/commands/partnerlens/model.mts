import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { readForceApp, type FieldDef } from '../../metadata/forceAppModel.js';
import { STANDARD_OBJECT_NAMES } from '../../schema/standardObjects.js';
import { PartnerLensCommand } from '../../cli/command.mjs';

// sf-plugins-core is ESM with top-level await, so commands are ES modules (.mts); the rest of src/ is CommonJS.
Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'model');

export interface ModelField {
  object: string;
  field: string;
  type: string;
  label: string;
  reference?: string;
}

export type ModelResult = { objects: string[]; fields: ModelField[] };

function describeType(f: FieldDef): string {
  if (f.type === 'Formula') return `Formula(${f.formulaType ?? '?'})`;
  if (f.length && f.type === 'Text') return `Text(${f.length})`;
  if (f.precision !== undefined) return `${f.type}(${f.precision},${f.scale ?? 0})`;
  if (f.type === 'Summary') return `Roll-up ${f.summary?.operation ?? ''}`;
  return f.type;
}

export default class Model extends PartnerLensCommand<ModelResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    object: Flags.string({ summary: messages.getMessage('flags.object.summary') }),
    'source-dir': Flags.directory({ summary: messages.getMessage('flags.source-dir.summary'), default: 'force-app', exists: true }),
  };

  public async run(): Promise<ModelResult> {
    const { flags } = await this.parse(Model);
    const dir = path.resolve(flags['source-dir']);
    const model = readForceApp(dir, STANDARD_OBJECT_NAMES);
    if (model.problems.length > 0) {
      const list = model.problems.map((p) => `  ${path.relative(process.cwd(), p.file)}: ${p.message}`).join('\n');
      throw new SfError(messages.getMessage('error.InvalidMetadata', [model.problems.length, list]), 'InvalidMetadata', messages.getMessages('error.InvalidMetadata.actions'), 2);
    }
    const names = Object.keys(model.objects);
    if (flags.object && !model.objects[flags.object]) {
      throw new SfError(messages.getMessage('error.UnknownObject', [flags.object, dir]), 'UnknownObject', messages.getMessages('error.UnknownObject.actions', [names.join(', ')]), 2);
    }
    const objects = flags.object ? [flags.object] : names;
    const fields = objects.flatMap((o) =>
      Object.values(model.objects[o]?.fields ?? {}).map((f) => ({ object: o, field: f.name, type: describeType(f), label: f.label, reference: f.referenceTo })),
    );
    this.table({ data: fields, columns: ['object', 'field', 'type', 'label', 'reference'] });
    this.log(`${objects.length} objects, ${fields.length} fields: the metadata would deploy.`);
    return { objects, fields };
  }
}
