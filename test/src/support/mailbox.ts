import type { ReceivedMessage, RunningMailbox } from '@idaas/infra-local';
import { eventually } from './wait';

/** The real emails of one message kind to one address, as the local SMTP relay received them. */
export async function mailOf(mailbox: RunningMailbox, to: string, kind: string): Promise<ReceivedMessage[]> {
  const res = await fetch(`${mailbox.httpUrl}/api/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as ReceivedMessage[]).filter((m) => m.messageId.includes(`.${kind}@`));
}

/** Waits for the `count`th email of a kind to an address and answers it. */
export const mailTo = (mailbox: RunningMailbox, to: string, kind: string, count = 1) =>
  eventually(
    async () => {
      const mails = await mailOf(mailbox, to, kind);
      return mails.length >= count ? mails[count - 1] : undefined;
    },
    { what: `${kind} email #${count} to ${to}` },
  );
