import type { CloudEvent, EventHandler } from '@idaas/events';
import type { User } from '@idaas/identity';
import type { MessageKind, MessageValues } from '@idaas/messages';
import type { Logger } from '@idaas/telemetry';
import { composeEmail, type TenantLook } from './compose-email';
import { emailRecordId, type EmailRecords } from './email-records';
import { triggeredEventTypes, triggersOf } from './email-triggers';
import { messageIdFor } from './smtp-mailer';

export interface EmailDeliveryDeps {
  records: EmailRecords;
  /** The recipient's record; events carry only the user id. */
  findUser(tenantId: string, userId: string): Promise<User | undefined>;
  tenantLook(tenantId: string): TenantLook | undefined;
  from: string;
  logger: Logger;
  clock: () => Date;
  /** Called after a new email is recorded, to wake the sender. */
  recorded(): void;
}

/**
 * Turns one consumed event into its email records, once: the record's id is the event id and
 * kind, so a redelivered event changes nothing. Sending happens apart, in `EmailSender`.
 */
export async function recordEmailsFor(event: CloudEvent, deps: EmailDeliveryDeps): Promise<number> {
  const triggers = triggersOf(event.type);
  if (triggers.length === 0) return 0;
  const userId = (event.data as { userId?: unknown }).userId;
  if (typeof userId !== 'string') return 0;
  const user = await deps.findUser(event.tenantid, userId);
  const tenant = deps.tenantLook(event.tenantid);
  if (!user || !tenant) {
    deps.logger.info({ eventId: event.id, type: event.type }, 'no user or tenant for the event; no email');
    return 0;
  }
  let created = 0;
  for (const t of triggers) {
    if (t.when && !t.when(event.data, user)) continue;
    if (await recordEmail(deps, event, user, tenant, t.kind, t.values(event.data, user, event))) created += 1;
  }
  if (created > 0) deps.recorded();
  return created;
}

/** Composes and records the email of one kind an event sends one user; false when it already exists. */
export async function recordEmail(
  deps: Pick<EmailDeliveryDeps, 'records' | 'from' | 'clock'>,
  event: CloudEvent,
  user: User,
  tenant: TenantLook,
  kind: MessageKind,
  values: MessageValues,
  secretBody = false,
): Promise<boolean> {
  return deps.records.create(
    {
      _id: emailRecordId(event.id, kind),
      tenantId: event.tenantid,
      userId: user.userId,
      eventId: event.id,
      eventType: event.type,
      kind,
      messageId: messageIdFor(event.id, kind, deps.from),
      createdAt: deps.clock(),
      ...composeEmail(kind, user, tenant, values),
      ...(secretBody ? { secretBody } : {}),
    },
    deps.clock(),
  );
}

/** Handlers for the user topic: one per event type the trigger table names. */
export function emailHandlers(deps: EmailDeliveryDeps): Record<string, EventHandler> {
  return Object.fromEntries(
    triggeredEventTypes().map((type) => [
      type,
      async ({ event }: Parameters<EventHandler>[0]) => {
        await recordEmailsFor(event, deps);
      },
    ]),
  );
}
