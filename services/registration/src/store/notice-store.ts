import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { OutboxRecord } from '@idaas/events';

export const NOTICES = 'account_notices';

/** A message to a user that belongs to no verification or invitation (a sign-up attempt notice). */
interface NoticeDocument {
  _id: string;
  tenantId: string;
  userId: string;
  kind: string;
  createdAt: Date;
  outbox: OutboxRecord[];
}

/** Keeps the notice and its message request in one write, so the outbox relay publishes it. */
export class NoticeStore {
  private readonly collection: Collection<NoticeDocument>;

  constructor(db: Db) {
    this.collection = db.collection<NoticeDocument>(NOTICES);
  }

  async record(
    notice: { tenantId: string; userId: string; kind: string },
    outbox: OutboxRecord[],
    now: Date,
  ) {
    await this.collection.insertOne({ _id: randomUUID(), ...notice, createdAt: now, outbox });
  }
}
