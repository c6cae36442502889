import type { Request } from 'express';
import { z } from 'zod';
import type { JWK } from 'jose';
import { bearerToken, defineRoute, HttpError, type AnyRoute, type TrustedKey } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';
import { userGrants } from '../domain/group-memberships';
import { validAccessToken, type ValidAccessToken } from '../domain/token-validity';
import { userClaims } from '../domain/user-claims';
import { activeTenant, tenantParams } from './tenant-step';

/** RFC 6750 section 3: failures say so in WWW-Authenticate, with the error code when a token was sent. */
export const bearerError = (
  status: 401 | 403,
  code: 'invalid_token' | 'insufficient_scope' | undefined,
  detail: string,
) =>
  new HttpError(status, code ?? 'invalid_request', detail, {
    format: 'oauth',
    expose: true,
    headers: { 'WWW-Authenticate': code ? `Bearer error="${code}"` : 'Bearer' },
  });

/**
 * Keys a token of this tenant may be signed with: those every region published, and this region's
 * own ones, which its JWKS serves before their publication has come back through the broker.
 */
export async function tenantKeys(
  deps: AuthenticationDeps,
  tenantId: string,
): Promise<(kid: string) => TrustedKey | undefined> {
  const local: JWK[] = await deps.keys.publicJwks(tenantId);
  return (kid) => {
    const published = deps.publishedKeys.trusted(kid);
    if (published) return published;
    const own = local.find((k) => k.kid === kid);
    return own ? { tenantId, publicJwk: own } : undefined;
  };
}

/**
 * UserInfo (OpenID Connect Core section 5.3): the claims of the granted scopes about the user an
 * access token of this tenant was issued for. The token must be for this issuer (its `aud`), carry
 * `openid`, not be revoked, and its user must still be active.
 * https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
function userinfo(deps: AuthenticationDeps, method: 'get' | 'post'): AnyRoute {
  return defineRoute({
    method,
    path: '/t/:tenant/oauth2/userinfo',
    operationId: method === 'get' ? 'userinfo' : 'userinfoPost',
    summary: 'OpenID Connect UserInfo',
    tags: ['oauth2'],
    params: tenantParams,
    errorFormat: 'oauth',
    responses: {
      200: { description: 'Claims about the user', schema: z.record(z.string(), z.unknown()) },
      401: {
        description: 'Missing, invalid, expired or revoked access token',
        contentType: 'application/json',
      },
      403: { description: 'The token lacks the openid scope', contentType: 'application/json' },
    },
    handler: async ({ params, req }) => {
      const tenant = activeTenant(deps, params.tenant, 'oauth');
      const valid = await issuerAccessToken(deps, tenant, req);
      const scope = valid.scope.split(' ');
      if (!scope.includes('openid'))
        throw bearerError(403, 'insufficient_scope', 'The token lacks the openid scope.');
      const user = await activeUserOf(deps, tenant, valid.claims.sub);
      const access = userGrants(deps, tenant.tenantId, user.userId);
      return {
        status: 200,
        headers: { 'Cache-Control': 'no-store' },
        body: userClaims(user, scope, access),
      };
    },
  });
}

/**
 * Pipeline step: the bearer access token, valid for this tenant (signature by one of its keys,
 * not expired, not revoked) and issued for this issuer. Used by UserInfo and the /me routes here.
 */
export async function issuerAccessToken(
  deps: AuthenticationDeps,
  tenant: TenantView,
  req: Request,
): Promise<ValidAccessToken> {
  const now = deps.clock();
  const token = bearerToken(req);
  if (!token) throw bearerError(401, undefined, 'A bearer access token is required.');
  const valid = await validAccessToken(token, {
    tenantId: tenant.tenantId,
    keyFor: await tenantKeys(deps, tenant.tenantId),
    isRevoked: (jti) => deps.revocations.isRevoked('access_token', jti, now),
    now,
  });
  const audience = valid?.claims.aud;
  const issuer = deps.issuerOf(tenant);
  const forUs = Array.isArray(audience) ? audience.includes(issuer) : audience === issuer;
  if (!valid || !forUs)
    throw bearerError(401, 'invalid_token', 'The access token is invalid, expired or revoked.');
  return valid;
}

/** Pipeline step: the user a token names, if they may still sign in. */
export async function activeUserOf(deps: AuthenticationDeps, tenant: TenantView, userId: string) {
  const user = await deps.users.findById(tenant.tenantId, userId);
  if (!user || user.state !== 'active')
    throw bearerError(401, 'invalid_token', 'The user may no longer sign in.');
  return user;
}

export const userinfoRoute = (deps: AuthenticationDeps): AnyRoute[] => [
  userinfo(deps, 'get'),
  userinfo(deps, 'post'),
];
