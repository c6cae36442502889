import { z } from 'zod';
import { OAuthErrors } from '@idaas/http';
import { pkceSatisfied } from '../domain/pkce';
import { RefreshTokenStore } from '../store/refresh-token-store';
import { defineGrant } from './grant';
import { revokeFamily } from './revoke-family';
import { activeUser, issueUserTokens } from './user-tokens';

const invalidCode = () =>
  OAuthErrors.invalidGrant('The authorization code is invalid, expired or already used.');

/**
 * `authorization_code`: redeems a code the hosted pages issued, exactly once.
 * https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * https://openid.net/specs/openid-connect-core-1_0.html#TokenRequestValidation
 */
export const authorizationCodeGrant = defineGrant({
  type: 'authorization_code',
  params: z.object({
    code: z.string().min(1).max(512),
    redirect_uri: z.string().min(1).max(2000),
    code_verifier: z.string().max(256).optional(),
  }),
  handle: async (ctx, params) => {
    const { deps, tenant, app, now } = ctx;
    const redeemed = await deps.codes.redeem(tenant.tenantId, params.code, now);
    if (!('grant' in redeemed)) throw invalidCode();
    const { grant, codeId } = redeemed;
    // A code of another tenant or client is as unknown as a made-up one.
    if (grant.tenantId !== tenant.tenantId || grant.clientId !== app.applicationId) throw invalidCode();
    const familyId = RefreshTokenStore.familyOfCode(tenant.tenantId, codeId);
    const owner = {
      tenantId: tenant.tenantId,
      clientId: app.applicationId,
      userId: grant.userId,
      sessionId: grant.sessionId,
    };
    // RFC 6749 section 4.1.2: a code used twice revokes what the first use issued.
    if (redeemed.outcome === 'replayed') {
      await revokeFamily(ctx, familyId, owner);
      throw invalidCode();
    }
    // RFC 6749 section 4.1.3: redirect_uri must be identical to the one of the authorization request.
    if (params.redirect_uri !== grant.redirectUri)
      throw OAuthErrors.invalidGrant('redirect_uri does not match.');
    // RFC 7636 section 4.6; public clients are held to PKCE when the code is issued.
    if (!pkceSatisfied(grant.codeChallenge, params.code_verifier)) {
      throw OAuthErrors.invalidGrant('The code_verifier does not match the code_challenge.');
    }
    const user = await activeUser(ctx, grant.userId);
    // The family opens with the first access token in one write; a replay that overtook this
    // redemption has revoked it already, and then nothing is issued.
    return issueUserTokens(ctx, user, grant, { id: familyId, openFor: owner });
  },
});
