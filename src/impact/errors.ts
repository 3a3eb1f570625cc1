// The report's refusals as SfErrors built from messages/report.md (like PartnerFileError and PsiError), so the
// command only renders them: the message names what was wrong, the actions the fix, the exit code is usage.
import { Messages, SfError } from '@salesforce/core';
import { EXIT } from '../common/exitCodes.js';
import { ImpactError } from './metrics.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'report');

/** A --partner value that names no Partner__c record; `known` lists the names that exist. */
export class UnknownPartnerError extends SfError<{ partner: string; known: string[] }> {
  public readonly partner: string;
  public readonly known: string[];
  public constructor(partner: string, known: string[]) {
    super(
      messages.getMessage('error.UnknownPartner', [partner]),
      'UnknownPartner',
      messages.getMessages('error.UnknownPartner.actions', [known.join(', ')]),
      EXIT.usage,
    );
    this.partner = partner;
    this.known = known;
    this.data = { partner, known };
  }
}

/**
 * The metrics' ImpactError (thrown by the shared LWC module, which cannot load @salesforce/core) as the CLI's
 * SfError: its code picks the message and the fix, its text stays the detail.
 */
export class ReportError extends SfError<{ code: string }> {
  public constructor(error: ImpactError) {
    const name = error.code === 'MIXED_CURRENCY' ? 'MixedCurrency' : 'UnknownModel';
    super(
      messages.getMessage(`error.${name}`, [error.message]),
      name,
      messages.getMessages(`error.${name}.actions`),
      EXIT.usage,
      error,
    );
    this.data = { code: String(error.code) };
  }
}

/** Rethrows an ImpactError as a ReportError; anything else unchanged. */
export function asReportError(error: unknown): never {
  throw error instanceof ImpactError ? new ReportError(error) : error;
}
