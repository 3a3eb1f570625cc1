import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleHash } from '../../src/preview/bundle';

function project(): { dir: string; write(file: string, text: string): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'preview-project-'));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write('force-app/main/default/lwc/panel/panel.js', 'export default class Panel {}');
  write('force-app/main/default/lwc/panel/__tests__/panel.test.js', 'test("x", () => {});');
  write('force-app/main/default/labels/CustomLabels.labels-meta.xml', '<CustomLabels/>');
  write('src/preview/client/main.js', 'import "lwc";');
  write('src/preview/build.mjs', '// build');
  write('src/preview/package-lock.json', '{}');
  return { dir, write };
}

test('the bundle hash follows the components, labels, shell and toolchain, and ignores component tests', () => {
  const p = project();
  const base = bundleHash(p.dir);
  expect(bundleHash(p.dir)).toBe(base);

  p.write('force-app/main/default/lwc/panel/__tests__/panel.test.js', 'test("y", () => {});');
  expect(bundleHash(p.dir)).toBe(base);

  const changes: [string, string][] = [
    ['force-app/main/default/lwc/panel/panel.html', '<template></template>'],
    ['force-app/main/default/labels/CustomLabels.labels-meta.xml', '<CustomLabels><labels/></CustomLabels>'],
    ['src/preview/client/platform/graphql.js', 'export {};'],
    ['src/preview/package-lock.json', '{"lockfileVersion":3}'],
  ];
  const seen = new Set([base]);
  for (const [file, text] of changes) {
    p.write(file, text);
    const next = bundleHash(p.dir);
    expect(seen.has(next)).toBe(false);
    seen.add(next);
  }
});
