import { OAuthErrors } from '@idaas/http';
import { MANAGEMENT_AUDIENCE } from '@idaas/identity';
import type { ApiResourceView, TenantView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';

/** Who the token is for: its `aud`, and the tenant's own API when it is one. */
export interface TokenTarget {
  audience: string;
  api?: ApiResourceView;
}

/**
 * Pipeline step: the `resource` of the request (RFC 8707). Without one the token is for the
 * issuer itself; `urn:idaas:management` is our admin API; anything else must be the audience of
 * one of this tenant's API resources, known to this region.
 * https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function tokenTarget(
  deps: Pick<AuthenticationDeps, 'access'>,
  tenant: TenantView,
  issuer: string,
  resource: string | undefined,
): TokenTarget {
  if (resource === undefined || resource === issuer || resource === MANAGEMENT_AUDIENCE)
    return { audience: resource ?? issuer };
  const api = deps.access.apiByAudience(tenant.tenantId, resource);
  // RFC 8707 section 2: an unknown or unacceptable resource is invalid_target.
  if (!api) throw OAuthErrors.invalidTarget('Unknown resource for this tenant.');
  return { audience: api.audience, api };
}
