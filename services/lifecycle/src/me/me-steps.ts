import type { Request } from 'express';
import type { User } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import type { LifecycleDeps } from '../deps';
import { homeTenantBySlug } from '../actions/tenant-page-step';
import { meCaller, meCallerWithToken } from '@idaas/http';
import { requireRecentSecondFactor } from './recent-second-factor-step';

export const meStepUp = {
  401: {
    description:
      "No valid access token, or (`insufficient_user_authentication`, RFC 9470) the user has a second factor and the token's sign-in did not use one in the last 15 minutes",
  },
};

/** The tenant in the path and the user whose token it is: every /me route acts on that user only. */
export async function caller(
  deps: LifecycleDeps,
  req: Request,
  slug: string,
): Promise<{ tenant: TenantView; user: User }> {
  const tenant = homeTenantBySlug(deps, slug);
  return { tenant, user: await meCaller(deps, req, tenant) };
}

/**
 * As `caller`, for a route that changes credentials: the token must also show a recent second
 * factor when the user has one (401 `insufficient_user_authentication` otherwise).
 */
export async function credentialChanger(
  deps: LifecycleDeps,
  req: Request,
  slug: string,
): Promise<{ tenant: TenantView; user: User }> {
  const tenant = homeTenantBySlug(deps, slug);
  const { user, token } = await meCallerWithToken(deps, req, tenant);
  await requireRecentSecondFactor(deps, tenant.tenantId, user, token);
  return { tenant, user };
}
