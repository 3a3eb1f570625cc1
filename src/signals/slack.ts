// Slack incoming webhooks: a Block Kit message per digest, POSTed with retries. The webhook URL is a secret: it
// is never logged nor put in an error message.
import { z } from 'zod';
import { defaultRetryPolicy, withRetry, type RetryPolicy } from '../org/retry.js';

/** One line of a message: the signal's number linked to its record, and what happened. */
export interface SlackLine {
  name: string;
  url: string;
  text: string;
}

export interface SlackSection {
  heading?: string;
  lines: SlackLine[];
}

/** Slack allows 50 blocks a message; the rest is counted in a last context block. */
const MAX_BLOCKS = 50;
const TIMEOUT_MS = 10_000;

/** Slack's mrkdwn needs &, < and > escaped in text it should not read as markup. */
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackMessage(header: string, fallback: string, sections: readonly SlackSection[], more: (n: number) => string): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: header.slice(0, 150) } }];
  const total = sections.reduce((n, s) => n + s.lines.length, 0);
  let shown = 0;
  for (const s of sections) {
    if (blocks.length >= MAX_BLOCKS - 2) break;
    if (s.heading !== undefined) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: s.heading } });
    for (const l of s.lines) {
      if (blocks.length >= MAX_BLOCKS - 1) break;
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${l.url}|${escape(l.name)}> ${escape(l.text)}` } });
      shown++;
    }
  }
  if (shown < total) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: more(total - shown) }] });
  return { text: fallback, blocks };
}

/** A failed POST: network, 429 and 5xx pass; anything else (a revoked webhook, a bad payload) is the admin's to fix. */
export class SlackError extends Error {
  public constructor(
    message: string,
    public readonly transient: boolean,
  ) {
    super(message);
  }
}

/** What Slack answers: "ok", or an error word such as invalid_payload or no_service. */
const slackAnswer = z.string().transform((s) => s.trim().slice(0, 100));

async function post(url: string, message: Record<string, unknown>): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS), headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new SlackError(`the Slack webhook could not be reached (${cause})`, true);
  }
  const answer = slackAnswer.safeParse(await res.text());
  const said = answer.success && answer.data !== '' ? `: ${answer.data}` : '';
  if (res.status === 200 && answer.success && answer.data === 'ok') return;
  throw new SlackError(`the Slack webhook answered ${res.status}${said}`, res.status === 429 || res.status >= 500);
}

/** Sends one message, retrying transient failures; resolves to the number of attempts made. */
export async function sendSlack(url: string, message: Record<string, unknown>, retry: Partial<RetryPolicy> = {}): Promise<{ attempts: number; error?: string }> {
  const policy = defaultRetryPolicy({ attempts: 4, baseMs: 200, maxMs: 5_000, retryable: (e) => e instanceof SlackError && e.transient, ...retry });
  let attempts = 0;
  try {
    await withRetry(policy, () => {
      attempts++;
      return post(url, message);
    });
    return { attempts };
  } catch (error) {
    return { attempts, error: error instanceof SlackError ? error.message : String(error) };
  }
}
