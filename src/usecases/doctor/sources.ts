// Partner sources: each partner file, referral file and private exchange result the config names exists and
// parses with the sync's own readers, and names a Partner__c the org has.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { latestOverlapResult } from '../../psi/result.js';
import { readPartnerFile } from '../../sources/partnerFile.js';
import { readReferralFile } from '../../sources/referralFile.js';
import { resolvePartner } from '../../sync/partnerResolution.js';
import { PARTNERS_SOQL, partnerFromRecord, type PartnerRow } from '../../schema/partnerRecord.js';
import { doctorMessages as messages } from './messages.js';
import { finding, type CheckStatus, type DoctorContext, type Finding } from './types.js';

type Problem = 'missing' | 'unreadable' | 'unknownPartner' | 'inactivePartner' | 'noResult';

interface Line {
  status: CheckStatus;
  text: string;
  problem?: Problem;
}

const worst = (lines: Line[]): CheckStatus => (lines.some((l) => l.status === 'fail') ? 'fail' : lines.some((l) => l.status === 'warn') ? 'warn' : 'ok');

/** The org's partners (one call), or undefined when they cannot be read (the metadata check says why). */
export async function readPartners(ctx: DoctorContext): Promise<PartnerRow[] | undefined> {
  try {
    return (await ctx.client.query(PARTNERS_SOQL)).map(partnerFromRecord);
  } catch {
    return undefined;
  }
}

/** `partners` undefined: the org could not be asked (the files are still checked). */
export async function checkSources(ctx: DoctorContext, partners: PartnerRow[] | undefined): Promise<Finding> {
  const { config } = ctx;
  // paths as the config writes them: relative to its folder
  const rel = (file: string): string => file;
  const lines: Line[] = [];
  const partnerLine = (shown: string, ref: string): Line | undefined => {
    if (partners === undefined) return undefined;
    const row = resolvePartner(partners, ref);
    if (row === undefined) return { status: 'fail', text: messages.getMessage('sources.unknownPartner', [shown, ref, ref]), problem: 'unknownPartner' };
    if (row.status !== 'Active') return { status: 'warn', text: messages.getMessage('sources.inactivePartner', [shown, `${row.name} (${ref})`, row.status ?? 'without a status']), problem: 'inactivePartner' };
    return undefined;
  };
  const fileEntries = [
    ...config.partnerFiles.map((e) => ({ ...e, read: async (f: string) => { const p = await readPartnerFile(f); return { ok: p.records.length, errors: p.errorCount, rows: p.rowCount, first: p.errors[0]?.message }; } })),
    ...config.referralFiles.map((e) => ({ ...e, read: async (f: string) => { const p = await readReferralFile(f); return { ok: p.referrals.length, errors: p.errorCount, rows: p.rowCount, first: p.errors[0]?.message }; } })),
  ];
  for (const entry of fileEntries) {
    const shown = rel(entry.file);
    const file = path.resolve(config.baseDir, entry.file);
    const about = partnerLine(shown, entry.partner);
    if (about !== undefined) lines.push(about);
    if (!existsSync(file)) {
      lines.push({ status: 'fail', text: messages.getMessage('sources.fileMissing', [shown, entry.partner]), problem: 'missing' });
      continue;
    }
    try {
      const r = await entry.read(file);
      if (r.errors > 0) lines.push({ status: 'warn', text: messages.getMessage('sources.rowErrors', [shown, entry.partner, r.errors, r.rows, r.first ?? '-']), problem: 'unreadable' });
      else lines.push({ status: 'ok', text: messages.getMessage('sources.fileRecords', [shown, entry.partner, r.ok]) });
    } catch (error) {
      lines.push({ status: 'fail', text: messages.getMessage('sources.unreadable', [shown, entry.partner, error instanceof Error ? error.message : String(error)]), problem: 'unreadable' });
    }
  }
  for (const entry of config.privateResults) {
    const shown = rel(entry.file);
    const about = partnerLine(shown, entry.partner);
    if (about !== undefined) lines.push(about);
    try {
      const found = latestOverlapResult(path.resolve(config.baseDir, entry.file));
      if (found === undefined) lines.push({ status: 'warn', text: messages.getMessage('sources.noResult', [shown, entry.partner]), problem: 'noResult' });
      else lines.push({ status: 'ok', text: messages.getMessage('sources.result', [shown, entry.partner, found.result.session, found.result.mode, found.result.finishedAt]) });
    } catch (error) {
      lines.push({ status: 'fail', text: messages.getMessage('sources.unreadable', [shown, entry.partner, error instanceof Error ? error.message : String(error)]), problem: 'unreadable' });
    }
  }
  if (config.partnerFiles.length === 0 && config.privateResults.length === 0) {
    lines.unshift({ status: 'warn', text: messages.getMessage('sources.none') });
    return finding(worst(lines), lines.map((l) => l.text).join('; '), [...messages.getMessages('sources.none.actions'), ...fixesFor(lines, config.baseDir)]);
  }
  const status = worst(lines);
  const shownLines = status === 'ok' ? lines : lines.filter((l) => l.status !== 'ok');
  return finding(status, shownLines.map((l) => l.text).join('; '), fixesFor(lines, config.baseDir), lines.length > 1 ? lines.map((l) => `${l.status}: ${l.text}`) : []);
}

function fixesFor(lines: Line[], baseDir: string): string[] {
  const problems = new Set(lines.map((l) => l.problem).filter((p): p is Problem => p !== undefined));
  const order: Problem[] = ['missing', 'unreadable', 'unknownPartner', 'inactivePartner', 'noResult'];
  return order.filter((p) => problems.has(p)).flatMap((p) => messages.getMessages(`sources.fix.${p}`, p === 'missing' ? [path.relative(process.cwd(), baseDir) || '.'] : []));
}
