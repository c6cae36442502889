import type { WithOutbox } from '@idaas/events';
import type { User } from '@idaas/identity';
import type { IndexDeclaration, TenantOwned } from '@idaas/store';

/** The users collection of the region's identity database. */
export const USERS = 'users';

/**
 * One database per region for users, shared by that region's data-plane services (authentication
 * checks passwords, registration creates users, lifecycle runs transitions): they all work on the
 * same aggregate, so it has one home. Each service keeps its own database for its own data.
 */
export function identityDatabaseName(region: string): string {
  return `idaas_${region}_identity`;
}

/** A user as stored: the aggregate with `_id` for `userId`, and its pending events. */
export interface UserDocument extends TenantOwned, WithOutbox, Omit<User, 'userId'> {
  _id: string;
}

export const userStoreIndexes: IndexDeclaration[] = [
  // The email is the sign-in name: one user per address within a tenant, case-insensitively.
  { collection: USERS, keys: { tenantId: 1, emailNormalized: 1 }, options: { unique: true } },
  // Lifecycle sweeps (suspend idle users, purge tombstones) walk a tenant's users by state.
  { collection: USERS, keys: { tenantId: 1, state: 1 } },
];

/** The aggregate without storage fields; optional fields absent rather than undefined. */
export function toUser(doc: UserDocument): User {
  const { _id: userId, outbox: _pending, ...rest } = doc;
  const present = Object.entries({ userId, ...rest }).filter(([, v]) => v !== undefined && v !== null);
  return Object.fromEntries(present) as unknown as User;
}
