import type { Db } from 'mongodb';
import { matchesEventType, WebhookChangedV1, type EventData, type EventHandler } from '@idaas/events';
import { VersionedReplica } from './versioned-replica';

export type WebhookView = EventData<typeof WebhookChangedV1>;

/**
 * The region's copy of webhook subscriptions, answering "who wants this event" from memory.
 * Signing secrets stay sealed here; the notifier unseals them with the deployment's key only
 * when it signs a delivery.
 */
export class WebhookReplica {
  private readonly subscriptions: VersionedReplica<WebhookView>;

  constructor(db: Db) {
    this.subscriptions = new VersionedReplica<WebhookView>(db, 'replica_webhooks', (w) => w.webhookId);
  }

  load(): Promise<number> {
    return this.subscriptions.load();
  }

  get(webhookId: string): WebhookView | undefined {
    return this.subscriptions.get(webhookId);
  }

  /** Active, enabled subscriptions of the tenant whose filters match the event type. */
  subscriptionsFor(tenantId: string, eventType: string): WebhookView[] {
    return [...this.subscriptions.values()].filter(
      (w) =>
        w.tenantId === tenantId &&
        w.status === 'active' &&
        w.enabled &&
        matchesEventType(w.eventTypes, eventType),
    );
  }

  handlers(): Record<string, EventHandler> {
    return {
      [WebhookChangedV1.type]: async ({ event }) => this.subscriptions.apply(event.data as WebhookView),
    };
  }
}
