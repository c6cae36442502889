import type { Filter } from 'mongodb';
import { IllegalTransitionError, type User } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import { StaleUserError, type UserDocument, type UserPage } from '@idaas/user-store';

const DAY_MS = 24 * 3600 * 1000;
const PAGE = 200;

export interface IdleSuspensionDeps {
  region: string;
  tenants: { all(): TenantView[] };
  /** The tenant policy's `lifecycle.idleSuspensionDays`; 0 never suspends. */
  idleDaysOf: (tenantId: string) => number;
  users: { search(tenantId: string, page: UserPage): Promise<{ total: number; users: User[] }> };
  lifecycle: { suspendForInactivity(tenantId: string, userId: string): Promise<User> };
  clock: () => Date;
}

/**
 * Active users whose last sign-in is older than the cutoff; users who never signed in count from
 * the creation of their account, so an account nobody ever used is suspended too. Any change to
 * the account since the cutoff (a reactivation by an admin above all) restarts the count, or a
 * reactivated user would be suspended again at the next sweep.
 */
export function idleUsers(cutoff: Date): Filter<UserDocument> {
  return {
    state: 'active',
    updatedAt: { $lt: cutoff },
    $or: [
      { lastSignInAt: { $lt: cutoff } },
      { lastSignInAt: { $exists: false }, createdAt: { $lt: cutoff } },
    ],
  };
}

/**
 * One sweep of the idle-suspension job over the tenants whose users live in this region: each idle
 * user goes through `suspendForInactivity` (one event each). A user who changed meanwhile (signed
 * in, was disabled) is left to the next sweep. Answers how many were suspended.
 */
export async function suspendIdleUsers(deps: IdleSuspensionDeps): Promise<number> {
  const now = deps.clock();
  let suspended = 0;
  for (const tenant of deps.tenants.all()) {
    if (tenant.status !== 'active' || tenant.homeRegion !== deps.region) continue;
    const days = deps.idleDaysOf(tenant.tenantId);
    if (days <= 0) continue;
    const filter = idleUsers(new Date(now.getTime() - days * DAY_MS));
    // Suspended users leave the result, so the next page starts after those that could not be.
    let skipped = 0;
    for (;;) {
      const page = await deps.users.search(tenant.tenantId, {
        filter,
        sort: { _id: 1 },
        skip: skipped,
        limit: PAGE,
      });
      for (const user of page.users) {
        try {
          await deps.lifecycle.suspendForInactivity(tenant.tenantId, user.userId);
          suspended++;
        } catch (e) {
          if (!(e instanceof IllegalTransitionError) && !(e instanceof StaleUserError)) throw e;
          skipped++;
        }
      }
      if (page.users.length < PAGE) break;
    }
  }
  return suspended;
}
