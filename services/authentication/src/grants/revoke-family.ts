import type { AuthenticationDeps } from '../deps';
import type { IssuedAccessToken } from '../store/refresh-token-store';
import type { GrantContext } from './grant';

interface Owner {
  tenantId: string;
  clientId: string;
}

/** Puts a family's unexpired access tokens on the revocation list, which every region learns through the broker. */
async function revokeAccessTokens(
  deps: Pick<AuthenticationDeps, 'revocations'>,
  owner: Owner,
  tokens: IssuedAccessToken[],
  now: Date,
): Promise<void> {
  for (const t of tokens) {
    if (t.expiresAt <= now) continue;
    await deps.revocations.revoke(
      {
        tokenId: t.jti,
        kind: 'access_token',
        tenantId: owner.tenantId,
        clientId: owner.clientId,
        expiresAt: t.expiresAt,
      },
      now,
    );
  }
}

/**
 * Revokes everything a family issued: its refresh tokens at once, and its access tokens through
 * the revocation list. Used when a code is replayed or a rotated refresh token comes back:
 * either way a copy is in someone else's hands.
 * https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export async function revokeFamily(
  ctx: GrantContext,
  familyId: string,
  owner: Owner & { userId: string },
): Promise<void> {
  const accessTokens = await ctx.deps.refreshTokens.revokeFamily(familyId, owner, ctx.now);
  await revokeAccessTokens(ctx.deps, owner, accessTokens, ctx.now);
}

/**
 * RFC 7009 for refresh tokens: a refresh token of this client revokes its family, access tokens
 * included. Anything else (unknown, another client's) changes nothing and is not reported.
 * https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function revokeRefreshToken(
  deps: AuthenticationDeps,
  tenantId: string,
  clientId: string,
  token: string,
  now: Date,
): Promise<void> {
  const revoked = await deps.refreshTokens.revokeToken(tenantId, clientId, token, now);
  if (revoked.revoked) await revokeAccessTokens(deps, { tenantId, clientId }, revoked.accessTokens, now);
}

/**
 * Signing out ends what the session granted: every family started in the SSO session is revoked,
 * refresh tokens at once and access tokens through the revocation list.
 * https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export async function revokeSessionGrants(
  deps: Pick<AuthenticationDeps, 'refreshTokens' | 'revocations'>,
  tenantId: string,
  sessionId: string,
  now: Date,
): Promise<void> {
  for (const { owner, accessTokens } of await deps.refreshTokens.revokeSession(tenantId, sessionId, now))
    await revokeAccessTokens(deps, owner, accessTokens, now);
}

/**
 * A new password ends what the old one obtained: every family of the user (but those of the
 * session the change was made from) is revoked, refresh tokens at once and access tokens through
 * the revocation list.
 */
export async function revokeUserGrants(
  deps: Pick<AuthenticationDeps, 'refreshTokens' | 'revocations'>,
  tenantId: string,
  userId: string,
  now: Date,
  keepSessionId?: string,
): Promise<void> {
  for (const { owner, accessTokens } of await deps.refreshTokens.revokeUser(
    tenantId,
    userId,
    now,
    keepSessionId,
  ))
    await revokeAccessTokens(deps, owner, accessTokens, now);
}
