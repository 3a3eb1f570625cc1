// The UI metadata of force-app the preview lays pages out from: custom labels (resolved into the bundle as
// @salesforce/label/c.X) and flexipages (which component sits in which region of which page).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['labels', 'flexiPageRegions', 'itemInstances', 'componentInstanceProperties'].includes(name),
});

function xmlFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => path.join(dir, f));
}

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(parser.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

const labelsSchema = z.object({
  CustomLabels: z.object({
    labels: z.array(z.object({ fullName: z.string().min(1), value: z.string() })).default([]),
  }),
});

/** Custom label name -> value (the default language), from every labels file in force-app. */
export function readCustomLabels(forceAppDir: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const file of xmlFiles(path.join(forceAppDir, 'main', 'default', 'labels'), '.labels-meta.xml')) {
    for (const label of parseFile(file, labelsSchema).CustomLabels.labels) labels[label.fullName] = label.value;
  }
  return labels;
}

const propertySchema = z.object({ name: z.string(), value: z.string().optional() });
const itemSchema = z.object({
  componentInstance: z
    .object({
      componentName: z.string(),
      componentInstanceProperties: z.array(propertySchema).default([]),
    })
    .optional(),
});
const flexipageSchema = z.object({
  FlexiPage: z.object({
    masterLabel: z.string(),
    type: z.string(),
    sobjectType: z.string().optional(),
    template: z.object({ name: z.string() }),
    flexiPageRegions: z
      .array(
        z.object({
          name: z.string(),
          type: z.string(),
          itemInstances: z.array(itemSchema).default([]),
        }),
      )
      .default([]),
  }),
});

/** One component placed on a page: a force-app LWC (name = bundle) or a standard one (name = ns:name). */
export interface ComponentInstance {
  name: string;
  /** True for a force-app LWC the preview renders; standard components get a labelled placeholder. */
  custom: boolean;
  /** Readable name of what sits there, for placeholders. */
  label: string;
  properties: Record<string, string | boolean>;
}

/** A page's components by template column: header across the top, then main and sidebar. */
export interface PageLayout {
  name: string;
  label: string;
  type: string;
  sobjectType?: string;
  header: ComponentInstance[];
  main: ComponentInstance[];
  sidebar: ComponentInstance[];
}

// Standard Lightning components a record page commonly holds, named for their placeholders.
const STANDARD_LABELS: Record<string, string> = {
  'force:detailPanel': 'Record details (standard)',
  'force:relatedListContainer': 'Related lists (standard)',
  'force:relatedListSingleContainer': 'Related list (standard)',
  'runtime_sales_activities:activityPanel': 'Activity (standard)',
  'forceChatter:recordFeedContainer': 'Chatter (standard)',
  'flexipage:tabset': 'Tabs (standard)',
};

// App Builder stores every property as text; Boolean properties reach the component as booleans.
function propertyValue(value: string | undefined): string | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  return value ?? '';
}

function columnOf(region: string): 'header' | 'main' | 'sidebar' {
  if (/^header$/i.test(region)) return 'header';
  if (/sidebar|right/i.test(region)) return 'sidebar';
  return 'main';
}

/**
 * Reads every flexipage. Custom LWCs appear as "c:name" or "name" in componentName; anything with another
 * namespace is standard. Facet regions (tab contents) are laid out in the main column after the regions.
 */
export function readFlexipages(forceAppDir: string, bundles: ReadonlySet<string>): PageLayout[] {
  return xmlFiles(path.join(forceAppDir, 'main', 'default', 'flexipages'), '.flexipage-meta.xml').map((file) => {
    const page = parseFile(file, flexipageSchema).FlexiPage;
    const layout: PageLayout = {
      name: path.basename(file).replace(/\.flexipage-meta\.xml$/, ''),
      label: page.masterLabel,
      type: page.type,
      sobjectType: page.sobjectType,
      header: [],
      main: [],
      sidebar: [],
    };
    const ordered = [...page.flexiPageRegions.filter((r) => r.type !== 'Facet'), ...page.flexiPageRegions.filter((r) => r.type === 'Facet')];
    for (const region of ordered) {
      for (const item of region.itemInstances) {
        const instance = item.componentInstance;
        // Tab sets only point at their facets, which are laid out themselves; the record page always
        // draws the highlights panel itself.
        if (!instance || instance.componentName === 'flexipage:tabset' || instance.componentName === 'force:highlightsPanel') continue;
        const bare = instance.componentName.replace(/^c:/, '');
        const custom = bundles.has(bare);
        layout[region.type === 'Facet' ? 'main' : columnOf(region.name)].push({
          name: custom ? bare : instance.componentName,
          custom,
          label: STANDARD_LABELS[instance.componentName] ?? instance.componentName,
          properties: Object.fromEntries(instance.componentInstanceProperties.map((p) => [p.name, propertyValue(p.value)])),
        });
      }
    }
    return layout;
  });
}
