import type { Collection, Db, Document } from 'mongodb';
import { isDuplicateKey } from '@idaas/store';

interface Versioned {
  version: number;
}

/**
 * A region's copy of one kind of configuration, built from events that carry whole snapshots
 * with a version. Applying is "keep the highest version", so re-deliveries and out-of-order
 * events change nothing. Reads come from memory; the collection lets a restarted process
 * answer before the broker is reachable (static stability).
 */
export class VersionedReplica<T extends Versioned> {
  // Untyped on purpose: generic snapshots cannot satisfy the driver's filter types.
  private readonly collection: Collection<{ _id: string } & Document>;
  private readonly byKey = new Map<string, T>();

  constructor(
    db: Db,
    collectionName: string,
    private readonly keyOf: (value: T) => string,
    private readonly onChange: (previous: T | undefined, next: T) => void = () => undefined,
  ) {
    this.collection = db.collection<{ _id: string } & Document>(collectionName);
  }

  async load(): Promise<number> {
    const all = await this.collection.find({}).toArray();
    for (const doc of all) {
      const { _id: _ignored, ...value } = doc;
      this.remember(value as T);
    }
    return all.length;
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  values(): IterableIterator<T> {
    return this.byKey.values();
  }

  size(): number {
    return this.byKey.size;
  }

  async apply(snapshot: T): Promise<void> {
    const key = this.keyOf(snapshot);
    try {
      await this.collection.updateOne(
        { _id: key, version: { $lt: snapshot.version } },
        { $set: { ...snapshot } },
        { upsert: true },
      );
    } catch (e) {
      // The stored version is already as new or newer: nothing to do.
      if (!isDuplicateKey(e)) throw e;
    }
    const current = this.byKey.get(key);
    if (!current || current.version < snapshot.version) this.remember(snapshot);
  }

  private remember(value: T): void {
    const key = this.keyOf(value);
    const previous = this.byKey.get(key);
    this.byKey.set(key, value);
    this.onChange(previous, value);
  }
}
