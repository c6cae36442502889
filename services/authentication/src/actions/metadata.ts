import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { AuthenticationDeps } from '../deps';
import { ASSERTION_SIGNING_ALGS } from '../client-auth/assertion-claims';
import { activeTenant, tenantParams } from './tenant-step';
import { frontChannelMetadata } from '../hosted/metadata';
import { GRANTS } from '../grants';
import { signingAlg } from '@idaas/events';
import { ACCESS_CLAIMS, SCOPE_CLAIMS } from '../domain/user-claims';

/** Claims our ID tokens carry besides the user's (OpenID Connect Core section 2). */
const ID_TOKEN_CLAIMS = [
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'sid',
  'at_hash',
];

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
          grant_types_supported: GRANTS.map((g) => g.type),
          // `none`: public clients, which the authorization_code grant holds to PKCE.
          token_endpoint_auth_methods_supported: [
            'client_secret_basic',
            'client_secret_post',
            'private_key_jwt',
            'none',
          ],
          userinfo_endpoint: `${issuer}/oauth2/userinfo`,
          id_token_signing_alg_values_supported: [...signingAlg.options],
          subject_types_supported: ['public'],
          claims_supported: [
            ...new Set([...Object.values(SCOPE_CLAIMS).flat(), ...ID_TOKEN_CLAIMS, ...ACCESS_CLAIMS]),
          ],
          token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_SIGNING_ALGS],
          // RFC 7662 and RFC 7009 endpoints authenticate clients exactly like the token endpoint.
          introspection_endpoint: `${issuer}/oauth2/introspect`,
          introspection_endpoint_auth_methods_supported: [
            'client_secret_basic',
            'client_secret_post',
            'private_key_jwt',
          ],
          revocation_endpoint: `${issuer}/oauth2/revoke`,
          revocation_endpoint_auth_methods_supported: [
            'client_secret_basic',
            'client_secret_post',
            'private_key_jwt',
          ],
          scopes_supported: [...Object.keys(SCOPE_CLAIMS), 'offline_access'],
          ...frontChannelMetadata(issuer),
        },
      };
    },
  });

/**
 * The same document where OpenID Connect clients look for it (OpenID Connect Discovery 1.0
 * section 4: the issuer with `/.well-known/openid-configuration` appended).
 */
export const openidConfigurationRoute = (deps: AuthenticationDeps): AnyRoute => ({
  ...metadataRoute(deps),
  path: '/t/:tenant/.well-known/openid-configuration',
  operationId: 'openidConfiguration',
  summary: 'OpenID Connect discovery document of a tenant',
});
