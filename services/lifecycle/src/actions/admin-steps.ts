import type { Request } from 'express';
import { z } from 'zod';
import { Problems } from '@idaas/http';
import { IllegalTransitionError, UserNotFoundError, type Permission, type User } from '@idaas/identity';
import { StaleUserError } from '@idaas/user-store';
import type { LifecycleDeps } from '../deps';

export const userParams = z.object({
  tenantId: z.string().min(1).max(100),
  userId: z.string().min(1).max(100),
});

/** Statuses every admin user route may answer besides its own. */
export const denied = {
  400: { description: 'Bad input; `errors[].field` names it' },
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant in this region, or no such user' },
};

/**
 * Pipeline step: the caller holds `permission` for the tenant in the path, and the tenant lives
 * in this region. Another tenant's admin gets the same 404 as for an unknown tenant.
 */
export async function adminTenant(
  deps: LifecycleDeps,
  req: Request,
  tenantId: string,
  permission: Permission,
): Promise<void> {
  await deps.authorize(req, { permission, tenantId });
  const tenant = deps.tenants.findById(tenantId);
  if (!tenant || tenant.status !== 'active' || tenant.homeRegion !== deps.region)
    throw Problems.notFound('No such tenant in this region.');
}

/** What an admin sees of a user's lifecycle: no credentials, no counters. */
export const adminUserView = z.object({
  userId: z.string(),
  tenantId: z.string(),
  state: z.string(),
  version: z.number(),
  updatedAt: z.string(),
});

export const toAdminUserView = (user: User): z.infer<typeof adminUserView> => ({
  userId: user.userId,
  tenantId: user.tenantId,
  state: user.state,
  version: user.version,
  updatedAt: user.updatedAt.toISOString(),
});

/** The lifecycle's domain errors as problems; anything else goes on to the one renderer. */
export async function asProblem<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof IllegalTransitionError)
      throw Problems.conflict(`The user cannot change so: ${e.message}.`);
    if (e instanceof UserNotFoundError) throw Problems.notFound('No such user.');
    if (e instanceof StaleUserError) throw Problems.conflict('The user changed concurrently; try again.');
    throw e;
  }
}
