export { connectDatabase } from './mongo-client';
export type { Database } from './mongo-client';
export { ensureIndexes } from './indexes';
export type { IndexDeclaration } from './indexes';
export { forTenant, TenantScopedCollection } from './tenant-scope';
export type { TenantOwned } from './tenant-scope';
export { isDuplicateKey } from './errors';
