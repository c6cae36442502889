import type { Collection, Db } from 'mongodb';
import { hashSecret } from '@idaas/crypto';
import { normalizeEmail } from '@idaas/identity';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';

export const RECOVERY_REQUESTS = 'recovery_requests';

/** One recovery email a minute per address. */
export const RECOVERY_INTERVAL_SECONDS = 60;

interface RequestMark {
  /** `<tenantId>/<hash of the normalized address>`: no address is stored. */
  _id: string;
  tenantId: string;
  lastAt: Date;
}

export const recoveryLimiterIndexes: IndexDeclaration[] = [];

export type RecoveryPermit = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts recovery requests per address, whether or not it has an account: a limit that only
 * applied to known addresses would tell which ones exist. One conditional write per request, so
 * two concurrent requests cannot both pass.
 */
export class RecoveryLimiter {
  private readonly collection: Collection<RequestMark>;

  constructor(db: Db) {
    this.collection = db.collection<RequestMark>(RECOVERY_REQUESTS);
  }

  async take(tenantId: string, email: string, now: Date): Promise<RecoveryPermit> {
    const _id = `${tenantId}/${hashSecret(normalizeEmail(email))}`;
    const earliest = new Date(now.getTime() - RECOVERY_INTERVAL_SECONDS * 1000);
    const renewed = await this.collection.findOneAndUpdate(
      { _id, lastAt: { $lte: earliest } },
      { $set: { lastAt: now } },
    );
    if (renewed) return { allowed: true };
    try {
      await this.collection.insertOne({ _id, tenantId, lastAt: now });
      return { allowed: true };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const current = await this.collection.findOne({ _id });
    const wait = current ? current.lastAt.getTime() + RECOVERY_INTERVAL_SECONDS * 1000 - now.getTime() : 1000;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
  }
}
