// A record write the org refused, as the error a command shows (object, key and each field's reason).
import { Messages, SfError } from '@salesforce/core';
import type { RecordError } from '../org/client.js';

Messages.importMessagesDirectory(__dirname);
const messages = Messages.loadMessages('partnerlens', 'partners');

export function writeError(object: string, key: string, errors: readonly RecordError[]): SfError {
  const detail = errors.map((e) => `${e.statusCode}: ${e.message}${e.fields.length > 0 ? ` (${e.fields.join(', ')})` : ''}`).join('; ');
  return new SfError(messages.getMessage('error.WriteFailed', [object, key, detail]), 'WriteFailed', messages.getMessages('error.WriteFailed.actions'), 1);
}
