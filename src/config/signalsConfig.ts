// The `signals` section of the local config (docs/signals.md): which kinds the sync records and how owners hear of them.
import { z } from 'zod';
import { Picklists } from '../schema/dataModel.js';

const KINDS = Picklists['Partner_Signal__c.Kind__c'];

export const signalsConfigSchema = z.strictObject({
  /** The kinds the sync records; default all four. An empty list turns detection off. */
  kinds: z.array(z.enum(KINDS, { error: `use the Kind__c API names: ${KINDS.join(', ')}` })).default([...KINDS]),
  notify: z
    .strictObject({
      /** A Salesforce custom notification (PartnerLens_Signal) to the opportunity's, else the account's or lead's, owner. */
      salesforce: z.boolean().default(true),
      /** The environment variable holding a Slack incoming-webhook URL: the URL is a secret, so it never goes in this file. */
      slackWebhookEnv: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/, 'name the environment variable holding the Slack incoming-webhook URL (e.g. PARTNERLENS_SLACK_WEBHOOK): the URL is a secret and never goes in this file')
        .optional(),
      /** One message per owner per run (true) or one per signal. */
      digest: z.boolean().default(true),
    })
    .prefault({}),
});

export type SignalsConfig = z.infer<typeof signalsConfigSchema>;
