import type { Db } from 'mongodb';
import { TenantCreatedV1, TenantUpdatedV1, type EventData, type EventHandler } from '@idaas/events';
import type { IndexDeclaration } from '@idaas/store';
import type { TenantView } from './tenant-view';
import { VersionedReplica } from './versioned-replica';

export const tenantReplicaIndexes: IndexDeclaration[] = [
  { collection: 'replica_tenants', keys: { slug: 1 } },
];

/** The region's tenants, by id and by slug (the slug is in every issuer URL). */
export class TenantReplica {
  private readonly bySlug = new Map<string, TenantView>();
  private readonly replica: VersionedReplica<TenantView>;

  constructor(db: Db) {
    this.replica = new VersionedReplica<TenantView>(
      db,
      'replica_tenants',
      (t) => t.tenantId,
      (previous, next) => {
        if (previous && previous.slug !== next.slug) this.bySlug.delete(previous.slug);
        this.bySlug.set(next.slug, next);
      },
    );
  }

  load(): Promise<number> {
    return this.replica.load();
  }

  findBySlug(slug: string): TenantView | undefined {
    return this.bySlug.get(slug);
  }

  findById(tenantId: string): TenantView | undefined {
    return this.replica.get(tenantId);
  }

  size(): number {
    return this.replica.size();
  }

  /** Every tenant the region knows, for sweeps that walk them all (idle suspension). */
  all(): TenantView[] {
    return [...this.bySlug.values()];
  }

  handlers(): Record<string, EventHandler> {
    const apply: EventHandler = async ({ event }) =>
      this.replica.apply(event.data as EventData<typeof TenantCreatedV1>);
    return { [TenantCreatedV1.type]: apply, [TenantUpdatedV1.type]: apply };
  }
}
