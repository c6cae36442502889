import type { JWK } from 'jose';
import type { Db } from 'mongodb';
import { SigningKeyPublishedV1, type EventData, type EventHandler } from '@idaas/events';
import type { TrustedKey } from '@idaas/http';
import { VersionedReplica } from './versioned-replica';

type PublishedKey = EventData<typeof SigningKeyPublishedV1>;

/**
 * The public signing keys every region's key manager published, per tenant: the tenant's
 * aggregated JWKS, and the only keys the admin API trusts for its access tokens.
 */
export class PublishedKeys {
  private readonly replica: VersionedReplica<PublishedKey>;

  constructor(db: Db) {
    this.replica = new VersionedReplica<PublishedKey>(db, 'published_keys', (k) => k.kid);
  }

  load(): Promise<number> {
    return this.replica.load();
  }

  trusted(kid: string): TrustedKey | undefined {
    const key = this.replica.get(kid);
    return key && key.status !== 'removed'
      ? { tenantId: key.tenantId, publicJwk: key.publicJwk as JWK }
      : undefined;
  }

  jwksOf(tenantId: string): JWK[] {
    return [...this.replica.values()]
      .filter((k) => k.tenantId === tenantId && k.status !== 'removed')
      .map((k) => k.publicJwk as JWK);
  }

  handlers(): Record<string, EventHandler> {
    return {
      [SigningKeyPublishedV1.type]: async ({ event }) => this.replica.apply(event.data as PublishedKey),
    };
  }
}
