import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { AuthenticationDeps } from '../deps';

const rotated = z.object({
  rotated: z.array(z.object({ alg: z.string(), kid: z.string(), previousKid: z.string() })),
});

/**
 * Operator endpoint: rotate a tenant's signing keys in this region now (e.g. after a suspected
 * compromise of a host). Previous keys keep verifying the tokens they signed until those expire.
 */
export const rotateSigningKeysRoute = (deps: AuthenticationDeps): AnyRoute =>
  defineRoute({
    method: 'post',
    path: '/admin/tenants/:tenantId/signing-keys/rotate',
    operationId: 'rotateSigningKeys',
    summary: "Rotate a tenant's signing keys in this region (platform operators)",
    tags: ['admin'],
    params: z.object({ tenantId: z.string().uuid() }),
    security: ['tenants:write'],
    responses: {
      200: { description: 'The keys now signing, and the ones they replaced', schema: rotated },
      401: { description: 'No valid platform access token' },
      403: { description: 'Not a platform operator with tenants:write' },
      404: { description: 'No such tenant in this region' },
    },
    handler: async ({ params, req }) => {
      // Only the platform may rotate: no tenantId in the need, so a tenant's own token is refused.
      await deps.authorize(req, { permission: 'tenants:write' });
      const tenant = deps.tenants.findById(params.tenantId);
      if (!tenant || tenant.status !== 'active') throw Problems.notFound('No such tenant.');
      return { status: 200, body: { rotated: await deps.keys.rotateTenant(tenant) } };
    },
  });
