// Standard invocable actions the local org runs: customNotificationAction (REST API Developer Guide, "Custom
// Notification Actions"). The org records every notification it accepted so tests can read back what was sent.
import { json, objectBody, type ApiRequest, type ApiResponse } from './api.js';
import { ApiError, notFound } from './errors.js';
import { toId18 } from './ids.js';
import type { Engine } from './store.js';

export interface SentNotification {
  customNotifTypeId: string;
  recipientIds: string[];
  title: string;
  body: string;
  targetId?: string;
  targetPageRef?: string;
  sentAt: string;
}

interface ActionError {
  statusCode: string;
  message: string;
  fields: string[];
}

const ACTION = 'customNotificationAction';
/** Salesforce's documented bounds for one custom notification. */
const MAX_TITLE = 250;
const MAX_BODY = 750;
const MAX_RECIPIENTS = 500;
/** The documented stand-in target for a notification with no natural record. */
const DUMMY_TARGET = '000000000000000AAA';

export class StandardActions {
  public readonly sent: SentNotification[] = [];

  public constructor(private readonly engine: Engine) {}

  /** /services/data/vXX.X/actions/standard[/customNotificationAction] */
  public handle(req: ApiRequest, version: string, tail: string[]): ApiResponse {
    if (tail[0] !== 'standard') throw notFound();
    const url = `/services/data/v${version}/actions/standard/${ACTION}`;
    if (tail.length === 1) {
      if (req.method !== 'GET') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are GET,HEAD`);
      return json(200, { actions: [{ label: 'Send Custom Notification', name: ACTION, type: 'CUSTOMNOTIFICATIONACTION', url }] });
    }
    if (tail[1] !== ACTION || tail.length > 2) throw notFound();
    if (req.method === 'GET') return json(200, { name: ACTION, label: 'Send Custom Notification', type: 'CUSTOMNOTIFICATIONACTION', inputs: ['customNotifTypeId', 'recipientIds', 'title', 'body', 'targetId', 'targetPageRef'].map((name) => ({ name })) });
    if (req.method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are GET,HEAD,POST`);
    const inputs = objectBody(req).inputs;
    if (!Array.isArray(inputs) || inputs.length === 0) throw new ApiError(400, 'JSON_PARSER_ERROR', 'Provide the action inputs as {"inputs": [ ... ]}.');
    // Salesforce runs every input and answers 400 when any failed, each result saying how it went
    const results = inputs.map((input: unknown) => {
      const errors = this.validate(input);
      if (errors.length === 0) this.record(input as Record<string, unknown>);
      return { actionName: ACTION, errors: errors.length > 0 ? errors : null, isSuccess: errors.length === 0, outputValues: errors.length > 0 ? null : { SuccessMessage: 'Your custom notification is processed successfully.' } };
    });
    return json(results.every((r) => r.isSuccess) ? 200 : 400, results);
  }

  private validate(raw: unknown): ActionError[] {
    const errors: ActionError[] = [];
    const fail = (statusCode: string, message: string, field: string): void => void errors.push({ statusCode, message, fields: [field] });
    const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    for (const name of ['customNotifTypeId', 'recipientIds', 'title', 'body']) {
      if (input[name] === undefined || input[name] === null || input[name] === '') fail('REQUIRED_FIELD_MISSING', `Missing required input parameter: ${name}`, name);
    }
    if (input.targetId === undefined && input.targetPageRef === undefined) fail('REQUIRED_FIELD_MISSING', 'Provide a targetId or a targetPageRef for the notification.', 'targetId');
    if (errors.length > 0) return errors;
    const type = this.engine.statement('SELECT "Id" FROM "CustomNotificationType" WHERE "Id" = ? AND "IsDeleted" = 0').get(toId18(String(input.customNotifTypeId)) ?? '');
    if (type === undefined) fail('INVALID_API_INPUT', `Invalid parameter value for: customNotifTypeId (${String(input.customNotifTypeId)} is not a custom notification type of this org)`, 'customNotifTypeId');
    const recipients = Array.isArray(input.recipientIds) ? input.recipientIds : [input.recipientIds];
    if (recipients.length > MAX_RECIPIENTS) fail('LIMIT_EXCEEDED', `A notification can have at most ${MAX_RECIPIENTS} recipients.`, 'recipientIds');
    for (const r of recipients) {
      const id = toId18(String(r));
      const user = id === undefined ? undefined : (this.engine.statement('SELECT "IsActive" FROM "User" WHERE "Id" = ? AND "IsDeleted" = 0').get(id) as { IsActive: number } | undefined);
      // account, opportunity, group and queue recipients expand to teams and members this org does not model
      if (user === undefined) fail('INVALID_API_INPUT', `Invalid parameter value for: recipientIds (${String(r)} is not a user of this org)`, 'recipientIds');
    }
    if (String(input.title).length > MAX_TITLE) fail('STRING_TOO_LONG', `title: data value too large (max length=${MAX_TITLE})`, 'title');
    if (String(input.body).length > MAX_BODY) fail('STRING_TOO_LONG', `body: data value too large (max length=${MAX_BODY})`, 'body');
    if (input.targetId !== undefined && String(input.targetId) !== DUMMY_TARGET && !this.exists(String(input.targetId))) {
      fail('INVALID_API_INPUT', `Invalid parameter value for: targetId (${String(input.targetId)} is not a record of this org)`, 'targetId');
    }
    return errors;
  }

  private exists(raw: string): boolean {
    const id = toId18(raw);
    const obj = id === undefined ? undefined : this.engine.schema.byKeyPrefix(id.slice(0, 3));
    return obj !== undefined && this.engine.readRow(obj, id as string) !== undefined;
  }

  private record(input: Record<string, unknown>): void {
    const recipients = Array.isArray(input.recipientIds) ? input.recipientIds : [input.recipientIds];
    this.sent.push({
      customNotifTypeId: String(input.customNotifTypeId),
      recipientIds: recipients.map(String),
      title: String(input.title),
      body: String(input.body),
      ...(input.targetId !== undefined ? { targetId: String(input.targetId) } : {}),
      ...(input.targetPageRef !== undefined ? { targetPageRef: typeof input.targetPageRef === 'string' ? input.targetPageRef : JSON.stringify(input.targetPageRef) } : {}),
      sentAt: this.engine.now(),
    });
  }
}
