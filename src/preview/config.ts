// What the preview shell needs to draw Lightning pages: the app's navigation (from the PartnerLens app's tabs),
// per object its labels, key prefix, highlight and list fields, and each page's flexipage layout.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import {
  AccountFields,
  LeadFields,
  OpportunityFields,
  Partner,
  PartnerInfluence,
  PartnerOverlap,
  PartnerRegistration,
  PartnerSyncRun,
  PartnerSyncSetting,
} from '../schema/dataModel.js';
import { readFlexipages, type ComponentInstance, type PageLayout } from './forceAppUi.js';

/** A field shown in a highlights panel or a list: a field of the object or a parent's name (Account.Name). */
export interface ShownField {
  field: string;
  label: string;
}

export interface ObjectConfig {
  apiName: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  nameField: string;
  nameLabel: string;
  iconName: string;
  highlightFields: ShownField[];
  listFields: ShownField[];
}

export interface Tab {
  label: string;
  url: string;
  objectApiName?: string;
}

export interface PreviewConfig {
  appLabel: string;
  intro: string;
  tabs: Tab[];
  objects: Record<string, ObjectConfig>;
  recordPages: Record<string, Pick<PageLayout, 'label' | 'header' | 'main' | 'sidebar'>>;
  appPages: Record<string, Pick<PageLayout, 'label' | 'header' | 'main' | 'sidebar'>>;
}

/** The describe facts the config needs, as the org's REST describe reports them. */
export interface DescribeLike {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string | null;
  fields: { name: string; label: string; nameField?: boolean; relationshipName?: string | null }[];
}

// Highlights: what the compact layout would put in the record page header. Parent names are shown
// through the relationship (Account.Name) as the platform's highlights panel does.
const HIGHLIGHTS: Record<string, string[]> = {
  Account: ['Type', 'Industry', 'Website', AccountFields.DUNS],
  Lead: ['Company', 'Status', LeadFields.PartnerSourced, 'Source_Partner__r.Name'],
  Opportunity: ['Account.Name', 'StageName', 'Amount', 'CloseDate', OpportunityFields.PartnerSourced],
  [Partner.apiName]: [Partner.Status, Partner.Tier, Partner.Type, Partner.Domain, Partner.SharingLevel],
  [PartnerOverlap.apiName]: ['Partner__r.Name', PartnerOverlap.MatchKey, PartnerOverlap.OurPopulation, PartnerOverlap.PartnerPopulation, PartnerOverlap.Active],
  [PartnerInfluence.apiName]: ['Partner__r.Name', PartnerInfluence.Role, PartnerInfluence.AttributionPercent, PartnerInfluence.Origin],
  [PartnerRegistration.apiName]: ['Partner__r.Name', PartnerRegistration.Company, PartnerRegistration.Status, PartnerRegistration.Conflict, PartnerRegistration.EstimatedAmount, PartnerRegistration.ProtectionUntil],
  [PartnerSyncRun.apiName]: [PartnerSyncRun.Status, PartnerSyncRun.Mode, PartnerSyncRun.Started, PartnerSyncRun.RecordsCreated, PartnerSyncRun.RecordsFailed],
  [PartnerSyncSetting.apiName]: [PartnerSyncSetting.AttributionModel, PartnerSyncSetting.BulkThreshold, PartnerSyncSetting.APIBudgetPercent],
};

const ICONS: Record<string, string> = {
  Account: 'standard:account',
  Lead: 'standard:lead',
  Opportunity: 'standard:opportunity',
  [Partner.apiName]: 'standard:partners',
  [PartnerOverlap.apiName]: 'standard:merge',
  [PartnerInfluence.apiName]: 'standard:partner_fund_allocation',
  [PartnerRegistration.apiName]: 'standard:partner_fund_request',
  [PartnerSyncRun.apiName]: 'standard:data_integration_hub',
  [PartnerSyncSetting.apiName]: 'standard:settings',
};

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'tabs' });
const appSchema = z.object({ CustomApplication: z.object({ label: z.string(), description: z.string().optional(), tabs: z.array(z.string()).default([]) }) });
const tabSchema = z.object({ CustomTab: z.object({ label: z.string().optional(), flexiPage: z.string().optional() }) });

