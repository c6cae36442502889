import type { Collection, Db } from 'mongodb';
import {
  outboxRecords,
  TokenRevokedV1,
  type EventData,
  type EventHandler,
  type WithOutbox,
} from '@idaas/events';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';

export type RevokedTokenKind = EventData<typeof TokenRevokedV1>['kind'];

/** One revoked token: its id (an access token's `jti`, a refresh token family id), kind and expiry. */
export interface Revocation {
  tokenId: string;
  kind: RevokedTokenKind;
  tenantId: string;
  clientId: string;
  /** When the token would have expired anyway; the record is useless afterwards. */
  expiresAt: Date;
}

interface RevokedTokenDocument extends WithOutbox {
  _id: string;
  tokenId: string;
  kind: RevokedTokenKind;
  tenantId: string;
  clientId: string;
  expiresAt: Date;
  revokedAt: Date;
  /** The region whose revocation endpoint was called. */
  revokedIn: string;
}

export const REVOKED_TOKENS = 'revoked_tokens';

export const revokedTokenIndexes: IndexDeclaration[] = [
  { collection: REVOKED_TOKENS, keys: { expiresAt: 1 } },
];

const idOf = (kind: RevokedTokenKind, tokenId: string) => `${kind}:${tokenId}`;

/**
 * Revoked token ids of every region, until they expire. A revocation made here is written with
 * its event in one document (outbox), so the other regions learn it through the broker; ones
 * made elsewhere arrive as events and are recorded without one.
 */
export class RevokedTokens {
  private readonly collection: Collection<RevokedTokenDocument>;

  constructor(
    db: Db,
    private readonly region: string,
    private readonly eventsWritten: () => void,
  ) {
    this.collection = db.collection<RevokedTokenDocument>(REVOKED_TOKENS);
  }

  /** Records a revocation made at this region and announces it; revoking twice announces once. */
  async revoke(r: Revocation, now: Date): Promise<void> {
    const event = TokenRevokedV1.create(
      r.tokenId,
      { ...r, expiresAt: r.expiresAt.toISOString() },
      { source: `/idaas/${this.region}/authentication`, tenantId: r.tenantId, region: this.region, now },
    );
    try {
      await this.collection.insertOne({
        _id: idOf(r.kind, r.tokenId),
        ...r,
        revokedAt: now,
        revokedIn: this.region,
        outbox: outboxRecords([{ event, stream: 'auth' }]),
      });
      this.eventsWritten();
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }

  /** Expired records are ignored on read, so a sweep that runs late changes no answer. */
  async isRevoked(kind: RevokedTokenKind, tokenId: string, now: Date): Promise<boolean> {
    const doc = await this.collection.findOne(
      { _id: idOf(kind, tokenId), expiresAt: { $gt: now } },
      { projection: { _id: 1 } },
    );
    return doc !== null;
  }

  /** Deletes records of tokens that expired, except ones whose event is not yet published. */
  async sweep(now: Date): Promise<number> {
    const result = await this.collection.deleteMany({
      expiresAt: { $lte: now },
      'outbox.0': { $exists: false },
    });
    return result.deletedCount;
  }

  /** Revocations made in any region (this one included: recording again changes nothing). */
  handlers(): Record<string, EventHandler> {
    return {
      [TokenRevokedV1.type]: async ({ event }) => {
        const data = TokenRevokedV1.data.parse(event.data);
        await this.collection.updateOne(
          { _id: idOf(data.kind, data.tokenId) },
          {
            $setOnInsert: {
              ...data,
              expiresAt: new Date(data.expiresAt),
              revokedAt: new Date(event.time),
              revokedIn: event.region ?? 'unknown',
            },
          },
          { upsert: true },
        );
      },
    };
  }
}
