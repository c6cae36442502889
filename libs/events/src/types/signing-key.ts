import { z } from 'zod';
import { defineEvent } from '../catalog';

/** A public JWK as published: never any private member (d, p, q, dp, dq, qi, k). */
const publicJwk = z
  .object({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.literal('sig') })
  .catchall(z.unknown())
  .refine(
    (jwk) => !['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((m) => m in jwk),
    'must not contain private key material',
  );

export const SigningKeyPublishedV1 = defineEvent({
  type: 'idaas.signingkey.published.v1',
  stream: 'keys',
  description:
    "A region's key manager made, retired or removed a signing key of a tenant. Carries only the public JWK; the management plane aggregates them into the tenant's JWKS.",
  data: z.object({
    tenantId: z.string(),
    region: z.string(),
    kid: z.string(),
    status: z.enum(['active', 'retired', 'removed']),
    publicJwk,
    version: z.number().int().positive(),
  }),
});
