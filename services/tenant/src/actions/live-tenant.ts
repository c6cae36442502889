import { Problems } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';

/** Pipeline step: the tenant in the path must exist and not be deleted. */
export async function liveTenant(deps: TenantServiceDeps, tenantId: string): Promise<void> {
  const tenant = await deps.tenants.findById(tenantId);
  if (!tenant || tenant.status === 'deleted') throw Problems.notFound('No such tenant.');
}
