import type { Request } from 'express';
import type { ApplicationView, TenantView } from '@idaas/replica';
import { authenticateClient } from '../client-auth/authenticate-client';
import type { AuthenticationDeps } from '../deps';

/**
 * Pipeline step of the token, introspection and revocation endpoints: the client calling, by the
 * authentication method it registered (RFC 6749 section 2.3), for the tenant of the path.
 */
export function callingClient(
  deps: AuthenticationDeps,
  req: Request,
  tenant: TenantView,
  now: Date,
): Promise<ApplicationView> {
  return authenticateClient(req, tenant.tenantId, deps.applications, now, deps.clientAssertions(tenant));
}
