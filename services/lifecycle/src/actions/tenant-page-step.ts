import { z } from 'zod';
import { Problems } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import type { LifecycleDeps } from '../deps';

/** User-facing routes name the tenant by its slug, as the issuer and the hosted pages do. */
export const tenantSlugParams = z.object({ tenant: z.string().min(1).max(63) });

/**
 * The tenant whose users this region keeps, by slug. Users live only in their tenant's home
 * region, so another region answers as if the tenant were unknown here.
 */
export function homeTenantBySlug(deps: Pick<LifecycleDeps, 'tenants' | 'region'>, slug: string): TenantView {
  const tenant = deps.tenants.findBySlug(slug);
  if (!tenant || tenant.status !== 'active' || tenant.homeRegion !== deps.region)
    throw Problems.notFound('No such tenant in this region.');
  return tenant;
}
