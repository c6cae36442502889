import { z } from 'zod';
import { applicationKind, applicationSnapshot, clientAuthMethod, grantType, signingAlg } from '@idaas/events';
import type { Application } from '../domain/application';

export const applicationParams = z.object({ tenantId: z.string().uuid(), applicationId: z.string().uuid() });

const ttl = (max: number) => z.number().int().min(60).max(max);

export const applicationSettingsBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: applicationKind,
    redirectUris: z.array(z.string().max(2000)).max(50).optional(),
    postLogoutRedirectUris: z.array(z.string().max(2000)).max(50).optional(),
    backchannelLogoutUri: z
      .string()
      .max(2000)
      .optional()
      .describe('Back-Channel Logout: https URL the region POSTs a Logout Token to when a session ends'),
    backchannelLogoutSessionRequired: z
      .boolean()
      .optional()
      .describe('Back-Channel Logout: the application needs `sid` in Logout Tokens (default false)'),
    requirePushedAuthorizationRequests: z
      .boolean()
      .optional()
      .describe(
        "RFC 9126 client metadata `require_pushed_authorization_requests`: the authorization endpoint refuses this application's requests without a `request_uri` from the pushed authorization request endpoint (default false)",
      ),
    grantTypes: z.array(grantType).min(1).optional(),
    scopes: z.array(z.string().min(1).max(200)).max(100).optional(),
    firstParty: z.boolean().optional(),
    tokenEndpointAuthMethod: clientAuthMethod.optional(),
    idTokenSigningAlg: signingAlg.optional(),
    accessTokenSigningAlg: signingAlg.optional(),
    accessTokenTtlSeconds: ttl(86400).optional(),
    idTokenTtlSeconds: ttl(86400).optional(),
    refreshTokenTtlSeconds: ttl(365 * 86400).optional(),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1).max(20) }).optional(),
    jwksUri: z.string().url().optional(),
  })
  .strict();

/** The admin's view: the replicated snapshot without secret verifiers, plus secret metadata. */
export const applicationResponse = applicationSnapshot
  .omit({ secretVerifiers: true, status: true, jwks: true, jwksUri: true })
  .extend({
    clientId: z.string(),
    secrets: z.array(z.object({ id: z.string(), createdAt: z.string(), expiresAt: z.string().optional() })),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    clientSecret: z
      .string()
      .optional()
      .describe('Present only in the response that created it; store it now.'),
  });

/** The admin's view: secrets appear as ids and dates, never as values or hashes. */
export function toApplicationResponse(
  app: Application,
  clientSecret?: string,
): z.infer<typeof applicationResponse> {
  const { secrets, createdAt, updatedAt, status: _s, jwks: _j, jwksUri: _u, ...rest } = app;
  return {
    ...rest,
    clientId: app.applicationId,
    secrets: secrets.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      ...(s.expiresAt ? { expiresAt: s.expiresAt.toISOString() } : {}),
    })),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    ...(clientSecret ? { clientSecret } : {}),
  };
}
