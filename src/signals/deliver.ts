// Delivery of partner signals: the org is the outbox. A signal is Pending until its owner has heard of it by every
// configured channel (a Salesforce custom notification, optionally Slack); a channel that failed after its retries
// leaves the signal Failed with that channel named in Notification_Error__c, and the next sync retries that channel
// only, so nobody hears of one signal twice by the same channel. Digest mode sends one message per owner per run.
import { Messages } from '@salesforce/core';
import type { OrgClient, SObjectRecord } from '../org/client.js';
import type { RetryPolicy } from '../org/retry.js';
import { Partner, PartnerSignal as S, SIGNAL_NOTIFICATION_TYPE, relationshipOf, type SignalKind } from '../schema/dataModel.js';
import { notificationTypeId, sendCustomNotification, MAX_BODY } from './customNotification.js';
import { sendSlack, slackMessage, type SlackSection } from './slack.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'signals');

export type Channel = 'salesforce' | 'slack';

export interface DeliveryOptions {
  salesforce: boolean;
  /** The incoming-webhook URL (a secret, read from the environment variable the config names). */
  slackWebhookUrl?: string;
  digest: boolean;
  now?: () => Date;
  retry?: Partial<RetryPolicy>;
}

export interface DeliveryFailure {
  signal: string;
  channel: Channel;
  message: string;
}

export interface DeliveryOutcome {
  /** Signals every configured channel has now delivered. */
  delivered: number;
  /** Messages sent (a digest counts once per channel). */
  messages: number;
  failures: DeliveryFailure[];
}

/** After this many attempts a signal stays Failed and is not tried again. */
export const MAX_ATTEMPTS = 20;

const rel = {
  partner: relationshipOf(S.Partner),
  account: relationshipOf(S.Account),
  lead: relationshipOf(S.Lead),
  opportunity: relationshipOf(S.Opportunity),
};
const FIELDS = [
  'Id', S.Name, S.Kind, S.FromPopulation, S.ToPopulation, S.DetectedAt, S.NotificationStatus, S.NotificationAttempts, S.NotificationError,
  S.Account, S.Lead, S.Opportunity, `${rel.partner}.${Partner.Name}`, `${rel.account}.Name`, `${rel.account}.OwnerId`, `${rel.lead}.Company`, `${rel.lead}.OwnerId`,
  `${rel.opportunity}.Name`, `${rel.opportunity}.OwnerId`, `${rel.opportunity}.Owner.Name`, `${rel.account}.Owner.Name`, `${rel.lead}.Owner.Name`,
];

