import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { AuthenticationDeps } from '../deps';
import { activeTenant, tenantParams } from './tenant-step';

/**
 * Authorization server metadata (RFC 8414), listing exactly what works today. The OpenID
 * Connect discovery document comes with the authorization endpoint, which it requires.
 */
export const metadataRoute = (deps: AuthenticationDeps): AnyRoute =>
  defineRoute({
    method: 'get',
    path: '/t/:tenant/.well-known/oauth-authorization-server',
    operationId: 'authorizationServerMetadata',
    summary: 'OAuth 2.0 authorization server metadata of a tenant',
    tags: ['oauth2'],
    params: tenantParams,
    responses: { 200: { description: 'Metadata', schema: z.record(z.string(), z.unknown()) } },
    handler: async ({ params }) => {
      const tenant = activeTenant(deps, params.tenant, 'problem');
      const issuer = deps.issuerOf(tenant);
      return {
        status: 200,
        body: {
          issuer,
          token_endpoint: `${issuer}/oauth2/token`,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          grant_types_supported: ['client_credentials'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          scopes_supported: [],
          response_types_supported: [],
        },
      };
    },
  });
