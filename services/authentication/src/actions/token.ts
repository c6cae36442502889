import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { AuthenticationDeps } from '../deps';
import { grantFor } from '../grants';
import { activeTenant, tenantParams } from './tenant-step';
import { callingClient } from './client-step';

/** Parameters the token endpoint reads; anything else is dropped before the grant runs. */
const tokenRequest = z.object({
  grant_type: z.string().min(1),
  scope: z.string().max(2000).optional(),
  resource: z.string().url().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  client_assertion: z.string().max(8000).optional(),
  client_assertion_type: z.string().max(200).optional(),
  code: z.string().max(512).optional(),
  redirect_uri: z.string().max(2000).optional(),
  code_verifier: z.string().max(256).optional(),
  refresh_token: z.string().max(512).optional(),
  device_code: z.string().max(512).optional(),
});

const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number(),
  scope: z.string(),
  id_token: z.string().optional(),
  refresh_token: z.string().optional(),
});

/**
 * Token endpoint, as a pipeline: tenant, client authentication, then the grant the request names
 * (one module per grant type in `grants/`), which checks its own parameters and issues.
 * https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export const tokenRoute = (deps: AuthenticationDeps): AnyRoute =>
  defineRoute({
    method: 'post',
    path: '/t/:tenant/oauth2/token',
    operationId: 'token',
    summary: 'OAuth 2.0 token endpoint (authorization_code, refresh_token, client_credentials, device_code)',
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
      const app = await callingClient(deps, req, tenant, now);
      const grant = grantFor(body.grant_type);
      const issued = await grant.run({ deps, tenant, app, issuer: deps.issuerOf(tenant), now }, body);
      // RFC 6749 section 5.1: token responses must not be cached.
      return {
        status: 200,
        headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
        body: issued,
      };
    },
  });
