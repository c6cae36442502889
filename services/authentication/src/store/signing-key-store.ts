import { importJWK, type JWK, type KeyLike } from 'jose';
import type { Collection, Db } from 'mongodb';
import { outboxRecords, pushToOutbox, SigningKeyPublishedV1, type WithOutbox } from '@idaas/events';
import { seal, unseal, type SealedSecret } from '@idaas/crypto';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import type { TenantView } from '@idaas/replica';
import { retirementEnds, rotationDue } from '../domain/key-rotation';
import { keyId, makeSigningKey, type SigningAlg } from '../domain/signing-key';

type KeyStatus = 'active' | 'retired' | 'removed';

interface SigningKeyDocument extends WithOutbox {
  _id: string;
  tenantId: string;
  alg: SigningAlg;
  generation: number;
  status: KeyStatus;
  publicJwk: JWK;
  sealedPrivateJwk: SealedSecret;
  createdAt: Date;
  retiredAt?: Date;
  /** When the last token this key can have signed has expired. */
  removeAfter?: Date;
  /** Version of the published snapshot (absent on keys made before rotation existed: 1). */
  version?: number;
}

export const SIGNING_KEYS = 'signing_keys';

export const signingKeyIndexes: IndexDeclaration[] = [
  // One key per tenant, algorithm and generation: concurrent first requests cannot make two.
  { collection: SIGNING_KEYS, keys: { tenantId: 1, alg: 1, generation: 1 }, options: { unique: true } },
  { collection: SIGNING_KEYS, keys: { status: 1, removeAfter: 1 } },
];

export interface ActiveKey {
  kid: string;
  alg: SigningAlg;
  privateKey: KeyLike | Uint8Array;
}

export interface RotatedKey {
  alg: SigningAlg;
  kid: string;
  previousKid: string;
}

export interface KeyRotationPolicy {
  clock: () => Date;
  /** Days a key signs before its successor takes over. */
  rotationDays: number;
}

interface CachedKey {
  key: Promise<ActiveKey & { createdAt: Date }>;
  loadedAt: number;
}

/** Another process of the region may have rotated: a cached active key is looked up again after this. */
const CACHE_MS = 60_000;

/**
 * The region's signing keys per tenant. Private keys are made here, sealed with the region's
 * key-encryption key, and never leave; the public half is published through the outbox, and
 * so is every change of its status (active, retired, removed). Keys are made on first use, so
 * a new tenant costs nothing until it signs something.
 */
export class SigningKeyStore {
  private readonly collection: Collection<SigningKeyDocument>;
  private readonly active = new Map<string, CachedKey>();

  constructor(
    db: Db,
    private readonly kek: Buffer,
    private readonly region: string,
    private readonly eventsWritten: () => void,
    private readonly policy: KeyRotationPolicy = { clock: () => new Date(), rotationDays: 30 },
  ) {
    this.collection = db.collection<SigningKeyDocument>(SIGNING_KEYS);
  }

  /** The key to sign with now; rotating first when the current one has served its period. */
  async activeKey(tenant: TenantView, alg: SigningAlg): Promise<ActiveKey> {
    const cacheKey = `${tenant.tenantId}/${alg}`;
    const now = this.policy.clock();
    let cached = this.active.get(cacheKey);
    if (!cached || now.getTime() - cached.loadedAt > CACHE_MS) {
      const key = this.loadOrCreate(tenant, alg, now);
      cached = { key, loadedAt: now.getTime() };
      this.active.set(cacheKey, cached);
      key.catch(() => this.active.delete(cacheKey));
    }
    const key = await cached.key;
    if (!rotationDue(key.createdAt, now, this.policy.rotationDays)) return key;
    await this.rotate(tenant, alg);
    return this.activeKey(tenant, alg);
  }

  /** Public keys of a tenant made in this region that may still verify tokens. */
  async publicJwks(tenantId: string): Promise<JWK[]> {
    const docs = await this.collection
      .find(
        { tenantId, status: { $in: ['active', 'retired'] } },
        { projection: { publicJwk: 1 }, sort: { createdAt: 1 } },
      )
      .toArray();
    return docs.map((d) => d.publicJwk);
  }

  /** Rotates every algorithm the tenant signs with here (on demand). */
  async rotateTenant(tenant: TenantView): Promise<RotatedKey[]> {
    const docs = await this.collection
      .find({ tenantId: tenant.tenantId, status: 'active' }, { projection: { alg: 1 } })
      .toArray();
    const algs = [...new Set(docs.map((d) => d.alg))];
    const rotated: RotatedKey[] = [];
    for (const alg of algs) {
      const r = await this.rotate(tenant, alg);
      if (r) rotated.push(r);
    }
    return rotated;
  }

