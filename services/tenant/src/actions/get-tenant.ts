import { defineRoute, Problems } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { tenantIdParams, tenantResponse, toTenantResponse } from './tenant-schemas';

export const getTenantRoute = (deps: TenantServiceDeps) =>
  defineRoute({
    method: 'get',
    path: '/admin/tenants/:tenantId',
    operationId: 'getTenant',
    summary: 'Read a tenant',
    tags: ['tenants'],
    security: ['tenants:read'],
    params: tenantIdParams,
    responses: {
      200: { description: 'The tenant', schema: tenantResponse },
      401: { description: 'No valid operator token' },
      404: { description: 'No such tenant' },
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'tenants:read', tenantId: params.tenantId });
      const tenant = await deps.tenants.findById(params.tenantId);
      if (!tenant) throw Problems.notFound('No such tenant.');
      return { status: 200, body: toTenantResponse(tenant) };
    },
  });
