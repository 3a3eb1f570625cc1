import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { signalsConfigSchema } from './signalsConfig.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'config');

/** Exit code of every usage or configuration error (docs/cli.md). */
export const EXIT_CONFIG = 2;

/** A partner named by its Partner__c External_Id__c or Domain__c. */
const partnerRef = z.string().min(1, 'name the partner by its Partner__c External_Id__c or Domain__c');

const partnerFileSchema = z.strictObject({
  partner: partnerRef,
  file: z.string().min(1, 'give the path of the partner file (CSV or JSON), relative to this config file'),
});

const exchangeSchema = z.strictObject({
  partner: partnerRef,
  endpoint: z.url('give the exchange endpoint as an https:// URL'),
});

// plain http leaves the machine only in the clear: allowed for a receiver on this machine (tests, a local relay)
const LOOPBACK_HTTP = /^http:\/\/(?:127\.0\.0\.1|\[::1\]|localhost)(?::\d+)?\//i;

const intakeSchema = z.strictObject({
  partner: partnerRef,
  secretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "name the environment variable holding this partner's signing secret (e.g. PARTNERLENS_INTAKE_ORBIT): secrets never go in this file"),
  /** Where the partner's system receives decision notices (signed with the same secret). */
  decisionUrl: z
    .url({ protocol: /^https?$/, error: 'give the decision URL as an https:// URL' })
    .refine((u) => u.startsWith('https://') || LOOPBACK_HTTP.test(u), 'use https:// for a decision URL (plain http only to 127.0.0.1, [::1] or localhost): the notice carries your decisions')
    .optional(),
});

/**
 * The machine-side settings only (docs/cli.md "Config file"); what admins change lives in the org
 * (Partner__c, Partner_Sync_Setting__c). Strict: an unknown key is an error, not a silent typo.
 */
export const localConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  targetOrg: z.string().min(1).optional(),
  partnerFiles: z.array(partnerFileSchema).default([]),
  referralFiles: z.array(partnerFileSchema).default([]),
  /** Partners whose Source__c is 'Private exchange': the latest result file `psi` writes for each. */
  privateResults: z.array(partnerFileSchema).default([]),
  exchanges: z.array(exchangeSchema).default([]),
  /** Partners who may post deal registrations to `partnerlens registrations serve`, each with its secret's variable. */
  registrationIntake: z.array(intakeSchema).default([]),
  checkpointDir: z.string().min(1).default('.partnerlens/checkpoints'),
  /** Partner signals: the kinds recorded and their delivery (docs/signals.md). */
  signals: signalsConfigSchema.prefault({}),
});

export type LocalConfig = z.infer<typeof localConfigSchema>;

/** A loaded config with its file paths resolved against the config file's folder. */
export interface ResolvedConfig extends LocalConfig {
  file?: string;
  baseDir: string;
}

export const CONFIG_FILE_NAMES = ['partnerlens.config.json', 'partnerlens.config.yaml', 'partnerlens.config.yml'] as const;

/** The config file in `dir` (first of CONFIG_FILE_NAMES), if any. */
export function findConfigFile(dir: string): string | undefined {
  return CONFIG_FILE_NAMES.map((n) => path.join(dir, n)).find((f) => existsSync(f));
}

function fixFor(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `Remove ${issue.keys.map((k) => `"${k}"`).join(', ')}: allowed keys are ${Object.keys(localConfigSchema.shape).join(', ')} (partnerFiles, referralFiles, privateResults entries: partner, file; exchanges: partner, endpoint; registrationIntake: partner, secretEnv, decisionUrl; signals: kinds, notify with salesforce, slackWebhookEnv, digest).`;
  const text = issue.message.replace(/^Invalid input: /, '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Parses config text (JSON is YAML, so one parser gives line numbers for both); throws SfError naming file, line and key. */
export function parseLocalConfig(text: string, file: string): LocalConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new SfError(messages.getMessage('error.ConfigSyntax', [file, line, file.endsWith('.json') ? 'JSON' : 'YAML', syntax.message.split('\n')[0]]), 'ConfigSyntax', messages.getMessages('error.ConfigSyntax.actions'), EXIT_CONFIG);
  }
  const parsed = localConfigSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const keyPath = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  // the deepest node that exists gives the line: a missing key is reported at its parent
  let line = 1;
  for (let depth = keyPath.length; depth >= 0; depth--) {
    const node: unknown = doc.getIn(keyPath.slice(0, depth) as (string | number)[], true);
    const pair = depth > 0 && issue.code === 'unrecognized_keys' ? undefined : node;
    if (isNode(pair) && pair.range) {
      line = lineCounter.linePos(pair.range[0]).line;
      break;
    }
    if (issue.code === 'unrecognized_keys' && depth === keyPath.length) {
      const offset = text.indexOf(String(keyPath[keyPath.length - 1]));
      if (offset >= 0) {
        line = lineCounter.linePos(offset).line;
        break;
      }
    }
  }
  const key = keyPath.map(String).join('.') || '(root)';
  throw new SfError(messages.getMessage('error.ConfigInvalid', [file, line, key, issue.message]), 'ConfigInvalid', messages.getMessages('error.ConfigInvalid.actions', [fixFor(issue)]), EXIT_CONFIG);
}

/**
 * Loads the config: `explicit` (--config) must exist; otherwise the file in `cwd` if there is one,
 * else the defaults (the local org, no partner files).
 */
export function loadLocalConfig(cwd: string, explicit?: string): ResolvedConfig {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findConfigFile(cwd);
  if (file === undefined) return { ...localConfigSchema.parse({}), baseDir: cwd };
  if (!existsSync(file)) throw new SfError(messages.getMessage('error.ConfigNotFound', [file]), 'ConfigNotFound', messages.getMessages('error.ConfigNotFound.actions'), EXIT_CONFIG);
  const config = parseLocalConfig(readFileSync(file, 'utf8'), path.relative(cwd, file) || file);
  return { ...config, file, baseDir: path.dirname(file) };
}

/** A starter config for `partnerlens init`. */
export function starterConfig(partnerFiles: { partner: string; file: string }[] = []): LocalConfig {
  return localConfigSchema.parse({ partnerFiles, referralFiles: [] });
}
