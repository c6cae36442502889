import { z } from 'zod';
import { defineRoute, OAuthErrors, type AnyRoute } from '@idaas/http';
import type { AuthenticationDeps } from '../deps';
import { validAccessToken } from '../domain/token-validity';
import { clientAuthParams } from './client-auth-params';
import { activeTenant, tenantParams } from './tenant-step';
import { revokeRefreshToken } from '../grants/revoke-family';
import { callingClient } from './client-step';

const revocationRequest = z.object({
  token: z.string().max(8000),
  token_type_hint: z.string().max(100).optional(),
  ...clientAuthParams,
});

/**
 * Token revocation (RFC 7009): tenant, client authentication, the token's owner, then record
 * the revocation here and announce it to every other region.
 * https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export const revokeRoute = (deps: AuthenticationDeps): AnyRoute =>
  defineRoute({
    method: 'post',
    path: '/t/:tenant/oauth2/revoke',
    operationId: 'revoke',
    summary: 'OAuth 2.0 token revocation (RFC 7009)',
    tags: ['oauth2'],
    params: tenantParams,
    body: revocationRequest,
    bodyTypes: ['form'],
    errorFormat: 'oauth',
    responses: {
      200: { description: 'Revoked, or not a valid token (the same answer)' },
      400: { description: 'OAuth error', contentType: 'application/json' },
      401: { description: 'Client authentication failed', contentType: 'application/json' },
    },
    handler: async ({ params, body, req }) => {
      const now = deps.clock();
      const tenant = activeTenant(deps, params.tenant, 'oauth');
      const app = await callingClient(deps, req, tenant, now);
      const valid = await validAccessToken(body.token, {
        tenantId: tenant.tenantId,
        keyFor: (kid) => deps.publishedKeys.trusted(kid),
        isRevoked: (jti) => deps.revocations.isRevoked('access_token', jti, now),
        now,
      });
      // Section 2.2: an invalid, expired or already revoked token is answered with 200 all the same.
      if (!valid) {
        // Section 2.1: refresh tokens are revoked too, with everything their family issued.
        await revokeRefreshToken(deps, tenant.tenantId, app.applicationId, body.token, now);
        return { status: 200, headers: { 'Cache-Control': 'no-store' } };
      }
      // Section 2.1: the token must have been issued to the client asking.
      if (valid.clientId !== app.applicationId)
        throw OAuthErrors.invalidRequest('The token was not issued to this client.');
      await deps.revocations.revoke(
        {
          tokenId: valid.claims.jti,
          kind: 'access_token',
          tenantId: tenant.tenantId,
          clientId: app.applicationId,
          expiresAt: new Date(valid.claims.exp * 1000),
        },
        now,
      );
      return { status: 200, headers: { 'Cache-Control': 'no-store' } };
    },
  });
