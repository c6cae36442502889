import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { hashSecret } from '@idaas/crypto';
import type { OutboxRecord } from '@idaas/events';
import { normalizeEmail } from '@idaas/identity';
import type { IndexDeclaration } from '@idaas/store';
import { codeHashFor, newOneTimeSecret } from '../domain/one-time-secret';

export const EMAIL_VERIFICATIONS = 'email_verifications';

/** How long a verification code and link stay good. */
export const VERIFICATION_LIFETIME_SECONDS = 24 * 3600;
/** Wrong codes tolerated per verification before it is spent (six digits must not be guessable). */
export const MAX_CODE_ATTEMPTS = 5;

/** One verification: hashes only, single use, expiring; its message request rides in the outbox. */
export interface VerificationDocument {
  _id: string;
  tenantId: string;
  userId: string;
  tokenHash: string;
  codeHash: string;
  /** The login flow the sign-up came from, to hand the verified user back to it. */
  loginFlowId?: string;
  /**
   * Hash of the normalized address the email went to: what the code proves (absent on older
   * verifications). A hash, so this database holds no address.
   */
  emailHash?: string;
  failedAttempts: number;
  createdAt: Date;
  expiresAt: Date;
  /** Set when used, replaced by a newer one, or spent by wrong codes. */
  closedAt?: Date;
  outbox: OutboxRecord[];
}

export const verificationIndexes: IndexDeclaration[] = [
  { collection: EMAIL_VERIFICATIONS, keys: { tokenHash: 1 }, options: { unique: true } },
  { collection: EMAIL_VERIFICATIONS, keys: { tenantId: 1, userId: 1 } },
];

export type Verified = Pick<VerificationDocument, 'tenantId' | 'userId' | 'loginFlowId' | 'emailHash'>;

const verifiedOf = (doc: VerificationDocument): Verified => ({
  tenantId: doc.tenantId,
  userId: doc.userId,
  loginFlowId: doc.loginFlowId,
  emailHash: doc.emailHash,
});

/** What a verification proves about an address: the hash it records. */
export const addressHash = (email: string) => hashSecret(normalizeEmail(email));

export class VerificationStore {
  private readonly collection: Collection<VerificationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<VerificationDocument>(EMAIL_VERIFICATIONS);
  }

  /**
   * A new verification for the user; every older one stops working (a resend invalidates the
   * previous email). `request` builds the message request from the clear secrets.
   */
  async issue(
    init: { tenantId: string; userId: string; loginFlowId?: string; emailHash?: string },
    request: (secrets: { token: string; code: string }) => OutboxRecord[],
    now: Date,
  ): Promise<void> {
    await this.collection.updateMany(
      { tenantId: init.tenantId, userId: init.userId, closedAt: { $exists: false } },
      { $set: { closedAt: now } },
    );
    const id = randomUUID();
    const secret = newOneTimeSecret(true);
    const code = secret.code!;
    await this.collection.insertOne({
      _id: id,
      tenantId: init.tenantId,
      userId: init.userId,
      tokenHash: secret.tokenHash,
      codeHash: codeHashFor(id, code),
      ...(init.loginFlowId ? { loginFlowId: init.loginFlowId } : {}),
      ...(init.emailHash ? { emailHash: init.emailHash } : {}),
      failedAttempts: 0,
      createdAt: now,
      expiresAt: new Date(now.getTime() + VERIFICATION_LIFETIME_SECONDS * 1000),
      outbox: request({ token: secret.token, code }),
    });
  }

  /** Uses up the verification of a link token; undefined when unknown, expired or used. */
  async redeemToken(tenantId: string, token: string, now: Date): Promise<Verified | undefined> {
    const doc = await this.collection.findOneAndUpdate(
      { tenantId, tokenHash: hashSecret(token), closedAt: { $exists: false }, expiresAt: { $gt: now } },
      { $set: { closedAt: now } },
      { returnDocument: 'after', projection: { outbox: 0 } },
    );
    return doc ? verifiedOf(doc) : undefined;
  }

  /**
   * Uses up the user's open verification when the code matches. A wrong code counts against the
   * verification; the fifth spends it, so at most five of a million codes are ever tried.
   */
  async redeemCode(tenantId: string, userId: string, code: string, now: Date): Promise<Verified | undefined> {
    const open = await this.collection.findOne(
      { tenantId, userId, closedAt: { $exists: false }, expiresAt: { $gt: now } },
      { projection: { outbox: 0 } },
    );
    if (!open) return undefined;
    if (codeHashFor(open._id, code) === open.codeHash) {
      const used = await this.collection.findOneAndUpdate(
        { _id: open._id, closedAt: { $exists: false } },
        { $set: { closedAt: now } },
        { returnDocument: 'after', projection: { outbox: 0 } },
      );
      return used ? verifiedOf(used) : undefined;
    }
    const counted = await this.collection.findOneAndUpdate(
      { _id: open._id, closedAt: { $exists: false } },
      { $inc: { failedAttempts: 1 } },
      { returnDocument: 'after', projection: { outbox: 0 } },
    );
    if (counted && counted.failedAttempts >= MAX_CODE_ATTEMPTS)
      await this.collection.updateOne({ _id: open._id }, { $set: { closedAt: now } });
    return undefined;
  }
}
