import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { XMLParser } from 'fast-xml-parser';
import { readForceApp } from '../../src/metadata/forceAppModel';
import { STANDARD_OBJECT_NAMES } from '../../src/schema/standardObjects';

// The report types, reports and dashboard of the impact area must agree with each other and with the
// data model: a report column that names no report-type field fails on deploy, not here, otherwise.
const root = path.resolve(__dirname, '../../force-app/main/default');
const model = readForceApp(path.resolve(root, '../..'), STANDARD_OBJECT_NAMES);
const parser = new XMLParser({
  isArray: (name) => ['sections', 'columns', 'criteriaItems', 'groupingsDown', 'groupingsAcross', 'components'].includes(name),
});
const xml = (file: string) => parser.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
const files = (dir: string, suffix: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f));

interface Section {
  masterLabel: string;
  columns: { field: string; table: string }[];
}
const reportTypes = new Map(
  files(path.join(root, 'reportTypes'), '.reportType-meta.xml').map((f) => {
    const rt = xml(f).ReportType as { baseObject: string; join?: { relationship: string }; sections: Section[] };
    return [path.basename(f, '.reportType-meta.xml'), rt];
  }),
);
const reports = files(path.join(root, 'reports/PartnerLens'), '.report-meta.xml').map((f) => ({
  name: path.basename(f, '.report-meta.xml'),
  report: xml(f).Report as Record<string, unknown>,
}));

/** `Opportunity.Partner_Influences__r$Role__c` -> the report type column it names, if any. */
function reportTypeColumn(rtName: string, column: string): { field: string; table: string } | undefined {
  const [table, field] = column.split('$') as [string, string];
  return reportTypes
    .get(rtName)
    ?.sections.flatMap((s) => s.columns)
    .find((c) => c.table === table && c.field === field);
}

function objectOfTable(table: string): string | undefined {
  const [base, relationship] = table.split('.');
  if (!relationship) return base;
  return Object.values(model.objects)
    .flatMap((o) => Object.values(o.fields))
    .find((f) => f.referenceTo === base && `${f.relationshipName}__r` === relationship)?.object;
}

interface DashboardComponent {
  header: string;
  report: string;
  groupingColumn: string;
  chartSummary?: { aggregate: string; column: string } | { aggregate: string; column: string }[];
}
function dashboardComponents(): DashboardComponent[] {
  const dashboard = xml(path.join(root, 'dashboards/PartnerLens/PL_Partner_Impact.dashboard-meta.xml')).Dashboard as Record<
    string,
    { components: DashboardComponent[] }
  >;
  return ['leftSection', 'middleSection', 'rightSection'].flatMap((s) => dashboard[s]?.components ?? []);
}

