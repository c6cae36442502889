import type { AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { createTenantRoute } from './create-tenant';
import { getTenantRoute } from './get-tenant';
import { listTenantsRoute } from './list-tenants';

export function tenantRoutes(deps: TenantServiceDeps): AnyRoute[] {
  return [createTenantRoute(deps), listTenantsRoute(deps), getTenantRoute(deps)];
}
