import type { GrantContext } from './grant';

/**
 * Revokes everything a family issued: its refresh tokens at once, and its access tokens through
 * the revocation list, which every region learns through the broker. Used when a code is replayed
 * or a rotated refresh token comes back: either way a copy is in someone else's hands.
 * https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export async function revokeFamily(
  ctx: GrantContext,
  familyId: string,
  owner: { tenantId: string; clientId: string; userId: string },
): Promise<void> {
  const accessTokens = await ctx.deps.refreshTokens.revokeFamily(familyId, owner, ctx.now);
  for (const token of accessTokens) {
    if (token.expiresAt <= ctx.now) continue;
    await ctx.deps.revocations.revoke(
      {
        tokenId: token.jti,
        kind: 'access_token',
        tenantId: owner.tenantId,
        clientId: owner.clientId,
        expiresAt: token.expiresAt,
      },
      ctx.now,
    );
  }
}
