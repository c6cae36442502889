import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import { UNFINISHED, type DeliveryAttempt, type DeliveryStatus, type WebhookDelivery } from './delivery';
import { laneOf } from './ordering';

/** The earliest unfinished delivery of one lane: everything later in it waits. */
export type LaneHead = Pick<WebhookDelivery, 'orderKey' | 'status' | 'nextAttemptAt'>;

export const WEBHOOK_DELIVERIES = 'webhook_deliveries';

export const webhookDeliveryIndexes: IndexDeclaration[] = [
  { collection: WEBHOOK_DELIVERIES, keys: { status: 1, nextAttemptAt: 1 } },
  { collection: WEBHOOK_DELIVERIES, keys: { webhookId: 1, subject: 1, orderKey: 1 } },
  { collection: WEBHOOK_DELIVERIES, keys: { tenantId: 1, webhookId: 1, createdAt: -1 } },
  { collection: WEBHOOK_DELIVERIES, keys: { tenantId: 1, status: 1, deadAt: -1 } },
];

/** A page of newest-first results and the cursor of the next one. */
export interface Page<T> {
  items: T[];
  next?: string;
}

export type ReplayOutcome = 'replayed' | 'not_found' | 'not_dead';

/**
 * The deliveries of this region, worked from the database: every state change is one
 * conditional single-document update (no transactions, no change streams, no TTL indexes), so
 * any number of dispatchers, restarted or not, can share the collection.
 */
export class DeliveryStore {
  private readonly deliveries: Collection<WebhookDelivery>;

  constructor(db: Db) {
    this.deliveries = db.collection<WebhookDelivery>(WEBHOOK_DELIVERIES);
  }

