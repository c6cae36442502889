import { z } from 'zod';
import { Problems } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import type { RegistrationDeps } from '../deps';

export const tenantParams = z.object({ tenant: z.string().min(1).max(63) });
export const adminTenantParams = z.object({ tenantId: z.string().min(1).max(64) });

/**
 * The tenant whose users this region keeps. Users live only in their tenant's home region, so
 * another region answers as if the tenant were unknown here.
 */
export function homeTenant(deps: RegistrationDeps, tenant: TenantView | undefined): TenantView {
  if (!tenant || tenant.status !== 'active' || tenant.homeRegion !== deps.region)
    throw Problems.notFound('No such tenant in this region.');
  return tenant;
}
