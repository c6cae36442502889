import type { CreateIndexesOptions, Db, IndexSpecification } from 'mongodb';

export interface IndexDeclaration {
  collection: string;
  keys: IndexSpecification;
  options?: CreateIndexesOptions;
}

/** Indexes live in code beside the repositories that need them, and are created at start. */
export async function ensureIndexes(db: Db, declarations: readonly IndexDeclaration[]): Promise<void> {
  for (const d of declarations) {
    await db.collection(d.collection).createIndex(d.keys, d.options ?? {});
  }
}
