import { z } from 'zod';
import { defineEvent } from '../catalog';

/** What can be revoked: an access token by its `jti`, or (later) a refresh token family. */
export const revokedTokenKind = z.enum(['access_token', 'refresh_token_family']);

/**
 * Carries ids and an expiry only, never claims about a person: every other region records the
 * id as revoked until it would have expired anyway.
 */
export const TokenRevokedV1 = defineEvent({
  type: 'idaas.token.revoked.v1',
  stream: 'auth',
  description:
    "A token was revoked at a region's revocation endpoint (RFC 7009). Every region's key manager records the token id until expiresAt, so the token stops being valid everywhere.",
  data: z.object({
    tokenId: z.string().min(1).max(200),
    kind: revokedTokenKind,
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    expiresAt: z.string().datetime({ offset: true }),
  }),
});
