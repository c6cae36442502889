import { z } from 'zod';
import { HttpError, OAuthErrors, Problems } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';

export const tenantParams = z.object({ tenant: z.string().min(1).max(63) });

/**
 * Pipeline step: the tenant of the path, known to this region and active. A suspended or
 * deleted tenant is answered like an unknown one: no tokens, no keys, no hint.
 */
export function activeTenant(
  deps: AuthenticationDeps,
  slug: string,
  format: 'oauth' | 'problem',
): TenantView {
  const tenant = deps.tenants.findBySlug(slug);
  if (tenant && tenant.status === 'active') return tenant;
  const error: HttpError =
    format === 'oauth' ? OAuthErrors.invalidRequest('Unknown tenant.') : Problems.notFound('No such tenant.');
  throw error;
}