describe('impact report types, reports and dashboard', () => {
  it('ships three report types, three reports and a dashboard that source-deploy-retrieve recognises', () => {
    const types = ComponentSet.fromSource(path.resolve(root, '../..'))
      .toArray()
      .map((c) => `${c.type.name}:${c.fullName}`);
    expect(types).toEqual(
      expect.arrayContaining([
        'ReportType:PL_Partner_Opportunities',
        'ReportType:PL_Opportunities_with_Partner_Influence',
        'ReportType:PL_Partner_Overlaps',
        'Report:PartnerLens/PL_Partner_Sourced_Pipeline_by_Partner',
        'Report:PartnerLens/PL_Influenced_Revenue_by_Partner_and_Role',
        'Report:PartnerLens/PL_Overlaps_by_Population',
        'Dashboard:PartnerLens/PL_Partner_Impact',
      ]),
    );
  });

  it('puts only existing custom fields in report types, on the object each table stands for', () => {
    const missing: string[] = [];
    for (const [name, rt] of reportTypes) {
      if (rt.join) expect(rt.sections.map((s) => s.columns[0]?.table)).toContain(`${rt.baseObject}.${rt.join.relationship}`);
      for (const c of rt.sections.flatMap((s) => s.columns)) {
        const object = objectOfTable(c.table);
        if (!object) missing.push(`${name}: table ${c.table}`);
        else if (c.field.endsWith('__c') && !model.objects[object]?.fields[c.field])
          missing.push(`${name}: ${object}.${c.field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('uses in every report only columns its report type offers', () => {
    const missing: string[] = [];
    for (const { name, report } of reports) {
      const rt = String(report.reportType).replace(/__c$/, '');
      expect(reportTypes.has(rt)).toBe(true);
      const filter = report.filter as { criteriaItems?: { column: string }[] } | undefined;
      const used = [
        ...(report.columns as { field: string }[]).map((c) => c.field),
        ...(filter?.criteriaItems ?? []).map((c) => c.column),
        ...((report.groupingsDown as { field: string }[] | undefined) ?? []).map((g) => g.field),
        ...((report.groupingsAcross as { field: string }[] | undefined) ?? []).map((g) => g.field),
        ...(report.timeFrameFilter ? [(report.timeFrameFilter as { dateColumn: string }).dateColumn] : []),
      ];
      for (const column of used) if (!reportTypeColumn(rt, column)) missing.push(`${name}: ${column}`);
    }
    expect(missing).toEqual([]);
  });

  it('charts only sums that the report aggregates, in the report chart and on the dashboard', () => {
    const missing: string[] = [];
    const summaries = (v: unknown): { aggregate: string; column: string }[] =>
      v === undefined ? [] : ([v].flat() as { aggregate: string; column: string }[]);
    const check = (where: string, reportName: string, s: { aggregate: string; column: string }): void => {
      if (s.aggregate === 'RowCount') return;
      const report = reports.find((r) => r.name === reportName)?.report;
      const column = (report?.columns as { field: string; aggregateTypes?: string | string[] }[] | undefined)?.find(
        (c) => c.field === s.column,
      );
      if (![column?.aggregateTypes ?? []].flat().includes(s.aggregate)) missing.push(`${where}: ${s.aggregate} of ${s.column}`);
    };
    for (const { name, report } of reports) {
      for (const s of summaries((report.chart as { chartSummaries?: unknown } | undefined)?.chartSummaries)) check(name, name, s);
    }
    for (const c of dashboardComponents())
      for (const s of summaries(c.chartSummary)) check(c.header, c.report.replace('PartnerLens/', ''), s);
    expect(missing).toEqual([]);
  });

  it('sums the attributed amount in the influenced-revenue report, so a deal with several partners counts once', () => {
    const attributed = 'Opportunity.Partner_Influences__r$Attributed_Amount__c';
    expect(model.objects.Partner_Influence__c?.fields.Attributed_Amount__c).toMatchObject({
      type: 'Formula',
      formulaType: 'Currency',
      formula: 'Opportunity__r.Amount * Attribution_Percent__c',
      precision: 18,
      scale: 2,
    });
    const report = reports.find((r) => r.name === 'PL_Influenced_Revenue_by_Partner_and_Role')?.report ?? {};
    const columns = report.columns as { field: string; aggregateTypes?: string | string[] }[];
    const aggregates = (field: string): string[] => [columns.find((c) => c.field === field)?.aggregateTypes ?? []].flat();
    expect(aggregates(attributed)).toEqual(['Sum']);
    expect(columns.map((c) => c.field)).toContain('Opportunity$Amount');
    expect(aggregates('Opportunity$Amount')).toEqual([]); // shown per row, never summed: it repeats on every partner row of a deal
    const chart = report.chart as { chartSummaries: unknown; groupingColumn: string };
    expect([chart.chartSummaries].flat()).toEqual([expect.objectContaining({ aggregate: 'Sum', column: attributed })]);
    const onDashboard = dashboardComponents().filter((c) => c.report === 'PartnerLens/PL_Influenced_Revenue_by_Partner_and_Role');
    expect(onDashboard).toHaveLength(1);
    expect([onDashboard[0]?.chartSummary].flat()).toEqual([expect.objectContaining({ aggregate: 'Sum', column: attributed })]);
    expect(reportTypeColumn('PL_Opportunities_with_Partner_Influence', attributed)).toBeDefined();
  });

  it('charts each dashboard component by a grouping of the report it reads', () => {
    const components = dashboardComponents();
    expect(components).toHaveLength(3);
    for (const c of components) {
      const report = reports.find((r) => `PartnerLens/${r.name}` === c.report)?.report;
      expect(report).toBeDefined();
      const groupings = [
        ...((report?.groupingsDown as { field: string }[]) ?? []),
        ...((report?.groupingsAcross as { field: string }[]) ?? []),
      ].map((g) => g.field);
      expect(groupings).toContain(c.groupingColumn);
    }
  });
});
