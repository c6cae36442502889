import { z } from 'zod';
import { defineRoute, Problems } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { InvalidCursorError } from '../store/tenant-repository';
import { tenantResponse, toTenantResponse } from './tenant-schemas';

export const listTenantsRoute = (deps: TenantServiceDeps) =>
  defineRoute({
    method: 'get',
    path: '/admin/tenants',
    operationId: 'listTenants',
    summary: 'List tenants, oldest first, a page at a time; deleted ones only when asked by status',
    tags: ['tenants'],
    security: ['tenants:read'],
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(200).optional(),
      status: z.enum(['active', 'suspended', 'deleted']).optional(),
      homeRegion: z.string().max(32).optional(),
    }),
    responses: {
      200: {
        description: 'A page of tenants',
        schema: z.object({ items: z.array(tenantResponse), nextCursor: z.string().optional() }),
      },
      401: { description: 'No valid operator token' },
    },
    handler: async ({ query, req }) => {
      await deps.authorize(req, { permission: 'tenants:read' });
      try {
        const page = await deps.tenants.list(query.limit, query.cursor, {
          status: query.status,
          homeRegion: query.homeRegion,
        });
        return { status: 200, body: { ...page, items: page.items.map(toTenantResponse) } };
      } catch (e) {
        if (e instanceof InvalidCursorError)
          throw Problems.validation([
            { field: 'query.cursor', message: 'is not a cursor this API returned' },
          ]);
        throw e;
      }
    },
  });
