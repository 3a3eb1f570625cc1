// Salesforce custom notifications through the REST standard action customNotificationAction, with the type
// found by its DeveloperName (force-app/main/default/notificationtypes).
import { z } from 'zod';
import { OrgError } from '../org/orgError.js';
import type { OrgClient } from '../org/client.js';
import { soqlString } from '../org/soql.js';

export interface CustomNotification {
  recipientIds: string[];
  title: string;
  body: string;
  targetId: string;
}

/** Salesforce's bounds for one notification. */
export const MAX_TITLE = 250;
export const MAX_BODY = 750;

const actionResults = z.array(
  z.object({
    isSuccess: z.boolean(),
    errors: z.array(z.object({ statusCode: z.string().optional(), message: z.string().optional() })).nullish(),
  }),
);

/** The Id of the custom notification type with this DeveloperName, or undefined when the org has none. */
export async function notificationTypeId(client: OrgClient, developerName: string): Promise<string | undefined> {
  const [row] = await client.query(`SELECT Id FROM CustomNotificationType WHERE DeveloperName = ${soqlString(developerName)}`);
  return typeof row?.Id === 'string' ? row.Id : undefined;
}

/** Sends one notification (the client retries Salesforce's transient faults); the error in words when it was refused. */
export async function sendCustomNotification(client: OrgClient, typeId: string, n: CustomNotification): Promise<{ attempts: number; error?: string }> {
  const before = client.calls;
  try {
    const answer = await client.send<unknown>('POST', '/actions/standard/customNotificationAction', {
      inputs: [{ customNotifTypeId: typeId, recipientIds: n.recipientIds, title: n.title.slice(0, MAX_TITLE), body: n.body.slice(0, MAX_BODY), targetId: n.targetId }],
    });
    const parsed = actionResults.safeParse(answer);
    if (!parsed.success) return { attempts: client.calls - before, error: 'the org answered the custom notification action in an unexpected shape' };
    const failed = parsed.data.find((r) => !r.isSuccess);
    const e = failed?.errors?.[0];
    return { attempts: client.calls - before, error: failed === undefined ? undefined : `${e?.statusCode ?? 'REFUSED'}: ${e?.message ?? 'refused'}` };
  } catch (error) {
    return { attempts: Math.max(1, client.calls - before), error: error instanceof OrgError || error instanceof Error ? error.message : String(error) };
  }
}
