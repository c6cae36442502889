import { z } from 'zod';
import { defineRoute, OAuthErrors, type AnyRoute } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';
import { validAccessToken, type ValidAccessToken } from '../domain/token-validity';
import { clientAuthParams } from './client-auth-params';
import { tenantParams } from './tenant-step';
import { callingClient } from './client-step';

const introspectionRequest = z.object({
  token: z.string().max(8000),
  token_type_hint: z.string().max(100).optional(),
  ...clientAuthParams,
});

const introspectionResponse = z.object({
  active: z.boolean(),
  scope: z.string().optional(),
  client_id: z.string().optional(),
  sub: z.string().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  iss: z.string().optional(),
  exp: z.number().optional(),
  iat: z.number().optional(),
  jti: z.string().optional(),
  token_type: z.literal('Bearer').optional(),
  tenant: z.string().optional(),
  region: z.string().optional(),
});

/**
 * Step: the tenant of the path, known to this region and not deleted. A suspended tenant's
 * resource servers may still ask, so they learn its tokens are no longer active.
 */
function introspectingTenant(deps: AuthenticationDeps, slug: string): TenantView {
  const tenant = deps.tenants.findBySlug(slug);
  if (!tenant || tenant.status === 'deleted') throw OAuthErrors.invalidRequest('Unknown tenant.');
  return tenant;
}

/**
 * Step: whoever the token speaks for may still hold tokens. The tenant must be active, and a
 * user (any `sub` that is not the client itself, which client_credentials tokens carry) must
 * still be active: disabled, locked or deleted users' tokens stop working before they expire.
 * Users live in the region that issued their token, so only this region's users can be checked.
 */
async function holderMayUseIt(
  deps: AuthenticationDeps,
  tenant: TenantView,
  valid: ValidAccessToken,
): Promise<boolean> {
  if (tenant.status !== 'active') return false;
  const sub = valid.claims.sub;
  if (sub === valid.clientId) return true;
  if (valid.region !== undefined && valid.region !== deps.region) return true;
  const user = await deps.users.findById(tenant.tenantId, sub);
  return user?.state === 'active';
}

/**
 * Token introspection (RFC 7662), as a pipeline: tenant, client authentication, validity, holder.
 * Anything not valid at this tenant is `{active: false}`, without saying why (section 2.2).
 * https://www.rfc-editor.org/rfc/rfc7662#section-2
 */
export const introspectRoute = (deps: AuthenticationDeps): AnyRoute =>
  defineRoute({
    method: 'post',
    path: '/t/:tenant/oauth2/introspect',
    operationId: 'introspect',
    summary: 'OAuth 2.0 token introspection (RFC 7662)',
    tags: ['oauth2'],
    params: tenantParams,
    body: introspectionRequest,
    bodyTypes: ['form'],
    errorFormat: 'oauth',
    responses: {
      200: {
        description: 'Whether the token is active, and its claims when it is',
        schema: introspectionResponse,
      },
      400: { description: 'OAuth error', contentType: 'application/json' },
      401: { description: 'Client authentication failed', contentType: 'application/json' },
    },
    handler: async ({ params, body, req }) => {
      const now = deps.clock();
      const tenant = introspectingTenant(deps, params.tenant);
      await callingClient(deps, req, tenant, now);
      const valid = await validAccessToken(body.token, {
        tenantId: tenant.tenantId,
        keyFor: (kid) => deps.publishedKeys.trusted(kid),
        isRevoked: (jti) => deps.revocations.isRevoked('access_token', jti, now),
        now,
      });
      const headers = { 'Cache-Control': 'no-store' };
      if (!valid || !(await holderMayUseIt(deps, tenant, valid)))
        return { status: 200, headers, body: { active: false } };
      const { claims } = valid;
      return {
        status: 200,
        headers,
        body: {
          active: true,
          scope: valid.scope,
          client_id: valid.clientId,
          sub: claims.sub,
          ...(claims.aud === undefined ? {} : { aud: claims.aud }),
          ...(claims.iss === undefined ? {} : { iss: claims.iss }),
          exp: claims.exp,
          iat: claims.iat,
          jti: claims.jti,
          token_type: 'Bearer' as const,
          tenant: tenant.tenantId,
          ...(valid.region ? { region: valid.region } : {}),
        },
      };
    },
  });
