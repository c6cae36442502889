import { unsealMessageValues } from '@idaas/crypto';
import { MessageRequestedV1, type CloudEvent, type EventHandler } from '@idaas/events';
import { isMessageKind } from '@idaas/messages';
import { recordEmail, type EmailDeliveryDeps } from './email-delivery';

export interface MessageRequestDeps extends EmailDeliveryDeps {
  /** MESSAGE_SEALING_KEY of the region: the registration service sealed the values with it. */
  sealingKey: Buffer;
}

/**
 * Records the email a message request asks for (verification, invitation, sign-up notice), once
 * per request: the record's id is the event id and kind. The recipient comes from the user
 * directory, never from the event, so a request can only reach the address the account has.
 */
export async function recordRequestedMessage(event: CloudEvent, deps: MessageRequestDeps): Promise<boolean> {
  const data = MessageRequestedV1.data.parse(event.data);
  if (!isMessageKind(data.kind)) {
    deps.logger.warn({ eventId: event.id, kind: data.kind }, 'message request of an unknown kind; no email');
    return false;
  }
  const user = await deps.findUser(event.tenantid, data.userId);
  const tenant = deps.tenantLook(event.tenantid);
  if (!user || !tenant) {
    deps.logger.info({ eventId: event.id, kind: data.kind }, 'no user or tenant for the request; no email');
    return false;
  }
  // Throws on a wrong key or a value sealed for another request: the bus retries, then dead-letters
  // it, where it can be replayed once the region's keys agree again.
  const values = unsealMessageValues(data.sealedValues, deps.sealingKey, event.id);
  const isNew = await recordEmail(
    deps,
    event,
    user,
    tenant,
    data.kind,
    values,
    Object.keys(values).length > 0,
  );
  if (isNew) deps.recorded();
  return isNew;
}

/** The handler of the region's notify topic. */
export function messageRequestHandlers(deps: MessageRequestDeps): Record<string, EventHandler> {
  return {
    [MessageRequestedV1.type]: async ({ event }) => {
      await recordRequestedMessage(event, deps);
    },
  };
}
