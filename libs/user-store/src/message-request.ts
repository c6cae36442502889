import { sealMessageValues } from '@idaas/crypto';
import { MessageRequestedV1, outboxRecords, type CloudEvent, type OutboxRecord } from '@idaas/events';

export interface MessageRequestSource {
  region: string;
  source: string;
  sealingKey: Buffer;
}

/**
 * The outbox record asking the region's notification service to send `kind` to a user (sign-up
 * verification, invitation, recovery...). Secret values are sealed with the event's own id, so
 * the event is created first and sealed after. The recipient is never in it: the notification
 * service reads the address from the user directory.
 */
export function messageRequest(
  from: MessageRequestSource,
  request: {
    tenantId: string;
    userId: string;
    kind: string;
    locale?: string;
    secrets: Record<string, string>;
  },
  now: Date,
): OutboxRecord[] {
  const event = MessageRequestedV1.create(
    request.userId,
    {
      userId: request.userId,
      kind: request.kind,
      ...(request.locale ? { locale: request.locale } : {}),
      sealedValues: {},
    },
    { source: from.source, tenantId: request.tenantId, region: from.region, now },
  );
  const sealed: CloudEvent = {
    ...event,
    data: { ...event.data, sealedValues: sealMessageValues(request.secrets, from.sealingKey, event.id) },
  };
  return outboxRecords([{ event: sealed, stream: 'notify' }]);
}
