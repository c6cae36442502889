import { importJWK, type JWK, type KeyLike } from 'jose';
import type { Collection, Db } from 'mongodb';
import { outboxRecords, SigningKeyPublishedV1, type WithOutbox } from '@idaas/events';
import { seal, unseal, type SealedSecret } from '@idaas/crypto';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import type { TenantView } from '@idaas/replica';
import { keyId, makeSigningKey, type SigningAlg } from '../domain/signing-key';

interface SigningKeyDocument extends WithOutbox {
  _id: string;
  tenantId: string;
  alg: SigningAlg;
  generation: number;
  status: 'active' | 'retired';
  publicJwk: JWK;
  sealedPrivateJwk: SealedSecret;
  createdAt: Date;
}

export const SIGNING_KEYS = 'signing_keys';

export const signingKeyIndexes: IndexDeclaration[] = [
  // One key per tenant, algorithm and generation: concurrent first requests cannot make two.
  { collection: SIGNING_KEYS, keys: { tenantId: 1, alg: 1, generation: 1 }, options: { unique: true } },
];

export interface ActiveKey {
  kid: string;
  alg: SigningAlg;
  privateKey: KeyLike | Uint8Array;
}

/**
 * The region's signing keys per tenant. Private keys are made here, sealed with the region's
 * key-encryption key, and never leave; the public half is published through the outbox.
 * Keys are made on first use, so a new tenant costs nothing until it signs something.
 */
export class SigningKeyStore {
  private readonly collection: Collection<SigningKeyDocument>;
  private readonly active = new Map<string, Promise<ActiveKey>>();

  constructor(
    db: Db,
    private readonly kek: Buffer,
    private readonly region: string,
    private readonly eventsWritten: () => void,
  ) {
    this.collection = db.collection<SigningKeyDocument>(SIGNING_KEYS);
  }

  activeKey(tenant: TenantView, alg: SigningAlg): Promise<ActiveKey> {
    const cacheKey = `${tenant.tenantId}/${alg}`;
    let key = this.active.get(cacheKey);
    if (!key) {
      key = this.loadOrCreate(tenant, alg);
      this.active.set(cacheKey, key);
      key.catch(() => this.active.delete(cacheKey));
    }
    return key;
  }

  /** Public keys of a tenant made in this region that may still verify tokens. */
  async publicJwks(tenantId: string): Promise<JWK[]> {
    const docs = await this.collection
      .find({ tenantId }, { projection: { publicJwk: 1 }, sort: { createdAt: 1 } })
      .toArray();
    return docs.map((d) => d.publicJwk);
  }

  private async loadOrCreate(tenant: TenantView, alg: SigningAlg): Promise<ActiveKey> {
    const existing = await this.collection.findOne(
      { tenantId: tenant.tenantId, alg, status: 'active' },
      { sort: { generation: -1 } },
    );
    if (existing) return this.open(existing);
    const kid = keyId(this.region, tenant.slug, alg, 1);
    const made = await makeSigningKey(kid, alg);
    const event = SigningKeyPublishedV1.create(
      kid,
      {
        tenantId: tenant.tenantId,
        region: this.region,
        kid,
        status: 'active',
        publicJwk: made.publicJwk as never,
        version: 1,
      },
      { source: `/idaas/${this.region}/authentication`, tenantId: tenant.tenantId, region: this.region },
    );
    const doc: SigningKeyDocument = {
      _id: kid,
      tenantId: tenant.tenantId,
      alg,
      generation: 1,
      status: 'active',
      publicJwk: made.publicJwk,
      sealedPrivateJwk: seal(JSON.stringify(made.privateJwk), this.kek, kid),
      createdAt: new Date(),
      outbox: outboxRecords([{ event, stream: 'keys' }]),
    };
    try {
      await this.collection.insertOne(doc);
      this.eventsWritten();
      return this.open(doc);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // Another process made it first: use theirs.
      const winner = await this.collection.findOne({ tenantId: tenant.tenantId, alg, generation: 1 });
      if (!winner) throw e;
      return this.open(winner);
    }
  }

  private async open(doc: SigningKeyDocument): Promise<ActiveKey> {
    const privateJwk = JSON.parse(unseal(doc.sealedPrivateJwk, this.kek, doc._id)) as JWK;
    return { kid: doc._id, alg: doc.alg, privateKey: await importJWK(privateJwk, doc.alg) };
  }
}
