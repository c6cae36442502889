import { z } from 'zod';
import { OAuthErrors } from '@idaas/http';
import { defineGrant } from './grant';
import { revokeFamily } from './revoke-family';
import { activeUser, issueUserTokens } from './user-tokens';

const invalidToken = () => OAuthErrors.invalidGrant('The refresh token is invalid, expired or revoked.');

/** Scope of the new tokens: the original one, or a subset of it (RFC 6749 section 6). */
export function narrowedScope(granted: readonly string[], requested: string | undefined): string[] {
  if (requested === undefined) return [...granted];
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  const wider = scopes.filter((s) => !granted.includes(s));
  if (wider.length > 0) throw OAuthErrors.invalidScope(`Not originally granted: ${wider.join(' ')}.`);
  return scopes;
}

/**
 * `refresh_token` with rotation: the presented token is used up and a new one of its family
 * issued. A rotated token presented again revokes the family (RFC 9700 section 4.14.2).
 * https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export const refreshTokenGrant = defineGrant({
  type: 'refresh_token',
  params: z.object({
    refresh_token: z.string().min(1).max(512),
    scope: z.string().max(2000).optional(),
  }),
  handle: async (ctx, params) => {
    const { deps, tenant, app, now } = ctx;
    // Scope is checked before the token is used up, so a request asking too much does not burn it.
    const presented = await deps.refreshTokens.find(
      tenant.tenantId,
      app.applicationId,
      params.refresh_token,
      now,
    );
    const scope = presented ? narrowedScope(presented.scope, params.scope) : [];
    const rotation = await deps.refreshTokens.rotate(
      tenant.tenantId,
      app.applicationId,
      params.refresh_token,
      now,
    );
    if (rotation.outcome === 'reused') {
      await revokeFamily(ctx, rotation.grant.familyId, rotation.grant);
      throw invalidToken();
    }
    if (rotation.outcome !== 'rotated') throw invalidToken();
    const { grant } = rotation;
    const user = await activeUser(ctx, grant.userId);
    // RFC 6749 section 6: the new refresh token has the scope of the one presented; only the access token is narrowed.
    return issueUserTokens(ctx, user, { ...grant, scope }, { id: grant.familyId }, grant.scope);
  },
});
