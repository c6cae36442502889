import type { Collection, Db } from 'mongodb';
import type { IndexDeclaration } from '@idaas/store';
import { isDuplicateKey } from '@idaas/store';

interface ProcessedEvent {
  _id: string;
  groupId: string;
  eventId: string;
  processedAt: Date;
  /** No TTL indexes on every MongoDB-wire server: a sweeper deletes what has expired. */
  expiresAt: Date;
}

export const processedEventIndexes: IndexDeclaration[] = [
  { collection: 'processed_events', keys: { groupId: 1, eventId: 1 }, options: { unique: true } },
  { collection: 'processed_events', keys: { expiresAt: 1 } },
];

/** Remembers which events a consumer group has applied, so redeliveries change nothing. */
export class ProcessedEvents {
  private readonly collection: Collection<ProcessedEvent>;

  constructor(
    db: Db,
    private readonly retentionMs = 14 * 86400000,
  ) {
    this.collection = db.collection<ProcessedEvent>('processed_events');
  }

  async has(groupId: string, eventId: string): Promise<boolean> {
    return (await this.collection.findOne({ groupId, eventId }, { projection: { _id: 1 } })) !== null;
  }

  async mark(groupId: string, eventId: string, now = new Date()): Promise<void> {
    try {
      await this.collection.insertOne({
        _id: `${groupId}/${eventId}`,
        groupId,
        eventId,
        processedAt: now,
        expiresAt: new Date(now.getTime() + this.retentionMs),
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }

  async sweep(now = new Date()): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
}
