import type { Collection, Db } from 'mongodb';
import { outboxRecords, type CloudEvent, type WithOutbox } from '@idaas/events';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import type { Tenant } from '../domain/tenant';

interface TenantDocument extends Tenant, WithOutbox {
  _id: string;
}

export const TENANTS = 'tenants';

export const tenantIndexes: IndexDeclaration[] = [
  { collection: TENANTS, keys: { slug: 1 }, options: { unique: true } },
  { collection: TENANTS, keys: { createdAt: 1, _id: 1 } },
];

export class DuplicateSlugError extends Error {}
export class InvalidCursorError extends Error {}

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
      outbox: outboxRecords(events.map((event) => ({ event, stream: 'config' }))),
    };
    try {
      await this.collection.insertOne(doc);
    } catch (e) {
      if (isDuplicateKey(e)) throw new DuplicateSlugError(tenant.slug);
      throw e;
    }
  }

  async findById(tenantId: string): Promise<Tenant | null> {
    return this.collection.findOne({ _id: tenantId }, { projection: { outbox: 0, _id: 0 } });
  }

  /** Keyset pagination on (createdAt, id): stable while tenants are being added. */
  async list(limit: number, cursor?: string): Promise<TenantPage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (cursor !== undefined && !after) throw new InvalidCursorError(cursor);
    const filter = after
      ? {
          $or: [
            { createdAt: { $gt: after.createdAt } },
            { createdAt: after.createdAt, _id: { $gt: after.id } },
          ],
        }
      : {};
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
