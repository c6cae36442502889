import type { Collection, Db } from 'mongodb';
import { generateSecret, hashSecret } from '@idaas/crypto';
import type { IndexDeclaration } from '@idaas/store';
import { PUSHED_REQUEST_LIFETIME_SECONDS, referenceOf, requestUriOf } from '../domain/request-uri';

export const PUSHED_AUTHORIZATION_REQUESTS = 'pushed_authorization_requests';

export const pushedAuthorizationRequestIndexes: IndexDeclaration[] = [
  { collection: PUSHED_AUTHORIZATION_REQUESTS, keys: { expiresAt: 1 } },
];

interface PushedRequestDocument {
  /** Hash of the random reference: whoever reads the database cannot start the request. */
  _id: string;
  tenantId: string;
  /** The client that pushed it, authenticated: the only one that may use it. */
  clientId: string;
  /** The authorization request parameters as pushed (client authentication left out). */
  params: Record<string, string>;
  expiresAt: Date;
}

/**
 * Pushed authorization requests (RFC 9126), single-use and short-lived, bound to the tenant and
 * the client that pushed them. Taking one deletes it in the same operation.
 */
export class PushedAuthorizationRequests {
  private readonly collection: Collection<PushedRequestDocument>;

  constructor(db: Db) {
    this.collection = db.collection<PushedRequestDocument>(PUSHED_AUTHORIZATION_REQUESTS);
  }

  /** Stores the request; its `request_uri` and lifetime, for the client. */
  async push(
    tenantId: string,
    clientId: string,
    params: Record<string, string>,
    now: Date,
  ): Promise<{ requestUri: string; expiresIn: number }> {
    const reference = generateSecret(32);
    await this.collection.insertOne({
      _id: hashSecret(reference),
      tenantId,
      clientId,
      params,
      expiresAt: new Date(now.getTime() + PUSHED_REQUEST_LIFETIME_SECONDS * 1000),
    });
    return { requestUri: requestUriOf(reference), expiresIn: PUSHED_REQUEST_LIFETIME_SECONDS };
  }

  /**
   * The pushed parameters, once: undefined when the URI is not ours, unknown, expired, used, or
   * of another tenant or client. A wrong client does not use it up, so nobody can burn another
   * client's request by presenting it.
   */
  async take(
    tenantId: string,
    clientId: string,
    requestUri: string,
    now: Date,
  ): Promise<Record<string, string> | undefined> {
    const reference = referenceOf(requestUri);
    if (!reference) return undefined;
    const doc = await this.collection.findOneAndDelete({
      _id: hashSecret(reference),
      tenantId,
      clientId,
      expiresAt: { $gt: now },
    });
    return doc?.params;
  }

  /** Removes requests nobody used (no TTL indexes on every MongoDB-wire server). */
  async sweep(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
