export { startMailbox } from './mailbox-server';
export type { MailboxOptions, RunningMailbox } from './mailbox-server';
export type { ReceivedMessage } from './mailbox-store';
