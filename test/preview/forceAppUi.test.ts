import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCustomLabels, readFlexipages } from '../../src/preview/forceAppUi';

const FORCE_APP = path.join(__dirname, '..', '..', 'force-app');

function tempForceApp(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'preview-force-app-'));
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(dir, 'main', 'default', file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

test("reads every custom label of force-app by name, across labels files", () => {
  const labels = readCustomLabels(FORCE_APP);
  expect(labels.PL_Badge_Partner_Sourced).toBe('Partner-sourced');
  // PartnerImpact.labels-meta.xml is a second labels file; its labels are there too.
  expect(Object.keys(labels).some((name) => name.startsWith('PL_Impact'))).toBe(true);
});

test('lays out a record flexipage: custom LWCs by bundle name, standard ones named, highlights and tab sets left out', () => {
  const dir = tempForceApp({
    'flexipages/Opp.flexipage-meta.xml': `<?xml version="1.0"?><FlexiPage xmlns="http://soap.sforce.com/2006/04/metadata">
      <flexiPageRegions><itemInstances><componentInstance><componentName>force:highlightsPanel</componentName></componentInstance></itemInstances><name>header</name><type>Region</type></flexiPageRegions>
      <flexiPageRegions>
        <itemInstances><componentInstance><componentName>flexipage:tabset</componentName></componentInstance></itemInstances>
        <itemInstances><componentInstance><componentName>force:relatedListContainer</componentName></componentInstance></itemInstances>
        <name>main</name><type>Region</type></flexiPageRegions>
      <flexiPageRegions><itemInstances><componentInstance>
          <componentInstanceProperties><name>compact</name><value>true</value></componentInstanceProperties>
          <componentInstanceProperties><name>title</name><value>Partners</value></componentInstanceProperties>
          <componentName>c:partnerInfluencePanel</componentName></componentInstance></itemInstances>
        <name>sidebar</name><type>Region</type></flexiPageRegions>
      <flexiPageRegions><itemInstances><componentInstance><componentName>partnerTagger</componentName></componentInstance></itemInstances><name>facet-1</name><type>Facet</type></flexiPageRegions>
      <masterLabel>Opportunity page</masterLabel><sobjectType>Opportunity</sobjectType><template><name>flexipage:recordHomeTemplateDesktop</name></template><type>RecordPage</type>
    </FlexiPage>`,
  });
  const [page] = readFlexipages(dir, new Set(['partnerInfluencePanel', 'partnerTagger']));
  expect(page).toEqual({
    name: 'Opp',
    label: 'Opportunity page',
    type: 'RecordPage',
    sobjectType: 'Opportunity',
    header: [],
    main: [
      { name: 'force:relatedListContainer', custom: false, label: 'Related lists (standard)', properties: {} },
      { name: 'partnerTagger', custom: true, label: 'partnerTagger', properties: {} },
    ],
    sidebar: [{ name: 'partnerInfluencePanel', custom: true, label: 'c:partnerInfluencePanel', properties: { compact: true, title: 'Partners' } }],
  });
});

test("force-app's own flexipages place the PartnerLens components", () => {
  const bundles = new Set(['partnerInfluencePanel', 'accountOverlaps', 'leadPartnerBadge', 'overlapLookup', 'partnerSyncAdmin', 'partnerImpact']);
  const pages = readFlexipages(FORCE_APP, bundles);
  const placed = (type: string, object?: string): string[] =>
    pages
      .filter((p) => p.type === type && (object === undefined || p.sobjectType === object))
      .flatMap((p) => [...p.header, ...p.main, ...p.sidebar])
      .filter((c) => c.custom)
      .map((c) => c.name);
  expect(placed('RecordPage', 'Opportunity')).toContain('partnerInfluencePanel');
  expect(placed('RecordPage', 'Account')).toContain('accountOverlaps');
  expect(placed('RecordPage', 'Lead')).toContain('leadPartnerBadge');
  expect(placed('AppPage')).toEqual(expect.arrayContaining(['overlapLookup', 'partnerSyncAdmin']));
});
