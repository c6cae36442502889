import type { Db } from 'mongodb';
import { applyOnce, UserRegisteredV1, type DeliveredEvent, type EventHandler } from '@idaas/events';

/**
 * A consumer effect that is visibly wrong if applied twice: it counts and lists, per user,
 * the events it applied. The list lets a test name any event that was applied twice.
 */
export const EFFECTS = 'counted_effects';

export function countingHandler(db: Db): Record<string, EventHandler> {
  const effects = db.collection<{ _id: string; count: number; applied: string[] }>(EFFECTS);
  return {
    [UserRegisteredV1.type]: async ({ event }: DeliveredEvent) => {
      await applyOnce(
        effects,
        { _id: event.subject },
        { $inc: { count: 1 }, $push: { applied: event.id } },
        event.id,
        { upsert: true },
      );
    },
  };
}

export async function appliedEventIds(db: Db): Promise<string[]> {
  const docs = await db.collection<{ applied: string[] }>(EFFECTS).find({}).toArray();
  return docs.flatMap((d) => d.applied);
}