function shownField(describe: DescribeLike, path: string): ShownField {
  const [first, rest] = path.split('.');
  if (rest === undefined) return { field: path, label: describe.fields.find((f) => f.name === path)?.label ?? path };
  // A parent's name: labelled like the lookup field, without the " ID" describe puts on standard lookups.
  const lookup = describe.fields.find((f) => f.relationshipName === first);
  return { field: path, label: (lookup?.label ?? first ?? path).replace(/ ID$/, '') };
}

function objectConfig(describe: DescribeLike): ObjectConfig {
  const highlightFields = (HIGHLIGHTS[describe.name] ?? []).map((f) => shownField(describe, f));
  const nameField = describe.fields.find((f) => f.nameField)?.name ?? 'Name';
  return {
    apiName: describe.name,
    label: describe.label,
    labelPlural: describe.labelPlural,
    keyPrefix: describe.keyPrefix ?? '',
    nameField,
    nameLabel: describe.fields.find((f) => f.name === nameField)?.label ?? nameField,
    iconName: ICONS[describe.name] ?? 'standard:record',
    highlightFields,
    listFields: highlightFields.slice(0, 4),
  };
}

const DETAILS: ComponentInstance = { name: 'force:detailPanel', custom: false, label: 'Record details', properties: {} };

const pagePart = (p: PageLayout): Pick<PageLayout, 'label' | 'header' | 'main' | 'sidebar'> => ({ label: p.label, header: p.header, main: p.main, sidebar: p.sidebar });

/**
 * Builds the shell's configuration. `describe` answers for the objects on the app's tabs and record pages
 * (the org's REST describe); `bundles` are force-app's LWC bundle names.
 */
export async function buildPreviewConfig(
  forceAppDir: string,
  bundles: ReadonlySet<string>,
  describe: (objectApiName: string) => Promise<DescribeLike>,
): Promise<PreviewConfig> {
  const defaultDir = path.join(forceAppDir, 'main', 'default');
  const appFile = path.join(defaultDir, 'applications', 'PartnerLens.app-meta.xml');
  const app = appSchema.parse(parser.parse(readFileSync(appFile, 'utf8'))).CustomApplication;
  const pages = readFlexipages(forceAppDir, bundles);

  // Lightning page tabs name their flexipage; the tab's API name is what navItemPage references use.
  const tabsDir = path.join(defaultDir, 'tabs');
  const flexiTabs = new Map<string, { apiName: string; label?: string }>();
  for (const file of existsSync(tabsDir) ? readdirSync(tabsDir).filter((f) => f.endsWith('.tab-meta.xml')) : []) {
    const tab = tabSchema.parse(parser.parse(readFileSync(path.join(tabsDir, file), 'utf8'))).CustomTab;
    if (tab.flexiPage) flexiTabs.set(tab.flexiPage, { apiName: file.replace(/\.tab-meta\.xml$/, ''), label: tab.label });
  }

  const recordObjects = pages.filter((p) => p.type === 'RecordPage' && p.sobjectType).map((p) => p.sobjectType as string);
  const tabObjects = app.tabs.filter((t) => !flexiTabs.has(t) && ![...flexiTabs.values()].some((f) => f.apiName === t)).map((t) => t.replace(/^standard-/, ''));
  const objects: Record<string, ObjectConfig> = {};
  for (const name of new Set([...tabObjects, ...recordObjects])) objects[name] = objectConfig(await describe(name));

  const appPages: PreviewConfig['appPages'] = {};
  const tabs: Tab[] = [];
  for (const entry of app.tabs) {
    const object = objects[entry.replace(/^standard-/, '')];
    if (object) tabs.push({ label: object.labelPlural, url: `/lightning/o/${object.apiName}/home`, objectApiName: object.apiName });
  }
  for (const page of pages.filter((p) => p.type === 'AppPage')) {
    const tab = flexiTabs.get(page.name);
    const apiName = tab?.apiName ?? page.name;
    appPages[apiName] = pagePart(page);
    tabs.push({ label: tab?.label ?? page.label, url: `/lightning/n/${apiName}` });
  }
  // Objects without a flexipage get the platform's default record page: the record's details.
  const recordPages: PreviewConfig['recordPages'] = Object.fromEntries(
    Object.values(objects).map((o) => [o.apiName, { label: o.label, header: [], main: [DETAILS], sidebar: [] }]),
  );
  for (const page of pages.filter((p) => p.type === 'RecordPage' && p.sobjectType)) recordPages[page.sobjectType as string] = pagePart(page);

  return {
    appLabel: app.label,
    intro: app.description ?? '',
    tabs,
    objects,
    recordPages,
    appPages,
  };
}
