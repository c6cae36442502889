import { z } from 'zod';
import { defineRoute, OAuthErrors, type AnyRoute } from '@idaas/http';
import { authenticateClient } from '../client-auth/authenticate-client';
import type { AuthenticationDeps } from '../deps';
import { signAccessToken } from '../domain/access-token';
import { clientCredentialsScope } from '../grants/client-credentials';
import { activeTenant, tenantParams } from './tenant-step';
import { tokenTarget } from './token-target';

/** Parameters the token endpoint reads; anything else is dropped before the grant runs. */
const tokenRequest = z.object({
  grant_type: z.string().min(1),
  scope: z.string().max(2000).optional(),
  resource: z.string().url().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number(),
  scope: z.string(),
});

/**
 * Token endpoint, as a pipeline: tenant, client authentication, grant, target (RFC 8707), scope, then issue.
 * https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export const tokenRoute = (deps: AuthenticationDeps): AnyRoute =>
  defineRoute({
    method: 'post',
    path: '/t/:tenant/oauth2/token',
    operationId: 'token',
    summary: 'OAuth 2.0 token endpoint (client_credentials)',
    tags: ['oauth2'],
    params: tenantParams,
    body: tokenRequest,
    bodyTypes: ['form'],
    errorFormat: 'oauth',
    responses: {
      200: { description: 'Issued', schema: tokenResponse },
      400: { description: 'OAuth error', contentType: 'application/json' },
      401: { description: 'Client authentication failed', contentType: 'application/json' },
    },
    handler: async ({ params, body, req }) => {
      const now = deps.clock();
      const tenant = activeTenant(deps, params.tenant, 'oauth');
      const app = authenticateClient(req, tenant.tenantId, deps.applications, now);
      if (body.grant_type !== 'client_credentials') {
        throw OAuthErrors.unsupportedGrantType(`Unsupported grant_type ${body.grant_type.slice(0, 40)}.`);
      }
      const issuer = deps.issuerOf(tenant);
      const target = tokenTarget(deps, tenant, issuer, body.resource);
      const scope = clientCredentialsScope(app, body.scope, target, deps.access);
      const key = await deps.keys.activeKey(tenant, app.accessTokenSigningAlg);
      const accessToken = await signAccessToken(
        {
          issuer,
          subject: app.applicationId,
          audience: target.audience,
          clientId: app.applicationId,
          scope,
          tenantId: tenant.tenantId,
          region: deps.region,
          ttlSeconds: app.accessTokenTtlSeconds,
        },
        key,
        now,
      );
      // RFC 6749 section 5.1: token responses must not be cached.
      return {
        status: 200,
        headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
        body: {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: app.accessTokenTtlSeconds,
          scope: scope.join(' '),
        },
      };
    },
  });
