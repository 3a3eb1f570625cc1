// Decision notices: each partner that gave a decision URL is told the status of its registrations, by a signed
// POST (the intake's HMAC scheme, the other way round). The org is the outbox: Partner_Notice_Due__c is true
// while the status differs from Partner_Notified_Status__c, so a notice that failed is sent by the next run,
// one that succeeded is never sent again, and a crash between the POST and the record update re-sends with the
// same Idempotency-Key (the partner's system drops it).
import type { OrgClient, SObjectRecord } from '../org/client.js';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from '../org/retry.js';
import { Partner, PartnerRegistration as R, relationshipOf } from '../schema/dataModel.js';
import { str } from '../schema/partnerRecord.js';
import type { FailedRecord } from '../sync/types.js';
import { failure } from './approval.js';
import { signIntakeRequest } from './signature.js';
import { soqlString } from '../org/soql.js';

/** A partner the config lists with a decisionUrl, and its signing secret. */
export interface NoticeTarget {
  /** Partner__c External_Id__c or Domain__c, as in the config. */
  partner: string;
  url: string;
  secret: string;
}

/** What the partner's system receives: its own registration id and our decision, nothing else of the org. */
export interface DecisionNotice {
  registrationId: string;
  reference: string;
  company: string;
  status: string;
  conflict: string | null;
  reason: string | null;
  protectionUntil: string | null;
  decidedAt: string | null;
}

export interface NoticeOutcome {
  sent: { registration: string; status: string; partner: string }[];
  failures: FailedRecord[];
}

const PARTNER_REL = relationshipOf(R.Partner);
const NOTICE_FIELDS = ['Id', R.Name, R.ExternalId, R.Company, R.Status, R.Conflict, R.DecisionReason, R.ProtectionUntil, R.DecidedAt, `${PARTNER_REL}.${Partner.ExternalId}`, `${PARTNER_REL}.${Partner.Domain}`];
const TIMEOUT_MS = 10_000;

/** The registrations of these partners whose partner has not heard their current status (`ids` narrows to some). */
export function noticesDueSoql(targets: readonly NoticeTarget[], options: { ids?: readonly string[]; limit?: number } = {}): string {
  const refs = targets.map((t) => soqlString(t.partner)).join(', ');
  const ids = options.ids !== undefined ? ` AND Id IN (${options.ids.map(soqlString).join(', ')})` : '';
  const limit = options.limit !== undefined ? ` LIMIT ${options.limit}` : '';
  return `SELECT ${NOTICE_FIELDS.join(', ')} FROM ${R.apiName} WHERE ${R.NoticeDue} = true AND (${PARTNER_REL}.${Partner.ExternalId} IN (${refs}) OR ${PARTNER_REL}.${Partner.Domain} IN (${refs}))${ids} ORDER BY ${R.SubmittedAt}, Id${limit}`;
}

function targetOf(targets: readonly NoticeTarget[], row: SObjectRecord): NoticeTarget | undefined {
  const partner = (row[PARTNER_REL] ?? {}) as Record<string, unknown>;
  const ext = str(partner[Partner.ExternalId]);
  const domain = str(partner[Partner.Domain])?.toLowerCase();
  return targets.find((t) => t.partner === ext) ?? targets.find((t) => t.partner.toLowerCase() === domain);
}

export function noticeOf(row: SObjectRecord): DecisionNotice {
  const key = String(row[R.ExternalId] ?? '');
  return {
    // the partner's own id: External_Id__c is "<partner>|<registration id>"
    registrationId: key.includes('|') ? key.slice(key.indexOf('|') + 1) : key,
    reference: String(row[R.Name] ?? row.Id),
    company: String(row[R.Company] ?? ''),
    status: String(row[R.Status]),
    conflict: str(row[R.Conflict]) ?? null,
    reason: str(row[R.DecisionReason]) ?? null,
    protectionUntil: str(row[R.ProtectionUntil]) ?? null,
    decidedAt: str(row[R.DecidedAt]) ?? null,
  };
}

