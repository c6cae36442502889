import type { TenantView } from '@idaas/replica';
import type { HostedDeps } from './deps';
import { pageError } from './page-response';

/** Step: the tenant of the path, active in this region; else our error page (404). */
export function activeTenant(deps: Pick<HostedDeps, 'tenants'>, slug: string): TenantView {
  const tenant = deps.tenants.findBySlug(slug);
  if (!tenant || tenant.status !== 'active') throw pageError(404, 'error.unknown_tenant');
  return tenant;
}