/** Signals waiting for a channel: Pending, or Failed with attempts left. */
export function signalsDueSoql(limit = 2000): string {
  return `SELECT ${FIELDS.join(', ')} FROM ${S.apiName} WHERE ${S.NotificationStatus} IN ('Pending', 'Failed') AND (${S.NotificationAttempts} = null OR ${S.NotificationAttempts} < ${MAX_ATTEMPTS}) ORDER BY ${S.DetectedAt}, Id LIMIT ${limit}`;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const parent = (row: SObjectRecord, r: string, field: string): string | undefined => text(((row[r] ?? {}) as Record<string, unknown>)[field]);

interface Due {
  row: SObjectRecord;
  id: string;
  name: string;
  owner?: string;
  /** The channels this signal still needs. */
  channels: Channel[];
  line: string;
}

/** The channels a Failed signal's error names ("slack: ...; salesforce: ..."), so only those are tried again. */
export function failedChannels(error: string | undefined): Channel[] {
  const named = (error ?? '').split('; ').map((part) => part.split(':')[0]?.trim());
  return (['salesforce', 'slack'] as const).filter((c) => named.includes(c));
}

/** What happened, in words: "Globex: Initech became its customer (was Prospect)". */
export function signalLine(row: SObjectRecord): string {
  const partner = parent(row, rel.partner, Partner.Name) ?? 'A partner';
  const company = parent(row, rel.account, 'Name') ?? parent(row, rel.lead, 'Company') ?? 'a company';
  const kind = String(row[S.Kind]) as SignalKind;
  const pop = kind === 'New_Overlap_On_Open_Deal' ? text(row[S.ToPopulation]) : text(row[S.FromPopulation]);
  return messages.getMessage(`kind.${kind}`, [partner, company, pop ?? '—']);
}

function dueOf(row: SObjectRecord, configured: readonly Channel[]): Due {
  const retry = row[S.NotificationStatus] === 'Failed' ? failedChannels(text(row[S.NotificationError])) : [];
  return {
    row,
    id: String(row.Id),
    name: String(row[S.Name] ?? row.Id),
    // the deal's owner first, else the account's, else the lead's
    owner: parent(row, rel.opportunity, 'OwnerId') ?? parent(row, rel.account, 'OwnerId') ?? parent(row, rel.lead, 'OwnerId'),
    channels: retry.length > 0 ? configured.filter((c) => retry.includes(c)) : [...configured],
    line: signalLine(row),
  };
}

/** Groups as messages go out: by owner in digest mode, else one signal each. */
function messagesOf(due: readonly Due[], digest: boolean): Due[][] {
  if (!digest) return due.map((d) => [d]);
  const byOwner = new Map<string, Due[]>();
  for (const d of due) byOwner.set(d.owner ?? '', [...(byOwner.get(d.owner ?? '') ?? []), d]);
  return [...byOwner.values()];
}

function notificationOf(group: readonly Due[]): { title: string; body: string; targetId: string } {
  const [first] = group as [Due];
  if (group.length === 1) return { title: messages.getMessage('notification.title.one', [first.line]), body: first.line, targetId: first.id };
  const lines: string[] = [];
  for (const [i, d] of group.entries()) {
    const more = messages.getMessage('notification.more', [group.length - i]);
    if ([...lines, `• ${d.line}`, more].join('\n').length > MAX_BODY) {
      lines.push(more);
      break;
    }
    lines.push(`• ${d.line}`);
  }
  // the newest signal is the one the notification opens
  return { title: messages.getMessage('notification.title.digest', [group.length]), body: lines.join('\n'), targetId: (group.at(-1) as Due).id };
}

/**
 * Delivers the signals that wait for a channel and records the outcome on each (Notification_Status__c, Notified_At__c,
 * Notification_Attempts__c, Notification_Error__c). Never throws for a channel's failure: the failure is the outcome.
 */
export async function deliverSignals(client: OrgClient, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const out: DeliveryOutcome = { delivered: 0, messages: 0, failures: [] };
  const configured: Channel[] = [...(options.salesforce ? (['salesforce'] as const) : []), ...(options.slackWebhookUrl !== undefined ? (['slack'] as const) : [])];
  if (configured.length === 0) return out;
  const now = options.now ?? (() => new Date());
  const due = (await client.query(signalsDueSoql())).map((r) => dueOf(r, configured)).filter((d) => d.channels.length > 0);
  if (due.length === 0) return out;

  const errors = new Map<string, string[]>();
  const attempts = new Map<string, number>();
  const fail = (group: readonly Due[], channel: Channel, message: string): void => {
    for (const d of group) {
      errors.set(d.id, [...(errors.get(d.id) ?? []), `${channel}: ${message}`]);
      out.failures.push({ signal: d.name, channel, message });
    }
  };
  const count = (group: readonly Due[], n: number): void => group.forEach((d) => attempts.set(d.id, (attempts.get(d.id) ?? 0) + n));

  const toSalesforce = due.filter((d) => d.channels.includes('salesforce'));
  if (toSalesforce.length > 0) {
    const typeId = await notificationTypeId(client, SIGNAL_NOTIFICATION_TYPE);
    for (const group of messagesOf(toSalesforce, options.digest)) {
      const owner = group[0]?.owner;
      // nothing was sent, yet it counts as an attempt: a signal that can never go stops being tried after MAX_ATTEMPTS
      if (typeId === undefined || owner === undefined) {
        count(group, 1);
        fail(group, 'salesforce', typeId === undefined ? messages.getMessage('error.NoNotificationType', [SIGNAL_NOTIFICATION_TYPE]) : messages.getMessage('error.NoOwner'));
      } else {
        const sent = await sendCustomNotification(client, typeId, { recipientIds: [owner], ...notificationOf(group) });
        count(group, sent.attempts);
        if (sent.error !== undefined) fail(group, 'salesforce', sent.error);
        else out.messages++;
      }
    }
  }

  const toSlack = due.filter((d) => d.channels.includes('slack'));
  if (toSlack.length > 0 && options.slackWebhookUrl !== undefined) {
    const link = (d: Due): string => `${client.conn.instanceUrl}/lightning/r/${S.apiName}/${d.id}/view`;
    // a digest is one message a run for the channel, a section per owner; otherwise one message per signal
    const groups = options.digest ? [toSlack] : toSlack.map((d) => [d]);
    for (const group of groups) {
      const sections: SlackSection[] = messagesOf(group, true).map((g) => ({
        heading: options.digest ? messages.getMessage('slack.owner', [ownerName(g[0] as Due)]) : undefined,
        lines: g.map((d) => ({ name: d.name, url: link(d), text: d.line })),
      }));
      const message = slackMessage(messages.getMessage('slack.header', [group.length]), messages.getMessage('slack.text', [group.length]), sections, (n) => messages.getMessage('notification.more', [n]));
      const sent = await sendSlack(options.slackWebhookUrl, message, options.retry);
      count(group, sent.attempts);
      if (sent.error !== undefined) fail(group, 'slack', sent.error);
      else out.messages++;
    }
  }

  const at = now().toISOString();
  const updates = due.map((d): SObjectRecord => {
    const failed = errors.get(d.id);
    if (failed === undefined) out.delivered++;
    return {
      Id: d.id,
      [S.NotificationStatus]: failed === undefined ? 'Sent' : 'Failed',
      [S.NotificationAttempts]: Math.min(999, (typeof d.row[S.NotificationAttempts] === 'number' ? (d.row[S.NotificationAttempts] as number) : 0) + (attempts.get(d.id) ?? 0)),
      [S.NotificationError]: failed === undefined ? null : failed.join('; ').slice(0, 255),
      ...(failed === undefined || failed.length < d.channels.length ? { [S.NotifiedAt]: at } : {}),
    };
  });
  for (const r of await client.upsertCollection(S.apiName, 'Id', updates)) {
    if (!r.success) out.failures.push({ signal: r.key, channel: 'salesforce', message: r.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ') });
  }
  return out;
}

/** The owner's name as Slack shows it (the same record the owner id was taken from). */
function ownerName(d: Due): string {
  for (const r of [rel.opportunity, rel.account, rel.lead]) {
    const owner = ((d.row[r] ?? {}) as Record<string, unknown>).Owner as Record<string, unknown> | undefined;
    if (text(owner?.Name) !== undefined) return String(owner?.Name);
  }
  return d.owner ?? '—';
}
