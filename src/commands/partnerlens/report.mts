import { Messages, SfError } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { orgFlags } from '../../cli/flags.mjs';
import { EXIT } from '../../common/exitCodes.js';
import { MODELS } from '../../impact/metrics.js';
import {
  REPORT_COLUMNS,
  formatDays,
  formatPercent,
  formatPoints,
  formatReportRow,
  overlapMap,
  reportCsv,
  reportRows,
} from '../../impact/render.js';
import { runReport, type ImpactReportWithRegistrations } from '../../impact/report.js';
import { OrgClient } from '../../org/client.js';
import { PartnerLensCommand } from '../../cli/command.mjs';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'report');

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) {
    throw new SfError(
      messages.getMessage('error.BadDate', [flag, value]),
      'BadDate',
      messages.getMessages('error.BadDate.actions'),
      EXIT.usage,
    );
  }
  return value;
}

export default class Report extends PartnerLensCommand<ImpactReportWithRegistrations> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');

  public static override readonly flags = {
    ...orgFlags,
    from: Flags.string({ summary: messages.getMessage('flags.from.summary') }),
    to: Flags.string({ summary: messages.getMessage('flags.to.summary') }),
    partner: Flags.string({ char: 'p', summary: messages.getMessage('flags.partner.summary') }),
    model: Flags.option({ summary: messages.getMessage('flags.model.summary'), options: MODELS })(),
    csv: Flags.boolean({ summary: messages.getMessage('flags.csv.summary'), default: false }),
  };

  public async run(): Promise<ImpactReportWithRegistrations> {
    const { flags } = await this.parse(Report);
    const from = checkDate('from', flags.from);
    const to = checkDate('to', flags.to);
    if (from !== undefined && to !== undefined && from > to) {
      throw new SfError(
        messages.getMessage('error.BadRange', [from, to]),
        'BadRange',
        messages.getMessages('error.BadRange.actions'),
        EXIT.usage,
      );
    }
    const { target } = await this.orgContext(flags);
    const report = await runReport(new OrgClient(target.conn), { from, to, partner: flags.partner, model: flags.model });

    const rows = reportRows(report, messages.getMessage('allPartners'));
    if (flags.csv) {
      // CSV goes to stdout untouched so it can be redirected to a file; --json still wins.
      if (!this.jsonEnabled()) process.stdout.write(reportCsv(rows));
      return report;
    }
    const period =
      report.from && report.to
        ? messages.getMessage('periodRange', [report.from, report.to])
        : report.from
          ? messages.getMessage('periodFrom', [report.from])
          : report.to
            ? messages.getMessage('periodTo', [report.to])
            : messages.getMessage('periodAll');
    this.log(messages.getMessage('period', [period, report.model, report.currency ?? messages.getMessage('currencyUnknown')]));
    this.table({ data: rows.map(formatReportRow), columns: [...REPORT_COLUMNS] });
    const map = overlapMap(report);
    if (map.rows.length > 0) {
      this.table({ data: map.rows, columns: map.columns, title: messages.getMessage('overlapMap.title') });
    }
    const { lift, leads, dealsWithoutAmount } = report.overall;
    this.log(
      messages.getMessage('lift', [
        formatPercent(lift.withPartner.winRate),
        formatPercent(lift.withoutPartner.winRate),
        formatPoints(lift.winRateLift),
        formatDays(lift.withPartner.avgCycleDays),
        formatDays(lift.withoutPartner.avgCycleDays),
      ]),
    );
    this.log(messages.getMessage('leads', [formatPercent(leads.partnerSourced.rate), formatPercent(leads.ordinary.rate)]));
    const registrations = report.registrations;
    if (registrations.overall.received > 0) {
      const row = (name: string, f: (typeof registrations)['overall']): Record<string, string> => ({
        partner: name,
        received: f.received.toLocaleString('en-US'),
        pending: f.pending.toLocaleString('en-US'),
        approvalRate: formatPercent(f.approvalRate),
        daysToDecision: formatDays(f.medianDaysToDecision),
        dealWinRate: f.dealsClosed === 0 ? '-' : `${formatPercent(f.dealWinRate)} (${f.dealsWon}/${f.dealsClosed})`,
      });
      this.table({
        data: [...registrations.partners.map((p) => row(p.partnerName, p)), ...(registrations.partners.length > 1 ? [row(messages.getMessage('allPartners'), registrations.overall)] : [])],
        columns: (['partner', 'received', 'pending', 'approvalRate', 'daysToDecision', 'dealWinRate'] as const).map((key) => ({ key, name: messages.getMessage(`registrations.${key}`) })),
        title: messages.getMessage('registrations.title'),
      });
    }
    const signals = report.signals;
    if (signals.overall.total > 0) {
      const deals = (d: (typeof signals)['overall']['actedOnDeals']): string => (d.closed === 0 ? '-' : `${formatPercent(d.winRate)} (${d.won}/${d.closed})`);
      const row = (name: string, f: (typeof signals)['overall']): Record<string, string> => ({
        partner: name,
        signals: f.total.toLocaleString('en-US'),
        actedOn: `${f.actedOn.toLocaleString('en-US')} (${f.acknowledged} acknowledged, ${f.introRequested} intro)`,
        actedWinRate: deals(f.actedOnDeals),
        otherWinRate: deals(f.otherDeals),
      });
      this.table({
        data: [...signals.partners.map((p) => row(p.partnerName, p)), ...(signals.partners.length > 1 ? [row(messages.getMessage('allPartners'), signals.overall)] : [])],
        columns: (['partner', 'signals', 'actedOn', 'actedWinRate', 'otherWinRate'] as const).map((key) => ({ key, name: messages.getMessage(`signals.${key}`) })),
        title: messages.getMessage('signals.title'),
      });
    }
    if (dealsWithoutAmount > 0) this.warn(messages.getMessage('dealsWithoutAmount', [dealsWithoutAmount]));
    return report;
  }
}
