import type { Collection, Db } from 'mongodb';
import { TenantCreatedV1, TenantUpdatedV1, type EventHandler, type EventData } from '@idaas/events';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import type { TenantView } from './tenant-view';

interface StoredTenantView extends TenantView {
  _id: string;
}

export const tenantReplicaIndexes: IndexDeclaration[] = [
  { collection: 'replica_tenants', keys: { slug: 1 } },
];

/**
 * The region's copy of the tenants, built from config events. Reads are served from memory;
 * the collection lets a restarted process answer before the broker is reachable (static
 * stability). Events carry whole snapshots with a version, so applying one is an idempotent
 * "keep the highest version" upsert, and order across partitions does not matter.
 */
export class TenantReplica {
  private readonly collection: Collection<StoredTenantView>;
  private readonly byId = new Map<string, TenantView>();
  private readonly bySlug = new Map<string, TenantView>();

  constructor(db: Db) {
    this.collection = db.collection<StoredTenantView>('replica_tenants');
  }

  async load(): Promise<number> {
    const all = await this.collection.find({}).toArray();
    for (const { _id: _ignored, ...view } of all) this.remember(view);
    return all.length;
  }

  findBySlug(slug: string): TenantView | undefined {
    return this.bySlug.get(slug);
  }

  findById(tenantId: string): TenantView | undefined {
    return this.byId.get(tenantId);
  }

  size(): number {
    return this.byId.size;
  }

  async apply(snapshot: TenantView): Promise<void> {
    try {
      await this.collection.updateOne(
        { _id: snapshot.tenantId, version: { $lt: snapshot.version } },
        { $set: { ...snapshot } },
        { upsert: true },
      );
    } catch (e) {
      // The stored version is already as new or newer: nothing to do.
      if (!isDuplicateKey(e)) throw e;
    }
    const current = this.byId.get(snapshot.tenantId);
    if (!current || current.version < snapshot.version) this.remember(snapshot);
  }

  handlers(): Record<string, EventHandler> {
    const apply: EventHandler = async ({ event }) =>
      this.apply(event.data as EventData<typeof TenantCreatedV1>);
    return { [TenantCreatedV1.type]: apply, [TenantUpdatedV1.type]: apply };
  }

  private remember(view: TenantView): void {
    const previous = this.byId.get(view.tenantId);
    if (previous && previous.slug !== view.slug) this.bySlug.delete(previous.slug);
    this.byId.set(view.tenantId, view);
    this.bySlug.set(view.slug, view);
  }
}
