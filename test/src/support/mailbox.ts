import type { ReceivedMessage, RunningMailbox } from '@idaas/infra-local';
import { main as startNotification } from '@idaas/notification-service';
import { env } from './names';
import { WEBHOOK_SECRET_KEY } from './stack';
import { eventually } from './wait';

export type RunningNotification = Awaited<ReturnType<typeof startNotification>>;

/** The notification service of one region, on the suite's topics; `extra` is the rest of its environment. */
export const startRegionNotification = (
  region: string,
  database: string,
  extra: Record<string, string> = {},
) =>
  startNotification({
    env: env({
      REGION: region,
      REGIONS: region,
      KAFKA_TOPIC_PREFIX: `${database}.`,
      WEBHOOK_SECRET_KEY,
      ...extra,
    }),
  });

/**
 * The notification service of one region (the suite's topics), mailing through the local SMTP
 * relay; `extra` is the rest of its environment (sender, sealing key).
 */
export const startMailingNotification = (
  region: string,
  database: string,
  mailbox: RunningMailbox,
  extra: Record<string, string> = {},
) => startRegionNotification(region, database, { SMTP_URL: mailbox.smtpUrl, ...extra });

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