  /** False when the record exists already: the event was taken in before. */
  async enqueue(delivery: WebhookDelivery): Promise<boolean> {
    try {
      await this.deliveries.insertOne(delivery);
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  /**
   * Due for an attempt: scheduled now or earlier, or held by a lease that expired (its holder
   * died). `skipWebhooks` are subscriptions this dispatcher cannot send to now (open circuit,
   * endpoint busy): leaving them out keeps their backlog from filling the page and starving
   * every other receiver.
   */
  due(now: Date, limit: number, skipWebhooks: readonly string[] = []): Promise<WebhookDelivery[]> {
    const filter = dueFilter(now);
    return this.deliveries
      .find(skipWebhooks.length > 0 ? { ...filter, webhookId: { $nin: [...skipWebhooks] } } : filter)
      .sort({ nextAttemptAt: 1, orderKey: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * The database side of `waitsFor`, for a whole page in one query: the earliest unfinished
   * delivery of each (subscription, subject) lane the page touches, by `laneOf`.
   */
  async earliestUnfinished(page: readonly WebhookDelivery[]): Promise<Map<string, LaneHead>> {
    const heads = new Map<string, LaneHead>();
    if (page.length === 0) return heads;
    const lanes = new Set(page.map(laneOf));
    const rows = await this.deliveries
      .find(
        {
          webhookId: { $in: [...new Set(page.map((d) => d.webhookId))] },
          subject: { $in: [...new Set(page.map((d) => d.subject))] },
          status: { $in: [...UNFINISHED] },
        },
        { projection: { _id: 0, webhookId: 1, subject: 1, orderKey: 1, status: 1, nextAttemptAt: 1 } },
      )
      .toArray();
    for (const row of rows) {
      const lane = laneOf(row);
      const head = heads.get(lane);
      if (lanes.has(lane) && (!head || row.orderKey < head.orderKey)) heads.set(lane, row);
    }
    return heads;
  }

  /**
   * A pending delivery that cannot go before `until` (it waits for an earlier one's retry) is
   * not looked at again until then. Not an attempt: its retry budget is untouched.
   */
  async postpone(id: string, until: Date): Promise<void> {
    await this.deliveries.updateOne(
      { _id: id, status: 'pending', nextAttemptAt: { $lt: until } },
      { $set: { nextAttemptAt: until } },
    );
  }

  /** One conditional update: of two dispatchers racing for a delivery, one gets the lease id. */
  async claim(id: string, now: Date, leaseMs: number): Promise<string | undefined> {
    const leaseId = randomUUID();
    const r = await this.deliveries.updateOne(
      { _id: id, ...dueFilter(now) },
      {
        $set: {
          status: 'delivering',
          leaseId,
          leaseUntil: new Date(now.getTime() + leaseMs),
          updatedAt: now,
        },
      },
    );
    return r.modifiedCount === 1 ? leaseId : undefined;
  }

  /** Gives a claimed delivery back untouched (held back after all): not an attempt. */
  async release(id: string, leaseId: string, now: Date): Promise<void> {
    await this.finish(id, leaseId, { status: 'pending', updatedAt: now });
  }

  async succeeded(id: string, leaseId: string, attempt: DeliveryAttempt): Promise<void> {
    await this.finish(
      id,
      leaseId,
      { status: 'succeeded', deliveredAt: attempt.at, failuresInRow: 0, ...lastOf(attempt) },
      attempt,
    );
  }

  /** A failed attempt: retried at `retryAt`, or dead-lettered when there is none. */
  async failed(
    id: string,
    leaseId: string,
    attempt: DeliveryAttempt,
    retryAt: Date | undefined,
  ): Promise<void> {
    const next = retryAt
      ? { status: 'pending' as const, nextAttemptAt: retryAt }
      : { status: 'dead' as const, deadAt: attempt.at };
    await this.finish(id, leaseId, { ...next, ...lastOf(attempt) }, attempt, { failuresInRow: 1 });
  }

  async cancelled(id: string, leaseId: string, now: Date, reason: string): Promise<void> {
    await this.finish(id, leaseId, { status: 'cancelled', lastError: reason, updatedAt: now });
  }

  async find(tenantId: string, id: string): Promise<WebhookDelivery | null> {
    return this.deliveries.findOne({ _id: id, tenantId });
  }

  /** The delivery log of one subscription, newest first. */
  forWebhook(
    tenantId: string,
    webhookId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<WebhookDelivery>> {
    return this.page({ tenantId, webhookId }, 'createdAt', limit, cursor);
  }

  /** The tenant's dead letters, most recently dead first. */
  deadLetters(tenantId: string, limit: number, cursor?: string): Promise<Page<WebhookDelivery>> {
    return this.page({ tenantId, status: 'dead' }, 'deadAt', limit, cursor);
  }

  /** Back to pending with the same id (so the same `webhook-id`) and a fresh retry budget. */
  async replay(tenantId: string, id: string, now: Date): Promise<ReplayOutcome> {
    const r = await this.deliveries.updateOne(
      { _id: id, tenantId, status: 'dead' },
      {
        $set: { status: 'pending', nextAttemptAt: now, failuresInRow: 0, updatedAt: now },
        $unset: { deadAt: '' },
      },
    );
    if (r.modifiedCount === 1) return 'replayed';
    return (await this.find(tenantId, id)) ? 'not_dead' : 'not_found';
  }

  private async finish(
    id: string,
    leaseId: string,
    set: Partial<WebhookDelivery> & { status: DeliveryStatus },
    attempt?: DeliveryAttempt,
    inc: Partial<Record<'failuresInRow', number>> = {},
  ): Promise<void> {
    // Conditional on our lease: a dispatcher whose lease expired and was taken over writes nothing.
    await this.deliveries.updateOne(
      { _id: id, leaseId },
      {
        $set: { ...set, updatedAt: attempt?.at ?? set.updatedAt ?? new Date() },
        $unset: { leaseId: '', leaseUntil: '' },
        ...(attempt ? { $inc: { attempts: 1, ...inc }, $push: { history: attempt } } : {}),
      },
    );
  }

  private async page(
    filter: Filter<WebhookDelivery>,
    field: 'createdAt' | 'deadAt',
    limit: number,
    cursor?: string,
  ): Promise<Page<WebhookDelivery>> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.deliveries
      .find({
        ...filter,
        ...(after
          ? { $or: [{ [field]: { $lt: after.at } }, { [field]: after.at, _id: { $lt: after.id } }] }
          : {}),
      })
      .sort({ [field]: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const lastAt = last?.[field];
    return rows.length > limit && last && lastAt
      ? { items, next: encodeCursor(lastAt, last._id) }
      : { items };
  }
}

function dueFilter(now: Date): Filter<WebhookDelivery> {
  return {
    $or: [
      { status: 'pending', nextAttemptAt: { $lte: now } },
      { status: 'delivering', leaseUntil: { $lt: now } },
    ],
  };
}

function lastOf(a: DeliveryAttempt): Partial<WebhookDelivery> {
  return { lastStatusCode: a.statusCode, lastError: a.error, lastLatencyMs: a.latencyMs };
}

const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.getTime()}|${id}`).toString('base64url');

/** An unreadable cursor reads as "from the start" rather than failing the page. */
function decodeCursor(cursor: string): { at: Date; id: string } | undefined {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(Number(ms));
  return id && !Number.isNaN(at.getTime()) ? { at, id } : undefined;
}
