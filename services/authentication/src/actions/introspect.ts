import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import { authenticateClient } from '../client-auth/authenticate-client';
import type { AuthenticationDeps } from '../deps';
import { validAccessToken } from '../domain/token-validity';
import { clientAuthParams } from './client-auth-params';
import { activeTenant, tenantParams } from './tenant-step';

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
 * Token introspection (RFC 7662), as a pipeline: tenant, client authentication, validity.
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
      const tenant = activeTenant(deps, params.tenant, 'oauth');
      await authenticateClient(req, tenant.tenantId, deps.applications, now, deps.clientAssertions(tenant));
      const valid = await validAccessToken(body.token, {
        tenantId: tenant.tenantId,
        keyFor: (kid) => deps.publishedKeys.trusted(kid),
        isRevoked: (jti) => deps.revocations.isRevoked('access_token', jti, now),
        now,
      });
      const headers = { 'Cache-Control': 'no-store' };
      if (!valid) return { status: 200, headers, body: { active: false } };
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