/** A failed POST: transient (network, 408, 429, 5xx) is retried; anything else is the partner's to fix. */
class NoticeError extends Error {
  public constructor(
    message: string,
    public readonly code: string,
    public readonly transient: boolean,
  ) {
    super(message);
  }
}

async function post(target: NoticeTarget, notice: DecisionNotice, now: () => Date): Promise<void> {
  const body = JSON.stringify(notice);
  const timestamp = Math.floor(now().getTime() / 1000);
  let res: Response;
  try {
    res = await fetch(target.url, {
      method: 'POST',
      // a redirect would re-send the signed body somewhere the config does not name
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'Content-Type': 'application/json',
        'X-PartnerLens-Timestamp': String(timestamp),
        'X-PartnerLens-Signature': `sha256=${signIntakeRequest(target.secret, timestamp, body)}`,
        'Idempotency-Key': `${notice.registrationId}:${notice.status}`,
      },
      body,
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new NoticeError(`could not reach ${target.url}: ${cause}`, cause, true);
  }
  await res.body?.cancel();
  if (res.status >= 200 && res.status < 300) return;
  const transient = res.status === 408 || res.status === 429 || res.status >= 500;
  throw new NoticeError(`${target.url} answered ${res.status}${res.status >= 300 && res.status < 400 ? ' (redirects are not followed: give the final URL)' : ''}`, `HTTP_${res.status}`, transient);
}

export interface SendNoticesOptions {
  now?: () => Date;
  retry?: Partial<RetryPolicy>;
  /** Only these registrations (the CLI's decision just made). */
  ids?: readonly string[];
}

/**
 * Sends every due notice of the targets' partners, one partner's notices in order, and records each accepted
 * one on its registration (Partner_Notified_Status__c, Partner_Notified_At__c). A refused or unreachable
 * notice is reported and stays due; it never stops the others.
 */
export async function sendDecisionNotices(client: OrgClient, targets: readonly NoticeTarget[], options: SendNoticesOptions = {}): Promise<NoticeOutcome> {
  const out: NoticeOutcome = { sent: [], failures: [] };
  if (targets.length === 0) return out;
  const now = options.now ?? (() => new Date());
  const policy = defaultRetryPolicy({ attempts: 4, baseMs: 200, maxMs: 5_000, retryable: (e) => e instanceof NoticeError && e.transient, ...options.retry });
  const rows = await client.query(noticesDueSoql(targets, { ids: options.ids }));
  const accepted: SObjectRecord[] = [];
  for (const row of rows) {
    const target = targetOf(targets, row);
    if (target === undefined) continue;
    const notice = noticeOf(row);
    try {
      await withRetry(policy, () => post(target, notice, now));
      accepted.push({ Id: String(row.Id), [R.NotifiedStatus]: notice.status, [R.NotifiedAt]: now().toISOString() });
      out.sent.push({ registration: notice.reference, status: notice.status, partner: target.partner });
    } catch (error) {
      const code = error instanceof NoticeError ? error.code : 'NOTICE_FAILED';
      out.failures.push({ object: 'Decision notice', key: notice.reference, code, message: (error as Error).message, fields: '' });
    }
  }
  for (const r of await client.upsertCollection(R.apiName, 'Id', accepted)) if (!r.success) out.failures.push(failure(R.apiName, r.key, r.errors));
  return out;
}

/**
 * The config's partners with a decision URL, each with its intake secret from the environment; `missing` names
 * the variables that are unset or shorter than 16 characters (those partners are not notified).
 */
export function decisionNoticeTargets(entries: readonly { partner: string; secretEnv: string; decisionUrl?: string }[], env: NodeJS.ProcessEnv): { targets: NoticeTarget[]; missing: string[] } {
  const targets: NoticeTarget[] = [];
  const missing: string[] = [];
  for (const e of entries) {
    if (e.decisionUrl === undefined) continue;
    const secret = env[e.secretEnv] ?? '';
    if (secret.length < 16) missing.push(`${e.secretEnv} (${e.partner})`);
    else targets.push({ partner: e.partner, url: e.decisionUrl, secret });
  }
  return { targets, missing };
}
