import type { Collection, Db } from 'mongodb';
import { generateSecret, hashSecret } from '@idaas/crypto';
import type { IndexDeclaration } from '@idaas/store';
import type { AuthorizationCodes, AuthorizationGrant } from '../domain/authorization-grant';

interface AuthorizationCodeDocument {
  /** SHA-256 of the code: a database read yields no usable code. */
  _id: string;
  tenantId: string;
  grant: AuthorizationGrant;
  issuedAt: Date;
  expiresAt: Date;
  usedAt?: Date;
}

export const AUTHORIZATION_CODES = 'authorization_codes';

/**
 * Codes are short-lived: RFC 6749 section 4.1.2 recommends at most ten minutes; one minute is
 * plenty for a client that redeems at once and shrinks the window of a leaked code.
 */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 60;

/**
 * How long a used code is kept after it expired: a replay within that time still finds it and
 * revokes what it issued (RFC 6749 section 4.1.2); later, it is as unknown as a made-up code.
 */
export const USED_CODE_KEPT_SECONDS = 24 * 3600;

export const authorizationCodeIndexes: IndexDeclaration[] = [
  { collection: AUTHORIZATION_CODES, keys: { tenantId: 1, expiresAt: 1 } },
];

/** The region's authorization codes: issued by the hosted pages, redeemed once by the token endpoint. */
export class MongoAuthorizationCodes implements AuthorizationCodes {
  private readonly collection: Collection<AuthorizationCodeDocument>;

  constructor(db: Db) {
    this.collection = db.collection<AuthorizationCodeDocument>(AUTHORIZATION_CODES);
  }

  async issue(grant: AuthorizationGrant, now: Date): Promise<string> {
    const code = generateSecret(32);
    await this.collection.insertOne({
      _id: hashSecret(code),
      tenantId: grant.tenantId,
      grant,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000),
    });
    return code;
  }

  async redeem(tenantId: string, code: string, now: Date): ReturnType<AuthorizationCodes['redeem']> {
    const codeId = hashSecret(code);
    // One conditional write decides the race: of two concurrent redemptions only one sets usedAt.
    const redeemed = await this.collection.findOneAndUpdate(
      { _id: codeId, tenantId, usedAt: { $exists: false }, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'before' },
    );
    if (redeemed) return { outcome: 'redeemed', grant: redeemed.grant, codeId };
    const existing = await this.collection.findOne({ _id: codeId, tenantId });
    if (!existing) return { outcome: 'unknown' };
    // https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2: a code used twice must be refused,
    // and the caller SHOULD revoke what it issued.
    if (existing.usedAt) return { outcome: 'replayed', grant: existing.grant, codeId };
    return { outcome: 'expired' };
  }

  /** Deletes expired codes: unused ones at once, used ones once a replay is no longer worth detecting. */
  async sweep(now: Date): Promise<number> {
    const unused = await this.collection.deleteMany({ usedAt: { $exists: false }, expiresAt: { $lte: now } });
    const used = await this.collection.deleteMany({
      expiresAt: { $lte: new Date(now.getTime() - USED_CODE_KEPT_SECONDS * 1000) },
    });
    return unused.deletedCount + used.deletedCount;
  }
}
