import { catalog, type EventHandler } from '@idaas/events';
import type { WebhookReplica } from '@idaas/replica';
import { newDelivery, orderKeyOf } from './delivery';
import type { DeliveryStore } from './delivery-store';

export interface IntakeDeps {
  webhooks: Pick<WebhookReplica, 'subscriptionsFor'>;
  store: DeliveryStore;
  clock: () => Date;
  /** Called after new deliveries were recorded. */
  taken: () => void;
}

/** The event types a region's data plane emits (user and auth streams): what integrators can subscribe to here. */
export const deliverableTypes = () =>
  catalog
    .all()
    .filter((t) => t.stream === 'user' || t.stream === 'auth')
    .map((t) => t.type);

/**
 * Turns each event into one durable delivery per matching subscription of its tenant. The
 * record is written before the consumer commits the offset, and its id is derived from the
 * event and the subscription, so a redelivered event adds nothing. Events of types the catalog
 * does not know never reach here: the backbone parks them on the dead-letter topic and goes on.
 */
export function webhookIntakeHandlers(deps: IntakeDeps): Record<string, EventHandler> {
  const handler: EventHandler = async ({ event, topic, partition, offset }) => {
    const subs = deps.webhooks.subscriptionsFor(event.tenantid, event.type);
    if (subs.length === 0) return;
    const payload = JSON.stringify(event);
    const now = deps.clock();
    let added = false;
    for (const sub of subs) {
      const delivery = newDelivery({
        tenantId: event.tenantid,
        webhookId: sub.webhookId,
        event,
        payload,
        orderKey: orderKeyOf(topic, partition, offset),
        now,
      });
      added = (await deps.store.enqueue(delivery)) || added;
    }
    if (added) deps.taken();
  };
  return Object.fromEntries(deliverableTypes().map((type) => [type, handler]));
}
