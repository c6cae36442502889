import type { Request } from 'express';
import { MANAGEMENT_AUDIENCE, TENANT_ROLES, type Permission } from '@idaas/identity';
import { verifyAccessToken, type TrustedKey, type VerifiedAccessToken } from './access-token';
import { Problems } from './errors';

/** Admin API tokens are issued for this audience (the `resource` of the token request). */
export { MANAGEMENT_AUDIENCE };

export interface AdminGuardDeps {
  /** The public keys our regions published: the only keys admin tokens may be signed with. */
  keys: { trusted(kid: string): TrustedKey | undefined };
  systemTenantId: () => string | undefined;
  clock: () => Date;
}

export interface Need {
  permission: Permission;
  /** The tenant the route acts on, when it acts on one. */
  tenantId?: string;
}

/**
 * The one authorization step of every admin API, on the management plane and on the regions'
 * operator endpoints. Tokens of the system tenant carry platform permissions across tenants; a
 * tenant's own tokens act on that tenant only. A token of tenant A asking about tenant B gets
 * the same 404 as an unknown tenant: no 403, no detail, no data.
 */
export async function authorizeAdmin(
  deps: AdminGuardDeps,
  req: Request,
  need: Need,
): Promise<VerifiedAccessToken> {
  const token = await verifyAccessToken(req, {
    keyFor: (kid) => deps.keys.trusted(kid),
    audience: MANAGEMENT_AUDIENCE,
    clock: deps.clock,
  });
  const platform = token.tenantId === deps.systemTenantId();
  if (!platform && need.tenantId !== undefined && need.tenantId !== token.tenantId)
    throw Problems.notFound('No such tenant.');
  if (!platform && need.tenantId === undefined) throw Problems.forbidden('This needs a platform role.');
  // A tenant's own clients can hold at most what a tenant admin holds, whatever scopes they were given.
  const grantable = platform || (TENANT_ROLES.tenant_admin as readonly string[]).includes(need.permission);
  if (!grantable || !token.scopes.has(need.permission)) {
    throw Problems.forbidden(`This needs the ${need.permission} permission.`);
  }
  return token;
}
