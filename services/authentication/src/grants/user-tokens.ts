import { randomUUID } from 'node:crypto';
import { OAuthErrors } from '@idaas/http';
import type { User } from '@idaas/identity';
import { tokenTarget } from '../actions/token-target';
import { signAccessToken } from '../domain/access-token';
import { userGrants } from '../domain/group-memberships';
import { signIdToken } from '../domain/id-token';
import { userClaims } from '../domain/user-claims';
import type { FamilyOwner } from '../store/refresh-token-store';
import type { GrantContext, TokenResponseBody } from './grant';

/** A user's authorization as both user grants carry it: from the code, then from refresh token to refresh token. */
export interface UserAuthorization {
  userId: string;
  scope: string[];
  sessionId: string;
  authTime: Date;
  amr: string[];
  acr?: string;
  resource?: string;
  /** Only on the code's redemption: an ID token from a refresh carries none. */
  nonce?: string;
}

/**
 * Pipeline step of the user grants: the user must still exist and be active in the tenant.
 * A disabled, locked or deleted user gets no new tokens however valid the grant.
 */
export async function activeUser(ctx: GrantContext, userId: string): Promise<User> {
  const user = await ctx.deps.users.findById(ctx.tenant.tenantId, userId);
  if (!user || user.state !== 'active') throw OAuthErrors.invalidGrant('The user may not sign in.');
  return user;
}

/**
 * Whether the client gets a refresh token: it must be allowed the refresh_token grant, and either
 * the user granted `offline_access` (OpenID Connect Core section 11) or the application is
 * first-party, whose users need no consent to stay signed in.
 */
export function offersRefresh(ctx: GrantContext, scope: readonly string[]): boolean {
  return (
    ctx.app.grantTypes.includes('refresh_token') && (scope.includes('offline_access') || ctx.app.firstParty)
  );
}

/** Refresh tokens live as long as the shorter of the tenant's policy and the application's setting. */
export function refreshExpiry(ctx: GrantContext): Date {
  const policy = ctx.deps.policies.effectiveFor(ctx.tenant.tenantId, ctx.app.applicationId).policy;
  const seconds = Math.min(policy.tokens.refreshTokenSeconds, ctx.app.refreshTokenTtlSeconds);
  return new Date(ctx.now.getTime() + seconds * 1000);
}

/** The token family the tokens join; `openFor` when this issue starts it (a code's redemption). */
export interface TokenFamily {
  id: string;
  openFor?: FamilyOwner;
}

/**
 * Signs the access token (RFC 9068, the user as `sub`) and, with `openid`, the ID token; records
 * the access token in the family so revoking the family can name it. A family revoked meanwhile
 * (a replayed code overtook this redemption) gets nothing.
 */
export async function issueUserTokens(
  ctx: GrantContext,
  user: User,
  authz: UserAuthorization,
  family: TokenFamily,
  /** The scope of the refresh token, when it differs from this access token's (a narrowed refresh). */
  refreshScope: readonly string[] = authz.scope,
): Promise<TokenResponseBody> {
  const familyId = family.id;
  const { deps, tenant, app, issuer, now } = ctx;
  const target = tokenTarget(deps, tenant, issuer, authz.resource);
  const jti = randomUUID();
  const accessToken = await signAccessToken(
    {
      issuer,
      subject: user.userId,
      audience: target.audience,
      clientId: app.applicationId,
      scope: authz.scope,
      tenantId: tenant.tenantId,
      region: deps.region,
      ttlSeconds: app.accessTokenTtlSeconds,
      jwtId: jti,
      // A refresh carries the original sign-in's time and methods: refreshing is no new sign-in.
      authentication: {
        authTime: authz.authTime,
        amr: authz.amr,
        ...(authz.acr === undefined ? {} : { acr: authz.acr }),
      },
    },
    await deps.keys.activeKey(tenant, app.accessTokenSigningAlg),
    now,
  );
  const issued = { jti, expiresAt: new Date(now.getTime() + app.accessTokenTtlSeconds * 1000) };
  const recorded = family.openFor
    ? await deps.refreshTokens.openFamily(familyId, family.openFor, now, issued)
    : await deps.refreshTokens.recordAccessToken(familyId, issued);
  if (!recorded) throw OAuthErrors.invalidGrant('The grant was revoked.');
  const body: TokenResponseBody = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: app.accessTokenTtlSeconds,
    scope: authz.scope.join(' '),
  };
  if (authz.scope.includes('openid')) {
    const access = userGrants(deps, tenant.tenantId, user.userId);
    body.id_token = await signIdToken(
      {
        issuer,
        clientId: app.applicationId,
        user: userClaims(user, authz.scope, access),
        authTime: authz.authTime,
        sessionId: authz.sessionId,
        amr: authz.amr,
        ...(authz.acr === undefined ? {} : { acr: authz.acr }),
        ...(authz.nonce === undefined ? {} : { nonce: authz.nonce }),
        accessToken,
        ttlSeconds: app.idTokenTtlSeconds,
      },
      await deps.keys.activeKey(tenant, app.idTokenSigningAlg),
      now,
    );
  }
  if (offersRefresh(ctx, refreshScope)) {
    body.refresh_token = await deps.refreshTokens.issue(
      {
        tenantId: tenant.tenantId,
        clientId: app.applicationId,
        userId: user.userId,
        familyId,
        scope: [...refreshScope],
        sessionId: authz.sessionId,
        authTime: authz.authTime,
        amr: authz.amr,
        ...(authz.acr === undefined ? {} : { acr: authz.acr }),
        ...(authz.resource === undefined ? {} : { resource: authz.resource }),
      },
      refreshExpiry(ctx),
      now,
    );
  }
  return body;
}
