import type { Collection, Db } from 'mongodb';
import { outboxRecords, pushToOutbox, type CloudEvent, type WithOutbox } from '@idaas/events';
import { forTenant, type IndexDeclaration } from '@idaas/store';
import type { WebhookSubscription } from '../domain/webhook-subscription';

interface WebhookDocument extends WebhookSubscription, WithOutbox {
  _id: string;
}

export const WEBHOOKS = 'webhook_subscriptions';

export const webhookIndexes: IndexDeclaration[] = [
  { collection: WEBHOOKS, keys: { tenantId: 1, status: 1, createdAt: 1 } },
];

export class StaleWebhookError extends Error {}

const records = (events: CloudEvent[]) =>
  outboxRecords(events.map((event) => ({ event, stream: 'config' as const })));

/** Webhook subscriptions of one tenant at a time; each write carries its event (outbox). */
export class WebhookRepository {
  private readonly collection: Collection<WebhookDocument>;

  constructor(db: Db) {
    this.collection = db.collection<WebhookDocument>(WEBHOOKS);
  }

  async insert(sub: WebhookSubscription, events: CloudEvent[]): Promise<void> {
    await forTenant(this.collection, sub.tenantId).insertOne({
      _id: sub.webhookId,
      ...sub,
      outbox: records(events),
    });
  }

  /** Saves over the version that was read; a concurrent save makes this one stale. */
  async save(readVersion: number, sub: WebhookSubscription, events: CloudEvent[]): Promise<void> {
    const { tenantId: _t, webhookId: _w, ...fields } = sub;
    const saved = await forTenant(this.collection, sub.tenantId).updateOne(
      { _id: sub.webhookId, version: readVersion },
      { $set: fields, ...pushToOutbox(records(events)) },
    );
    if (!saved) throw new StaleWebhookError(sub.webhookId);
  }

  async find(tenantId: string, webhookId: string): Promise<WebhookSubscription | null> {
    const doc = await forTenant(this.collection, tenantId).findOne(
      { _id: webhookId, status: 'active' },
      { projection: { outbox: 0 } },
    );
    return doc ? withoutId(doc) : null;
  }

  async list(tenantId: string, limit: number): Promise<WebhookSubscription[]> {
    const docs = await forTenant(this.collection, tenantId).find(
      { status: 'active' },
      { projection: { outbox: 0 }, sort: { createdAt: 1, _id: 1 }, limit },
    );
    return docs.map(withoutId);
  }
}

function withoutId({ _id: _ignored, ...sub }: WebhookDocument): WebhookSubscription {
  return sub;
}
