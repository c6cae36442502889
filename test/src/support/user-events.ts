import type { Db } from 'mongodb';
import { outboxRecords, pushToOutbox, UserRegisteredV1 } from '@idaas/events';
import { isDuplicateKey } from '@idaas/store';

export const AGGREGATES = 'test_users';

/**
 * Writes one state change and its event as a single-document update, the way services do.
 * Returns the event id.
 */
export async function registerUser(
  db: Db,
  region: string,
  userId: string,
  tenantId = 'tenant-1',
): Promise<string> {
  const event = UserRegisteredV1.create(
    userId,
    { userId, status: 'active', via: 'admin' },
    { source: `/idaas/${region}/test`, tenantId, region },
  );
  const records = outboxRecords([{ event, stream: 'user' }]);
  const write = () =>
    db
      .collection<{ _id: string }>(AGGREGATES)
      .updateOne({ _id: userId }, { $inc: { registrations: 1 }, ...pushToOutbox(records) }, { upsert: true });
  try {
    await write();
  } catch (e) {
    // Two concurrent upserts of a new document: one inserts, the other must update.
    if (!isDuplicateKey(e)) throw e;
    await write();
  }
  return event.id;
}
