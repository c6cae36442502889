import type { Request } from 'express';
import type { User } from '@idaas/identity';
import { verifyAccessTokenJwt, type TrustedKey } from './access-token';
import { bearerToken } from './bearer';
import { Problems } from './errors';

/**
 * What every /me route shares in the OpenAPI document (its tag and the user's token), and the
 * answers of the caller check below. The lifecycle and registration services both serve /me routes.
 */
export const meRouteBase = { tags: ['me'], security: ['openid'] };
export const meDenied = {
  401: { description: "No valid access token of this tenant's issuer for an active user" },
  404: { description: 'No such tenant in this region' },
};

/** The tenant a /me route is called on, as the region's replica knows it. */
export interface MeTenant {
  tenantId: string;
  slug: string;
}

export interface MeCallerDeps {
  /** Keys every region's key manager published, by `kid`. */
  accessTokenKeys: (kid: string) => TrustedKey | undefined;
  users: { findById(tenantId: string, userId: string): Promise<User | undefined> };
  clock: () => Date;
}

const invalid = (detail: string) =>
  Problems.unauthorized(detail, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });

/**
 * Pipeline step of every /me route: the caller is the user an access token of this tenant's issuer
 * was issued for, as UserInfo checks it (RFC 9068 signature by a key we published, `typ`, expiry;
 * the tenant of the key; `aud` naming the tenant's issuer; the `openid` scope), and that user is
 * still active. A token issued before the user's last password change is refused: a new password
 * ends what the old one obtained, here as well as at the token endpoint. Anything else is 401, so
 * a token of another tenant or of a client (client_credentials) never reaches a user.
 * Shared by every service that serves a /me route (lifecycle, registration).
 */
export async function meCaller(deps: MeCallerDeps, req: Request, tenant: MeTenant): Promise<User> {
  return (await meCallerWithToken(deps, req, tenant)).user;
}

/** As `meCaller`, with the token's claims for the steps after it (a recent second factor). */
export async function meCallerWithToken(
  deps: MeCallerDeps,
  req: Request,
  tenant: MeTenant,
): Promise<{ user: User; token: Readonly<Record<string, unknown>> }> {
  const token = bearerToken(req);
  if (!token)
    throw Problems.unauthorized("The user's bearer access token is required.", {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  const { verified, claims } = await verifyAccessTokenJwt(token, {
    keyFor: deps.accessTokenKeys,
    clock: deps.clock,
  });
  if (verified.tenantId !== tenant.tenantId) throw invalid('The access token is for another tenant.');
  const issuer = typeof claims.iss === 'string' ? claims.iss : '';
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!issuer.endsWith(`/t/${tenant.slug}`) || !audiences.includes(issuer))
    throw invalid("The access token is not for this tenant's issuer.");
  if (!verified.scopes.has('openid'))
    throw invalid('The access token is not a user sign-in (no openid scope).');
  const user = await deps.users.findById(tenant.tenantId, verified.subject);
  if (!user || user.state !== 'active') throw invalid('The access token is invalid, expired or revoked.');
  const issuedAt = typeof claims.iat === 'number' ? claims.iat : 0;
  if (user.passwordChangedAt && issuedAt < Math.floor(user.passwordChangedAt.getTime() / 1000))
    throw invalid('The access token predates the last password change.');
  return { user, token: claims };
}
