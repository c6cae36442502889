import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { generateSecret, hashSecret, numericCode } from '@idaas/crypto';
import type { OutboxRecord } from '@idaas/events';
import type { IndexDeclaration } from '@idaas/store';

export const PASSWORD_RECOVERIES = 'password_recoveries';

/** How long a recovery link and code stay good. */
export const RECOVERY_LIFETIME_SECONDS = 15 * 60;
/** Wrong codes tolerated per recovery before it is spent: six digits must not be guessable. */
export const MAX_CODE_ATTEMPTS = 5;

/** One recovery: hashes only, single use, expiring; its message request rides in the outbox. */
interface RecoveryDocument {
  _id: string;
  tenantId: string;
  userId: string;
  tokenHash: string;
  /** Bound to the record id, so no precomputed table of the million codes works across records. */
  codeHash: string;
  failedAttempts: number;
  createdAt: Date;
  expiresAt: Date;
  /** Set when used, replaced by a newer one, or spent by wrong codes. */
  closedAt?: Date;
  outbox: OutboxRecord[];
}

export const recoveryIndexes: IndexDeclaration[] = [
  { collection: PASSWORD_RECOVERIES, keys: { tokenHash: 1 }, options: { unique: true } },
  { collection: PASSWORD_RECOVERIES, keys: { tenantId: 1, userId: 1 } },
];

const codeHashFor = (recoveryId: string, code: string) => hashSecret(`${recoveryId}:${code}`);

export interface RecoveryOf {
  tenantId: string;
  userId: string;
}

export class RecoveryStore {
  private readonly collection: Collection<RecoveryDocument>;

  constructor(db: Db) {
    this.collection = db.collection<RecoveryDocument>(PASSWORD_RECOVERIES);
  }

  /**
   * A new recovery for the user; older ones stop working (only the latest email counts).
   * `request` builds the message request from the clear secrets, which are stored nowhere else.
   */
  async issue(
    of: RecoveryOf,
    request: (secrets: { token: string; code: string }) => OutboxRecord[],
    now: Date,
  ): Promise<void> {
    await this.collection.updateMany(
      { tenantId: of.tenantId, userId: of.userId, closedAt: { $exists: false } },
      { $set: { closedAt: now } },
    );
    const id = randomUUID();
    const token = generateSecret(32);
    const code = numericCode(6);
    await this.collection.insertOne({
      _id: id,
      tenantId: of.tenantId,
      userId: of.userId,
      tokenHash: hashSecret(token),
      codeHash: codeHashFor(id, code),
      failedAttempts: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + RECOVERY_LIFETIME_SECONDS * 1000),
      outbox: request({ token, code }),
    });
  }

  /** Whose the link token is, without using it up (to show the form); undefined when not good. */
  async peekToken(tenantId: string, token: string, now: Date): Promise<RecoveryOf | undefined> {
    const doc = await this.collection.findOne(
      { tenantId, tokenHash: hashSecret(token), closedAt: { $exists: false }, expiresAt: { $gt: now } },
      { projection: { tenantId: 1, userId: 1 } },
    );
    return doc ? { tenantId: doc.tenantId, userId: doc.userId } : undefined;
  }

  /** Uses up the recovery of a link token; undefined when unknown, expired or used. */
  async redeemToken(tenantId: string, token: string, now: Date): Promise<RecoveryOf | undefined> {
    const doc = await this.collection.findOneAndUpdate(
      { tenantId, tokenHash: hashSecret(token), closedAt: { $exists: false }, expiresAt: { $gt: now } },
      { $set: { closedAt: now } },
      { projection: { tenantId: 1, userId: 1 } },
    );
    return doc ? { tenantId: doc.tenantId, userId: doc.userId } : undefined;
  }

  /**
   * Uses up the user's open recovery when the code matches. A wrong code counts against it; the
   * fifth spends it, so at most five of a million codes are ever tried per email.
   */
  async redeemCode(
    tenantId: string,
    userId: string,
    code: string,
    now: Date,
  ): Promise<RecoveryOf | undefined> {
    const open = await this.collection.findOne(
      { tenantId, userId, closedAt: { $exists: false }, expiresAt: { $gt: now } },
      { projection: { codeHash: 1 } },
    );
    if (!open) return undefined;
    if (codeHashFor(open._id, code) === open.codeHash) {
      const used = await this.collection.findOneAndUpdate(
        { _id: open._id, closedAt: { $exists: false } },
        { $set: { closedAt: now } },
        { projection: { _id: 1 } },
      );
      return used ? { tenantId, userId } : undefined;
    }
    const counted = await this.collection.findOneAndUpdate(
      { _id: open._id, closedAt: { $exists: false } },
      { $inc: { failedAttempts: 1 } },
      { returnDocument: 'after', projection: { failedAttempts: 1 } },
    );
    if (counted && counted.failedAttempts >= MAX_CODE_ATTEMPTS)
      await this.collection.updateOne({ _id: open._id }, { $set: { closedAt: now } });
    return undefined;
  }
}
