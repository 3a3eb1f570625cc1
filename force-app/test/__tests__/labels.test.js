// Every custom label a component imports must be declared, or the deploy fails; jest alone would not notice
// because it resolves unknown labels to their name.
/* global __dirname */
const fs = require('fs');
const path = require('path');

const defaultDir = path.resolve(__dirname, '../../main/default');
const labelsDir = path.join(defaultDir, 'labels');

function walk(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function declaredIn(file) {
  return [...fs.readFileSync(file, 'utf8').matchAll(/<fullName>([^<]+)<\/fullName>/g)].map((m) => m[1]);
}

const componentFiles = walk(path.join(defaultDir, 'lwc')).filter(
  (f) => f.endsWith('.js') && !f.includes(`${path.sep}__tests__${path.sep}`),
);
const used = new Set(
  componentFiles.flatMap((f) =>
    [...fs.readFileSync(f, 'utf8').matchAll(/@salesforce\/label\/c\.([A-Za-z0-9_]+)/g)].map((m) => m[1]),
  ),
);

describe('custom labels', () => {
  it('declares every label a component imports', () => {
    const declared = new Set(fs.readdirSync(labelsDir).flatMap((f) => declaredIn(path.join(labelsDir, f))));
    expect([...used].filter((name) => !declared.has(name))).toEqual([]);
  });

  it('keeps the PartnerLens labels file free of unused, duplicate or uncategorised labels', () => {
    const file = path.join(labelsDir, 'CustomLabels.labels-meta.xml');
    const names = declaredIn(file);
    expect(names.filter((name) => !used.has(name))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
    const xml = fs.readFileSync(file, 'utf8');
    expect(xml.match(/<categories>PartnerLens<\/categories>/g)).toHaveLength(names.length);
  });
});
