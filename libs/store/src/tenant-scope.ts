import type { Collection, Document, Filter, FindOptions, UpdateFilter, WithId } from 'mongodb';

/** Documents that belong to a tenant always say so. */
export interface TenantOwned {
  tenantId: string;
}

/**
 * A collection seen through one tenant. Every read and write adds `tenantId` to the filter, so
 * a repository built on it cannot leak across tenants by forgetting the clause.
 */
export class TenantScopedCollection<T extends TenantOwned & Document> {
  constructor(
    private readonly collection: Collection<T>,
    readonly tenantId: string,
  ) {}

  private scope(filter: Filter<T>): Filter<T> {
    return { ...filter, tenantId: this.tenantId } as Filter<T>;
  }

  findOne(filter: Filter<T>, options?: FindOptions): Promise<WithId<T> | null> {
    return this.collection.findOne(this.scope(filter), options);
  }

  find(filter: Filter<T>, options?: FindOptions): Promise<WithId<T>[]> {
    return this.collection.find(this.scope(filter), options).toArray();
  }

  count(filter: Filter<T>): Promise<number> {
    return this.collection.countDocuments(this.scope(filter));
  }

  async insertOne(doc: Omit<T, 'tenantId'>): Promise<void> {
    await this.collection.insertOne({ ...doc, tenantId: this.tenantId } as unknown as Parameters<
      Collection<T>['insertOne']
    >[0]);
  }

  async updateOne(filter: Filter<T>, update: UpdateFilter<T>): Promise<boolean> {
    const r = await this.collection.updateOne(this.scope(filter), update);
    return r.matchedCount === 1;
  }

  /** The document as the update left it, or (`'before'`) as the update found it. */
  findOneAndUpdate(
    filter: Filter<T>,
    update: UpdateFilter<T>,
    returnDocument: 'before' | 'after' = 'after',
  ): Promise<WithId<T> | null> {
    return this.collection.findOneAndUpdate(this.scope(filter), update, { returnDocument });
  }

  async deleteOne(filter: Filter<T>): Promise<boolean> {
    const r = await this.collection.deleteOne(this.scope(filter));
    return r.deletedCount === 1;
  }

  /** How many documents were deleted. */
  async deleteMany(filter: Filter<T>): Promise<number> {
    const r = await this.collection.deleteMany(this.scope(filter));
    return r.deletedCount;
  }
}

export function forTenant<T extends TenantOwned & Document>(
  collection: Collection<T>,
  tenantId: string,
): TenantScopedCollection<T> {
  if (!tenantId) throw new Error('tenantId is required for a tenant-scoped collection');
  return new TenantScopedCollection(collection, tenantId);
}
