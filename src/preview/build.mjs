// Builds force-app's LWC bundles, the preview shell and the platform shims into one browser bundle.
// Runs in its own process with this package's node_modules (LWC 9.4), never the root's (@lwc 8.28 from
// sfdx-lwc-jest). Input: a JSON build spec on stdin (written by bundle.ts); output: <outDir>/app.js.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { rollup } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = (name) => path.dirname(require.resolve(`${name}/package.json`));

/** @type {{ lwcDir: string, outDir: string, apiVersion: string, labels: Record<string, string> }} */
const spec = JSON.parse(readFileSync(0, 'utf8'));
const clientDir = path.join(here, 'client');

// SFDX has no namespace folder: one alias record per bundle, c/<bundle> -> its js file.
const bundles = existsSync(spec.lwcDir)
  ? readdirSync(spec.lwcDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(spec.lwcDir, d.name, `${d.name}.js`)))
      .map((d) => d.name)
      .sort()
  : [];
const componentRecords = bundles.map((name) => ({ name: `c/${name}`, path: path.join(spec.lwcDir, name, `${name}.js`) }));
// Only bundles with a template are components a page can place; the rest are libraries (ldsUtils).
const placeable = bundles.filter((name) => existsSync(path.join(spec.lwcDir, name, `${name}.html`)));
const shellRecords = readdirSync(path.join(clientDir, 'modules', 'preview')).map((name) => ({
  name: `preview/${name}`,
  path: path.join(clientDir, 'modules', 'preview', name, `${name}.js`),
}));
// The platform modules the preview implements against the local org; listed first so they win over LBC's.
const platformRecords = ['graphql', 'uiRecordApi', 'uiObjectInfoApi', 'platformShowToastEvent', 'navigation', 'actions'].map((name) => ({
  name: `lightning/${name}`,
  path: path.join(clientDir, 'platform', `${name}.js`),
}));

const VIRTUAL = '\0preview:';
// LBC gates its newer code paths; its stub opens all. Element internals need native shadow, and the preview
// (like Lightning Experience) runs synthetic shadow, where attachInternals throws: keep that gate closed.
const CLOSED_GATES = new Set(['@salesforce/gate/bc.260.enableComboboxElementInternals']);
const jsString = (s) => JSON.stringify(s);
/** LBC's en-US stub of an @salesforce/i18n module: the value when the page does not name the user's. */
const i18nStub = (source) => path.join(pkgDir('lightning-base-components'), 'scopedImports', `${source.replace(/\//g, '-')}.js`);
/** @salesforce/user/Id: the id of the user the components act as (the org's user the preview is signed in as). */
const USER_ID = '@salesforce/user/Id';

/** Resolves the platform's scoped imports (@salesforce/label, @salesforce/schema, ...) and the preview's generated modules. */
function scopedImports() {
  return {
    name: 'partnerlens-scoped-imports',
    resolveId(source) {
      if (source.startsWith('@salesforce/label/c.') || source.startsWith('@salesforce/schema/')) return VIRTUAL + source;
      if (source === 'preview/components' || source === 'preview/env' || source === USER_ID || CLOSED_GATES.has(source)) return VIRTUAL + source;
      // @salesforce/i18n/*, in a component and in LBC's own formatters alike: the signed-in user's value, which the
      // server puts on the page (src/preview/i18n.ts), over LBC's en-US stub of the module
      if (source.startsWith('@salesforce/i18n/')) return existsSync(i18nStub(source)) ? VIRTUAL + source : null;
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const source = id.slice(VIRTUAL.length);
      if (source.startsWith('@salesforce/label/c.')) {
        const name = source.slice('@salesforce/label/c.'.length);
        // A missing label fails the deploy on the platform: fail the build the same way.
        if (!(name in spec.labels)) this.error(`Custom label c.${name} is not defined in force-app's labels`);
        return `export default ${jsString(spec.labels[name])};`;
      }
      if (source.startsWith('@salesforce/schema/')) {
        const ref = source.slice('@salesforce/schema/'.length);
        const dot = ref.indexOf('.');
        const value = dot < 0 ? { objectApiName: ref } : { objectApiName: ref.slice(0, dot), fieldApiName: ref.slice(dot + 1) };
        return `export default ${JSON.stringify(value)};`;
      }
      if (CLOSED_GATES.has(source)) return 'export default { isOpen: () => false };';
      if (source.startsWith('@salesforce/i18n/')) {
        const key = source.slice('@salesforce/i18n/'.length);
        return [
          `import stub from ${jsString(i18nStub(source))};`,
          `const value = globalThis.__partnerlensPreview?.i18n?.[${jsString(key)}];`,
          'export default value === undefined ? stub : value;',
        ].join('\n');
      }
      // The org's user is known when the page is served, not when the bundle is built: the server puts it on the page.
      if (source === USER_ID) return 'export default globalThis.__partnerlensPreview?.userId ?? null;';
      if (source === 'preview/env') return `export const apiVersion = ${jsString(spec.apiVersion)};`;
      // preview/components: every placeable force-app bundle, by its flexipage component name.
      const imports = placeable.map((name, i) => `import c${i} from 'c/${name}';`).join('\n');
      const entries = placeable.map((name, i) => `${jsString(name)}: c${i}`).join(',\n  ');
      return `${imports}\nexport default {\n  ${entries}\n};`;
    },
  };
}

const started = Date.now();
const build = await rollup({
  input: path.join(clientDir, 'main.js'),
  plugins: [
    scopedImports(),
    replace({
      preventAssignment: true,
      values: { 'process.env.NODE_ENV': jsString('production'), 'import.meta.env.SSR': 'false' },
    }),
    lwc({
      rootDir: clientDir,
      apiVersion: Number(spec.apiVersion),
      enableDynamicComponents: true,
      modules: [
        ...platformRecords,
        ...shellRecords,
        ...componentRecords,
        { npm: pkgDir('lightning-base-components') },
      ],
      defaultModules: [
        { npm: pkgDir('@lwc/engine-dom') },
        { npm: pkgDir('@lwc/synthetic-shadow') },
        { npm: pkgDir('@lwc/wire-service') },
      ],
    }),
  ],
  onwarn(warning, warn) {
    // LBC is full of `this` at module level and circular imports: noise, not defects of ours.
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
    // LBC's own template warnings (stray keys, duplicate slots) are Salesforce's, and the same on every build.
    if (warning.id?.includes('/node_modules/') || warning.loc?.file?.includes('/node_modules/')) return;
    warn(warning);
  },
});
await build.write({ dir: spec.outDir, format: 'esm', entryFileNames: 'app.js', inlineDynamicImports: true });
await build.close();
process.stdout.write(`${JSON.stringify({ components: placeable, ms: Date.now() - started })}\n`);
