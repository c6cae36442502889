import { z } from 'zod';
import { defineEvent } from '../catalog';

export const applicationKind = z.enum(['web', 'spa', 'native', 'm2m']);
export const grantType = z.enum([
  'authorization_code',
  'refresh_token',
  'client_credentials',
  /** OAuth 2.0 Device Authorization Grant (RFC 8628): CLIs, TVs and other devices without a browser. */
  'urn:ietf:params:oauth:grant-type:device_code',
]);
export const clientAuthMethod = z.enum([
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
]);
export const signingAlg = z.enum(['RS256', 'ES256', 'EdDSA']);

/**
 * What a region needs to run an OIDC client. Secrets appear only as verifiers (SHA-256 of a
 * 256-bit random secret): enough to check a presented secret, useless to present one. The
 * secret itself is shown once to the admin and never leaves the management plane.
 */
export const applicationSnapshot = z.object({
  applicationId: z.string(),
  tenantId: z.string(),
  name: z.string(),
  kind: applicationKind,
  confidential: z.boolean(),
  firstParty: z.boolean(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  /** OpenID Connect Back-Channel Logout 1.0: where the region POSTs a Logout Token when a session ends. */
  backchannelLogoutUri: z.string().optional(),
  /** Whether the application needs `sid` in Logout Tokens (ours always carry it). */
  backchannelLogoutSessionRequired: z.boolean().optional(),
  /**
   * RFC 9126 section 6 (client metadata `require_pushed_authorization_requests`): the authorization
   * endpoint takes this application's requests only through a `request_uri`. Absent means false.
   */
  requirePushedAuthorizationRequests: z.boolean().optional(),
  grantTypes: z.array(grantType),
  scopes: z.array(z.string()),
  tokenEndpointAuthMethod: clientAuthMethod,
  idTokenSigningAlg: signingAlg,
  accessTokenSigningAlg: signingAlg,
  accessTokenTtlSeconds: z.number().int().positive(),
  idTokenTtlSeconds: z.number().int().positive(),
  refreshTokenTtlSeconds: z.number().int().positive(),
  jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).optional(),
  jwksUri: z.string().optional(),
  secretVerifiers: z.array(
    z.object({ id: z.string(), sha256: z.string(), expiresAt: z.string().optional() }),
  ),
  status: z.enum(['active', 'deleted']),
  version: z.number().int().positive(),
});

export const ApplicationChangedV1 = defineEvent({
  type: 'idaas.application.changed.v1',
  stream: 'config',
  description:
    'An application (OIDC client) was created, changed, had its secret rotated, or was deleted (status deleted). Carries the whole application with its version; regions keep the highest version.',
  data: applicationSnapshot,
});
