import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { AuthenticationDeps } from '../deps';
import { activeTenant, tenantParams } from './tenant-step';

/** The public keys this region signs the tenant's tokens with (RFC 7517). */
export const jwksRoute = (deps: AuthenticationDeps): AnyRoute =>
  defineRoute({
    method: 'get',
    path: '/t/:tenant/.well-known/jwks.json',
    operationId: 'jwks',
    summary: "The tenant's public signing keys in this region",
    tags: ['oauth2'],
    params: tenantParams,
    responses: {
      200: { description: 'JWK set', schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
    },
    handler: async ({ params }) => {
      const tenant = activeTenant(deps, params.tenant, 'problem');
      return {
        status: 200,
        headers: { 'Cache-Control': 'public, max-age=300' },
        body: { keys: await deps.keys.publicJwks(tenant.tenantId) },
      };
    },
  });
