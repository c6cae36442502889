import type { Collection, Db, Filter } from 'mongodb';
import { outboxRecords, pushToOutbox, type CloudEvent, type WithOutbox } from '@idaas/events';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import type { Tenant, TenantStatus } from '../domain/tenant';

interface TenantDocument extends Tenant, WithOutbox {
  _id: string;
}

export const TENANTS = 'tenants';

export const tenantIndexes: IndexDeclaration[] = [
  { collection: TENANTS, keys: { slug: 1 }, options: { unique: true } },
  { collection: TENANTS, keys: { createdAt: 1, _id: 1 } },
];

export class DuplicateSlugError extends Error {}
/** Someone else changed the tenant since it was read; the caller reads again or reports 409. */
export class StaleTenantError extends Error {}
export class InvalidCursorError extends Error {}

export interface TenantFilter {
  status?: TenantStatus;
  homeRegion?: string;
}

export interface TenantPage {
  items: Tenant[];
  nextCursor?: string;
}

/** Tenants of the management plane; each write carries its events in the same document. */
export class TenantRepository {
  private readonly collection: Collection<TenantDocument>;

  constructor(db: Db) {
    this.collection = db.collection<TenantDocument>(TENANTS);
  }

  async insert(tenant: Tenant, events: CloudEvent[]): Promise<void> {
    const doc: TenantDocument = {
      _id: tenant.tenantId,
      ...tenant,
      outbox: configRecords(events),
    };
    try {
      await this.collection.insertOne(doc);
    } catch (e) {
      if (isDuplicateKey(e)) throw new DuplicateSlugError(tenant.slug);
      throw e;
    }
  }

  /**
   * Saves a change made to the version that was read (optimistic concurrency), together with
   * its events, in one single-document write.
   */
  async saveChange(readVersion: number, tenant: Tenant, events: CloudEvent[]): Promise<void> {
    const r = await this.collection.updateOne(
      { _id: tenant.tenantId, version: readVersion },
      {
        $set: {
          displayName: tenant.displayName,
          status: tenant.status,
          version: tenant.version,
          updatedAt: tenant.updatedAt,
        },
        ...pushToOutbox(configRecords(events)),
      },
    );
    if (r.matchedCount !== 1) throw new StaleTenantError(tenant.tenantId);
  }

  async findBySlug(slug: string): Promise<Tenant | null> {
    return this.collection.findOne({ slug }, { projection: { outbox: 0, _id: 0 } });
  }

  async findById(tenantId: string): Promise<Tenant | null> {
    return this.collection.findOne({ _id: tenantId }, { projection: { outbox: 0, _id: 0 } });
  }

  /** Keyset pagination on (createdAt, id): stable while tenants are being added. */
  async list(limit: number, cursor?: string, where: TenantFilter = {}): Promise<TenantPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !after) throw new InvalidCursorError(cursor);
    const filter: Filter<TenantDocument> = {
      ...(where.status ? { status: where.status } : { status: { $ne: 'deleted' } }),
      ...(where.homeRegion ? { homeRegion: where.homeRegion } : {}),
      ...(after
        ? {
            $or: [
              { createdAt: { $gt: after.createdAt } },
              { createdAt: after.createdAt, _id: { $gt: after.id } },
            ],
          }
        : {}),
    };
    const docs = await this.collection
      .find(filter, { projection: { outbox: 0 } })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit + 1)
      .toArray();
    const page = docs.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ _id: _ignored, ...t }) => t),
      ...(docs.length > limit && last ? { nextCursor: encodeCursor(last.createdAt, last._id) } : {}),
    };
  }
}

function configRecords(events: CloudEvent[]) {
  return outboxRecords(events.map((event) => ({ event, stream: 'config' as const })));
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string') return undefined;
    return { createdAt, id };
  } catch {
    return undefined;
  }
}
