import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';

/**
 * The tenant's JWKS across every region: a resource server that trusts this one document
 * validates tokens from any region (each region publishes its public keys; private keys stay).
 */
export const aggregatedJwksRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    method: 'get',
    path: '/t/:tenant/.well-known/jwks.json',
    operationId: 'aggregatedJwks',
    summary: "The tenant's public signing keys from every region",
    tags: ['keys'],
    params: z.object({ tenant: z.string().min(1).max(63) }),
    responses: {
      200: { description: 'JWK set', schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
      404: { description: 'No such tenant' },
    },
    handler: async ({ params }) => {
      const tenant = await deps.tenants.findBySlug(params.tenant);
      if (!tenant || tenant.status !== 'active') throw Problems.notFound('No such tenant.');
      return {
        status: 200,
        headers: { 'Cache-Control': 'public, max-age=60' },
        body: { keys: deps.keys.jwksOf(tenant.tenantId) },
      };
    },
  });
