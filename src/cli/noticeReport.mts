import { Messages } from '@salesforce/core';
import type { NoticeOutcome } from '../registrations/notices.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'registrations');

/** What a command says about the decision notices it sent; an undelivered one is a warning (it stays due). */
export function reportNotice(command: { log: (line: string) => void; warn: (line: string) => unknown }, notice: NoticeOutcome | undefined): void {
  for (const s of notice?.sent ?? []) command.log(messages.getMessage('info.NoticeSent', [s.partner, s.registration, s.status]));
  for (const f of notice?.failures ?? []) command.warn(messages.getMessage('warning.NoticeFailed', [f.key, f.message]));
}
