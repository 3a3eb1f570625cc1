// The service's log: every event once as a structured JSON line (pino) and once as a human line. JSON lines go to
// a file (owner-only) and, with --log-format json, to stdout instead of the human lines (for containers and
// journald). Tokens never reach it: no connection or credential is ever logged, and pino redacts the usual keys.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Clock } from './clock.js';
import type { ServiceLog } from './log.js';

export interface ServiceLoggerOptions {
  /** JSON lines file; undefined: none. */
  file?: string;
  /** JSON lines on stdout instead of the human lines. */
  jsonOnStdout: boolean;
  /** Where human lines go (the command's log; silent under --json). */
  human: (line: string) => void;
  clock: Clock;
}

const REDACT = ['accessToken', 'token', 'password', 'authorization', 'refreshToken', '*.accessToken', '*.token', '*.password', '*.authorization'];

export interface ClosableLog extends ServiceLog {
  close(): void;
}

export function serviceLogger(options: ServiceLoggerOptions): ClosableLog {
  const make = (dest: number | string): Logger =>
    pino(
      {
        base: { pid: process.pid, service: 'partnerlens-serve' },
        timestamp: () => `,"time":"${options.clock.now().toISOString()}"`,
        redact: { paths: REDACT, censor: '[redacted]' },
        formatters: { level: (label) => ({ level: label }) },
      },
      pino.destination(typeof dest === 'number' ? { dest, sync: true } : { dest, sync: true, mkdir: true, mode: 0o600 }),
    );
  const loggers: Logger[] = [];
  if (options.file !== undefined) {
    mkdirSync(path.dirname(options.file), { recursive: true, mode: 0o700 });
    loggers.push(make(options.file));
  }
  if (options.jsonOnStdout) loggers.push(make(1));
  const emit = (level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>, text: string): void => {
    for (const l of loggers) l[level]({ event, ...fields }, text);
    if (!options.jsonOnStdout) options.human(`${options.clock.now().toISOString()} ${level === 'info' ? '' : `${level.toUpperCase()} `}${text}`);
  };
  return {
    info: (e, f, t) => emit('info', e, f, t),
    warn: (e, f, t) => emit('warn', e, f, t),
    error: (e, f, t) => emit('error', e, f, t),
    close: () => {
      for (const l of loggers) l.flush();
    },
  };
}
