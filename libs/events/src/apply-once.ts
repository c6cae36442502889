import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';
import { isDuplicateKey } from '@idaas/store';

/**
 * Applies an update to one document at most once per event: the event id is recorded in the
 * same atomic write as the effect. This closes the window between "effect done" and "marked
 * processed" that a crash could otherwise hit, for effects that are not naturally idempotent
 * (counters, appends). The ids stay on the document (no `$slice`: FerretDB 1.x ignores it), so
 * use it on documents that see a bounded number of events, such as one user's.
 */
export async function applyOnce<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  update: UpdateFilter<T>,
  eventId: string,
  options: { upsert?: boolean } = {},
): Promise<boolean> {
  const guarded = { ...filter, appliedEvents: { $ne: eventId } } as Filter<T>;
  const withMark = {
    ...update,
    $push: { ...(update.$push ?? {}), appliedEvents: eventId },
  } as unknown as UpdateFilter<T>;
  try {
    const r = await collection.updateOne(guarded, withMark, { upsert: options.upsert ?? false });
    return r.modifiedCount + r.upsertedCount === 1;
  } catch (e) {
    // Upsert raced with the document that already holds this event id: already applied.
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}
