import type { Collection, Db } from 'mongodb';
import { hashSecret } from '@idaas/crypto';
import type { IndexDeclaration } from '@idaas/store';

export const USER_CODE_ATTEMPTS = 'user_code_attempts';

export const userCodeAttemptIndexes: IndexDeclaration[] = [
  { collection: USER_CODE_ATTEMPTS, keys: { expiresAt: 1 } },
];

/** Wrong user codes are counted in windows of this length. */
export const ATTEMPT_WINDOW_SECONDS = 10 * 60;

/**
 * Wrong codes allowed per window. One browser gets a few typos; the tenant as a whole gets
 * enough for many people typing at once, yet far too few to find one of 20^8 codes that live
 * ten minutes. https://www.rfc-editor.org/rfc/rfc8628#section-5.1
 */
export const ATTEMPT_LIMITS = { browser: 5, tenant: 300 } as const;

interface AttemptCounter {
  /** `tenant/scope/window start`, the browser's key hashed. */
  _id: string;
  count: number;
  expiresAt: Date;
}

/**
 * Wrong user codes entered on the verification page, per browser and per tenant, in fixed
 * windows. A browser that throws its cookie away starts a new count of its own, but still counts
 * against its tenant's.
 */
export class UserCodeAttempts {
  private readonly collection: Collection<AttemptCounter>;

  constructor(db: Db) {
    this.collection = db.collection<AttemptCounter>(USER_CODE_ATTEMPTS);
  }

  private counters(tenantId: string, browser: string, now: Date) {
    const windowMs = ATTEMPT_WINDOW_SECONDS * 1000;
    const start = Math.floor(now.getTime() / windowMs) * windowMs;
    return {
      browser: `${tenantId}/browser/${hashSecret(browser)}/${start}`,
      tenant: `${tenantId}/tenant/${start}`,
      expiresAt: new Date(start + windowMs),
    };
  }

  /** Whether this browser or its tenant has used up its wrong codes for now. */
  async exhausted(tenantId: string, browser: string, now: Date): Promise<boolean> {
    const c = this.counters(tenantId, browser, now);
    const docs = await this.collection.find({ _id: { $in: [c.browser, c.tenant] } }).toArray();
    const count = (id: string) => docs.find((d) => d._id === id)?.count ?? 0;
    return count(c.browser) >= ATTEMPT_LIMITS.browser || count(c.tenant) >= ATTEMPT_LIMITS.tenant;
  }

  async recordWrongCode(tenantId: string, browser: string, now: Date): Promise<void> {
    const c = this.counters(tenantId, browser, now);
    for (const _id of [c.browser, c.tenant]) {
      await this.collection.updateOne(
        { _id },
        { $inc: { count: 1 }, $setOnInsert: { expiresAt: c.expiresAt } },
        { upsert: true },
      );
    }
  }

  /** Removes the counts of windows that are over. */
  async sweep(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
