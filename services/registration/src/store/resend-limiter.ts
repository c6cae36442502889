import type { Collection, Db } from 'mongodb';
import { hashSecret } from '@idaas/crypto';
import { normalizeEmail } from '@idaas/identity';
import { isDuplicateKey } from '@idaas/store';

export const SEND_COUNTERS = 'verification_send_counters';

/** At most one email a minute and five an hour per address. */
export const SEND_INTERVAL_SECONDS = 60;
export const SENDS_PER_HOUR = 5;

interface SendCounter {
  _id: string;
  tenantId: string;
  windowStart: Date;
  count: number;
  lastAt: Date;
}

/** Either the send may go, or the seconds to wait (`Retry-After`). */
export type SendPermit = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts verification emails per address, whether or not it has an account (a limit that only
 * applied to known addresses would tell which ones exist). Each step is one conditional update of
 * one document, so two concurrent resends cannot both pass. The key is a hash: no address is stored.
 */
export class ResendLimiter {
  private readonly collection: Collection<SendCounter>;

  constructor(db: Db) {
    this.collection = db.collection<SendCounter>(SEND_COUNTERS);
  }

  async take(tenantId: string, email: string, now: Date): Promise<SendPermit> {
    const _id = `${tenantId}/${hashSecret(normalizeEmail(email))}`;
    const minuteAgo = new Date(now.getTime() - SEND_INTERVAL_SECONDS * 1000);
    const hourAgo = new Date(now.getTime() - 3600 * 1000);
    const freshWindow = await this.collection.findOneAndUpdate(
      { _id, windowStart: { $lte: hourAgo }, lastAt: { $lte: minuteAgo } },
      { $set: { windowStart: now, count: 1, lastAt: now } },
    );
    if (freshWindow) return { allowed: true };
    const sameWindow = await this.collection.findOneAndUpdate(
      { _id, windowStart: { $gt: hourAgo }, count: { $lt: SENDS_PER_HOUR }, lastAt: { $lte: minuteAgo } },
      { $inc: { count: 1 }, $set: { lastAt: now } },
    );
    if (sameWindow) return { allowed: true };
    try {
      await this.collection.insertOne({ _id, tenantId, windowStart: now, count: 1, lastAt: now });
      return { allowed: true };
    } catch (e) {
      // Only a duplicate key means "it exists and refused both updates"; anything else is a fault,
      // and a fault that answered "allowed" or "wait" would hide a broken store.
      if (!isDuplicateKey(e)) throw e;
    }
    // Say how long until the next send would pass.
    const current = await this.collection.findOne({ _id });
    if (!current) return { allowed: false, retryAfterSeconds: 1 };
    const untilInterval = current.lastAt.getTime() + SEND_INTERVAL_SECONDS * 1000 - now.getTime();
    const untilWindow =
      current.count >= SENDS_PER_HOUR ? current.windowStart.getTime() + 3600 * 1000 - now.getTime() : 0;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(Math.max(untilInterval, untilWindow) / 1000)),
    };
  }
}
