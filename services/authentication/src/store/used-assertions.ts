import type { Collection, Db } from 'mongodb';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';

interface UsedAssertionDocument {
  _id: string;
  expiresAt: Date;
}

export const USED_ASSERTIONS = 'used_client_assertions';

export const usedAssertionIndexes: IndexDeclaration[] = [
  { collection: USED_ASSERTIONS, keys: { expiresAt: 1 } },
];

/**
 * The `jti` of every client assertion accepted here, until it expires: a replayed assertion
 * finds its id taken (OpenID Connect Core section 9, RFC 7523 section 3 item 7).
 */
export class UsedAssertions {
  private readonly collection: Collection<UsedAssertionDocument>;

  constructor(db: Db) {
    this.collection = db.collection<UsedAssertionDocument>(USED_ASSERTIONS);
  }

  /** True the first time a client presents this jti; false on a replay. */
  async firstUse(clientId: string, jti: string, expiresAt: Date, now: Date): Promise<boolean> {
    const _id = `${clientId}:${jti}`;
    // An expired record may still be here until the sweep: it no longer blocks anything.
    await this.collection.deleteOne({ _id, expiresAt: { $lte: now } });
    try {
      await this.collection.insertOne({ _id, expiresAt });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async sweep(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
