import { defineRoute, Problems } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { createTenant, UnknownRegionError } from '../domain/tenant';
import { DuplicateSlugError } from '../store/tenant-repository';
import { newTenantBody, tenantResponse, toTenantResponse } from './tenant-schemas';

export const createTenantRoute = (deps: TenantServiceDeps) =>
  defineRoute({
    method: 'post',
    path: '/admin/tenants',
    operationId: 'createTenant',
    summary: 'Create a tenant in its home region',
    tags: ['tenants'],
    security: ['tenants:write'],
    body: newTenantBody,
    responses: {
      201: { description: 'The tenant', schema: tenantResponse },
      401: { description: 'No valid operator token' },
      409: { description: 'The slug is taken' },
    },
    handler: async ({ body, req }) => {
      await deps.authorize(req, { permission: 'tenants:write' });
      let created;
      try {
        created = createTenant(body, deps.regions, deps.clock());
      } catch (e) {
        if (e instanceof UnknownRegionError)
          throw Problems.validation([
            { field: 'body.homeRegion', message: `must be one of ${deps.regions.join(', ')}` },
          ]);
        throw e;
      }
      try {
        await deps.tenants.insert(created.tenant, created.events);
      } catch (e) {
        if (e instanceof DuplicateSlugError)
          throw Problems.conflict(`The slug ${body.slug} is already taken.`);
        throw e;
      }
      deps.eventsWritten();
      return {
        status: 201,
        body: toTenantResponse(created.tenant),
        headers: { Location: `/admin/tenants/${created.tenant.tenantId}` },
      };
    },
  });
