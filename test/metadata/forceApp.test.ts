import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { readForceApp } from '../../src/metadata/forceAppModel';
import { STANDARD_OBJECT_NAMES } from '../../src/schema/standardObjects';
import * as dataModel from '../../src/schema/dataModel';

const repo = path.resolve(__dirname, '../..');
const forceApp = path.join(repo, 'force-app');
const model = readForceApp(forceApp, STANDARD_OBJECT_NAMES);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

describe('force-app metadata', () => {
  it('has no invalid object or field XML', () => {
    expect(model.problems).toEqual([]);
    expect(Object.keys(model.objects)).toEqual(
      expect.arrayContaining(['Partner__c', 'Partner_Overlap__c', 'Partner_Influence__c', 'Partner_Sync_Run__c', 'Partner_Sync_Setting__c']),
    );
  });

  it('converts to the Metadata API format offline with source-deploy-retrieve', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'pl-mdapi-'));
    try {
      const set = ComponentSet.fromSource(forceApp);
      const types = new Set(set.toArray().map((c) => c.type.name));
      expect([...types]).toEqual(expect.arrayContaining(['CustomObject', 'CustomField', 'PermissionSet', 'Layout', 'CustomTab', 'CustomApplication', 'LeadConvertSettings']));
      const result = await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: out, genUniqueDir: false });
      expect(result.converted?.length ?? 0).toBeGreaterThan(0);
      const pkg = readFileSync(path.join(out, 'package.xml'), 'utf8');
      expect(pkg).toContain('<members>Partner_Influence__c</members>');
      expect(pkg).toContain(`<version>${dataModel.API_VERSION}</version>`);
      // decomposed fields are recomposed into one object file per object
      expect(readFileSync(path.join(out, 'objects', 'Partner_Overlap__c.object'), 'utf8')).toMatch(/<fullName>Disputed__c<\/fullName>[\s\S]*<listViews>/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('reports a broken field and names its file', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'pl-broken-'));
    try {
      cpSync(forceApp, path.join(copy, 'force-app'), { recursive: true });
      const file = path.join(copy, 'force-app/main/default/objects/Partner__c/fields/Partner_Account__c.field-meta.xml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\s*<referenceTo>Account<\/referenceTo>/, ''));
      const broken = readForceApp(path.join(copy, 'force-app'), STANDARD_OBJECT_NAMES);
      expect(broken.problems).toHaveLength(1);
      expect(broken.problems[0]?.file).toBe(file);
      expect(broken.problems[0]?.message).toMatch(/referenceTo/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('rejects a reference to an unknown object and a picklist with no values', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'pl-broken-'));
    try {
      cpSync(forceApp, path.join(copy, 'force-app'), { recursive: true });
      const lookup = path.join(copy, 'force-app/main/default/objects/Partner__c/fields/Partner_Account__c.field-meta.xml');
      writeFileSync(lookup, readFileSync(lookup, 'utf8').replace('<referenceTo>Account</referenceTo>', '<referenceTo>Acount</referenceTo>'));
      const pick = path.join(copy, 'force-app/main/default/objects/Partner__c/fields/Tier__c.field-meta.xml');
      writeFileSync(pick, readFileSync(pick, 'utf8').replace(/<value>[\s\S]*<\/value>/, ''));
      const broken = readForceApp(path.join(copy, 'force-app'), STANDARD_OBJECT_NAMES);
      expect(broken.problems.map((p) => path.basename(p.file)).sort()).toEqual(['Partner_Account__c.field-meta.xml', 'Tier__c.field-meta.xml']);
      expect(broken.problems.find((p) => p.file === lookup)?.message).toMatch(/Acount/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('declares every API name of the shared registry, with matching picklist values', () => {
    const registries = Object.entries(dataModel as Record<string, unknown>).filter(
      (e): e is [string, Record<string, string>] => typeof e[1] === 'object' && e[1] !== null && 'apiName' in e[1],
    );
    expect(registries.length).toBeGreaterThanOrEqual(9);
    for (const [, reg] of registries) {
      const obj = model.objects[reg.apiName ?? ''];
      expect(obj).toBeDefined();
      for (const [key, field] of Object.entries(reg)) {
        if (key === 'apiName' || field === 'Name') continue;
        expect(`${reg.apiName}.${field}: ${obj?.fields[field] ? 'ok' : 'missing'}`).toBe(`${reg.apiName}.${field}: ok`);
      }
    }
    for (const [ref, values] of Object.entries(dataModel.Picklists)) {
      const [o, f] = ref.split('.') as [string, string];
      expect(model.objects[o]?.fields[f]?.picklist?.values.map((v) => v.value)).toEqual(values);
    }
  });

  it('keeps one API version everywhere', () => {
    const project = JSON.parse(readFileSync(path.join(repo, 'sfdx-project.json'), 'utf8')) as { sourceApiVersion: string };
    expect(project.sourceApiVersion).toBe(dataModel.API_VERSION);
    const stale = walk(forceApp)
      .filter((f) => f.endsWith('-meta.xml'))
      .filter((f) => {
        const m = /<apiVersion>([^<]+)<\/apiVersion>/.exec(readFileSync(f, 'utf8'));
        return m && m[1] !== dataModel.API_VERSION;
      });
    expect(stale).toEqual([]);
  });

  it('gives every custom object a unique, case-sensitive External_Id__c when the sync writes it', () => {
    for (const name of ['Partner__c', 'Partner_Overlap__c', 'Partner_Influence__c', 'Partner_Sync_Run__c', 'Partner_Sync_Error__c', 'Partner_Sync_Setting__c']) {
      const ext = model.objects[name]?.fields.External_Id__c;
      expect({ name, externalId: ext?.externalId, unique: ext?.unique, caseSensitive: ext?.caseSensitive }).toEqual({ name, externalId: true, unique: true, caseSensitive: true });
    }
  });

  it('maps Source_Partner__c from Lead to Opportunity on conversion', () => {
    const xml = readFileSync(path.join(forceApp, 'main/default/LeadConvertSettings/LeadConvertSettings.LeadConvertSetting-meta.xml'), 'utf8');
    expect(xml).toMatch(/<inputObject>Lead<\/inputObject>[\s\S]*<inputField>Source_Partner__c<\/inputField>\s*<outputField>Source_Partner__c<\/outputField>[\s\S]*<outputObject>Opportunity<\/outputObject>/);
    expect(model.objects.Lead?.fields.Source_Partner__c?.referenceTo).toBe(model.objects.Opportunity?.fields.Source_Partner__c?.referenceTo);
  });

  it('grants field permissions for every permissible custom field, and only for fields that exist', () => {
    const dir = path.join(forceApp, 'main/default/permissionsets');
    const permissible = Object.values(model.objects)
      .flatMap((o) => Object.values(o.fields))
      .filter((f) => !f.required && f.type !== 'MasterDetail')
      .map((f) => `${f.object}.${f.name}`)
      .sort();
    for (const ps of ['PartnerLens_Rep', 'PartnerLens_Manager', 'PartnerLens_Admin']) {
      const xml = readFileSync(path.join(dir, `${ps}.permissionset-meta.xml`), 'utf8');
      const granted = [...xml.matchAll(/<field>([^<]+)<\/field>/g)].map((m) => m[1] as string);
      for (const g of granted) expect(permissible).toContain(g);
      if (ps === 'PartnerLens_Admin') expect(granted.sort()).toEqual(permissible);
    }
  });

  it('references only fields that exist, from src/ and from LWC schema imports', () => {
    // the copied SOQL parser's own examples name fields of no org (e.g. Geography__c): not ours to check
    const VENDORED_PARSER = path.join('soqlParser', 'soqlParser.js');
    const customFieldRefs = new Set<string>();
    const sources = [
      ...walk(path.join(repo, 'src')).filter((f) => f.endsWith('.ts') && !f.includes(`${path.sep}node_modules${path.sep}`)),
      ...(existsSync(path.join(forceApp, 'main/default/lwc')) ? walk(path.join(forceApp, 'main/default/lwc')).filter((f) => /\.(js|html)$/.test(f) && !f.includes('__tests__') && !f.endsWith(VENDORED_PARSER)) : []),
    ];
    const missing: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/@salesforce\/schema\/([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)/g)) {
        const [, o, f] = m as unknown as [string, string, string];
        customFieldRefs.add(`${o}.${f}`);
        const obj = model.objects[o];
        if (f.endsWith('__c') && !obj?.fields[f]) missing.push(`${path.relative(repo, file)}: ${o}.${f}`);
        if (o.endsWith('__c') && !obj) missing.push(`${path.relative(repo, file)}: object ${o}`);
      }
      for (const m of text.matchAll(/\b([A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__c)\b/g)) {
        const name = m[1] as string;
        const known = Object.values(model.objects).some((o) => o.name === name || name in o.fields);
        if (!known) missing.push(`${path.relative(repo, file)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
