import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('partnerlens', 'sync');

/** Flags every org command shares: --target-org (an sf CLI alias or username; default the local org) and --config. */
export const orgFlags = {
  'target-org': Flags.string({ char: 'o', summary: messages.getMessage('flags.target-org.summary') }),
  config: Flags.file({ char: 'c', summary: messages.getMessage('flags.config.summary') }),
};

export const dryRunFlag = { 'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary'), default: false }) };