  /**
   * Makes the next generation the active key and retires the previous one. Concurrent rotations
   * of the same key make one successor (unique generation), and the loser adopts it.
   */
  async rotate(tenant: TenantView, alg: SigningAlg): Promise<RotatedKey | undefined> {
    const now = this.policy.clock();
    const current = await this.collection.findOne(
      { tenantId: tenant.tenantId, alg, status: 'active' },
      { sort: { generation: -1 } },
    );
    if (!current) return undefined;
    const next = await this.insertKey(tenant, alg, current.generation + 1, now);
    // Every older active key (normally just `current`) steps down.
    const older = await this.collection
      .find({ tenantId: tenant.tenantId, alg, status: 'active', generation: { $lt: next.generation } })
      .toArray();
    for (const doc of older) await this.changeStatus(doc, 'active', 'retired', now);
    this.active.delete(`${tenant.tenantId}/${alg}`);
    return { alg, kid: next._id, previousKid: current._id };
  }

  /** Publishes as removed every retired key whose tokens have all expired. */
  async removeExpiredKeys(): Promise<string[]> {
    const now = this.policy.clock();
    const due = await this.collection.find({ status: 'retired', removeAfter: { $lte: now } }).toArray();
    const removed: string[] = [];
    for (const doc of due) {
      if (await this.changeStatus(doc, 'retired', 'removed', now)) removed.push(doc._id);
    }
    return removed;
  }

  private async changeStatus(
    doc: SigningKeyDocument,
    from: KeyStatus,
    to: Exclude<KeyStatus, 'active'>,
    now: Date,
  ): Promise<boolean> {
    const version = (doc.version ?? 1) + 1;
    const event = this.publishedEvent(doc, to, version);
    const result = await this.collection.updateOne(
      { _id: doc._id, status: from },
      {
        $set: {
          status: to,
          version,
          ...(to === 'retired' ? { retiredAt: now, removeAfter: retirementEnds(now) } : {}),
        },
        ...pushToOutbox(outboxRecords([{ event, stream: 'keys' }])),
      },
    );
    if (result.modifiedCount > 0) this.eventsWritten();
    return result.modifiedCount > 0;
  }

  private async loadOrCreate(
    tenant: TenantView,
    alg: SigningAlg,
    now: Date,
  ): Promise<ActiveKey & { createdAt: Date }> {
    const existing = await this.collection.findOne(
      { tenantId: tenant.tenantId, alg, status: 'active' },
      { sort: { generation: -1 } },
    );
    return this.open(existing ?? (await this.insertKey(tenant, alg, 1, now)));
  }

  /** Makes generation `generation`, or returns the one another process made first. */
  private async insertKey(
    tenant: TenantView,
    alg: SigningAlg,
    generation: number,
    now: Date,
  ): Promise<SigningKeyDocument> {
    const kid = keyId(this.region, tenant.slug, alg, generation);
    const made = await makeSigningKey(kid, alg);
    const doc: SigningKeyDocument = {
      _id: kid,
      tenantId: tenant.tenantId,
      alg,
      generation,
      status: 'active',
      publicJwk: made.publicJwk,
      sealedPrivateJwk: seal(JSON.stringify(made.privateJwk), this.kek, kid),
      createdAt: now,
      version: 1,
    };
    doc.outbox = outboxRecords([{ event: this.publishedEvent(doc, 'active', 1), stream: 'keys' }]);
    try {
      await this.collection.insertOne(doc);
      this.eventsWritten();
      return doc;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const winner = await this.collection.findOne({ tenantId: tenant.tenantId, alg, generation });
      if (!winner) throw e;
      return winner;
    }
  }

  private publishedEvent(doc: SigningKeyDocument, status: KeyStatus, version: number) {
    return SigningKeyPublishedV1.create(
      doc._id,
      {
        tenantId: doc.tenantId,
        region: this.region,
        kid: doc._id,
        status,
        publicJwk: doc.publicJwk as never,
        version,
      },
      { source: `/idaas/${this.region}/authentication`, tenantId: doc.tenantId, region: this.region },
    );
  }

  private async open(doc: SigningKeyDocument): Promise<ActiveKey & { createdAt: Date }> {
    const privateJwk = JSON.parse(unseal(doc.sealedPrivateJwk, this.kek, doc._id)) as JWK;
    return {
      kid: doc._id,
      alg: doc.alg,
      privateKey: await importJWK(privateJwk, doc.alg),
      createdAt: doc.createdAt,
    };
  }
}
