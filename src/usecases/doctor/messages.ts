import { Messages } from '@salesforce/core';

Messages.importMessagesDirectory(__dirname);
/** messages/doctor.md: every line doctor prints. */
export const doctorMessages = Messages.loadMessages('partnerlens', 'doctor');
