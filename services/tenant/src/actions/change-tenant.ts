import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { changeTenant, TenantChangeRefused, type TenantChange } from '../domain/tenant-changes';
import { StaleTenantError } from '../store/tenant-repository';
import { tenantIdParams, tenantResponse, toTenantResponse } from './tenant-schemas';

/** Reads, changes and saves a tenant; a concurrent change answers 409 rather than being lost. */
async function applyChange(deps: TenantServiceDeps, tenantId: string, change: TenantChange) {
  const current = await deps.tenants.findById(tenantId);
  if (!current) throw Problems.notFound('No such tenant.');
  let changed;
  try {
    changed = changeTenant(current, change, deps.clock());
  } catch (e) {
    if (e instanceof TenantChangeRefused)
      throw Problems.conflict(`The tenant is ${e.status}; it cannot be changed that way.`);
    throw e;
  }
  try {
    await deps.tenants.saveChange(current.version, changed.tenant, changed.events);
  } catch (e) {
    if (e instanceof StaleTenantError)
      throw Problems.conflict('The tenant was changed concurrently; read it again.');
    throw e;
  }
  deps.eventsWritten();
  return { status: 200, body: toTenantResponse(changed.tenant) };
}

const common = {
  tags: ['tenants'],
  security: ['tenants:write'],
  params: tenantIdParams,
  responses: {
    200: { description: 'The tenant after the change', schema: tenantResponse },
    401: { description: 'No valid operator token' },
    404: { description: 'No such tenant' },
    409: { description: 'Not allowed in the tenant’s current status, or changed concurrently' },
  },
};

export const updateTenantRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...common,
    method: 'patch',
    path: '/admin/tenants/:tenantId',
    operationId: 'updateTenant',
    summary: 'Change a tenant’s display name',
    body: z.object({ displayName: z.string().trim().min(1).max(200) }).strict(),
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'tenants:write', tenantId: params.tenantId });
      return applyChange(deps, params.tenantId, { kind: 'rename', displayName: body.displayName });
    },
  });

const statusRoute = (deps: TenantServiceDeps, kind: 'suspend' | 'resume', summary: string): AnyRoute =>
  defineRoute({
    ...common,
    method: 'post',
    path: `/admin/tenants/:tenantId/${kind}`,
    operationId: `${kind}Tenant`,
    summary,
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'tenants:write', tenantId: params.tenantId });
      return applyChange(deps, params.tenantId, { kind });
    },
  });

export const suspendTenantRoute = (deps: TenantServiceDeps) =>
  statusRoute(deps, 'suspend', 'Suspend a tenant: its users can no longer sign in in any region');
export const resumeTenantRoute = (deps: TenantServiceDeps) =>
  statusRoute(deps, 'resume', 'Resume a suspended tenant');

export const deleteTenantRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...common,
    method: 'delete',
    path: '/admin/tenants/:tenantId',
    operationId: 'deleteTenant',
    summary: 'Delete a tenant: a tombstone stays; every region erases the tenant’s data',
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'tenants:write', tenantId: params.tenantId });
      return applyChange(deps, params.tenantId, { kind: 'delete' });
    },
  });
