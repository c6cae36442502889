import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import {
  apiResourceClash,
  apiResourceProblems,
  permissionsOf,
  rolesLosingPermissions,
  rolesUsing,
  type ApiResource,
} from '../domain/access';
import { apiResourceBody, apiResourceParams, apiResourceResponse } from './access-schemas';
import { accessDenied, existingApi, refuseClash, refuseProblems, saveAccess } from './access-steps';
import { liveTenant } from './live-tenant';
import { tenantIdParams } from './tenant-schemas';

const base = { tags: ['api-resources'] };
const view = ({ status: _s, ...api }: ApiResource): z.infer<typeof apiResourceResponse> => api;
const usedBy = (roles: string[]) =>
  roles.length > 0 ? `Still used by the roles ${roles.join(', ')}; change them first.` : undefined;

export const createApiResourceRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'post',
    path: '/admin/tenants/:tenantId/api-resources',
    operationId: 'createApiResource',
    summary: "Define one of the tenant's own APIs: its audience and the actions its permissions name",
    security: ['roles:write'],
    params: tenantIdParams,
    body: apiResourceBody,
    responses: {
      201: { description: 'The API resource', schema: apiResourceResponse },
      409: { description: 'Name or audience already used in this tenant' },
      ...accessDenied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'roles:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      refuseProblems(apiResourceProblems(body));
      refuseClash(apiResourceClash(body, await deps.access.apisOf(params.tenantId)));
      const api: ApiResource = {
        ...body,
        resourceId: randomUUID(),
        tenantId: params.tenantId,
        status: 'active',
        version: 1,
      };
      await saveAccess(deps, () => deps.access.saveApi(api));
      return {
        status: 201,
        body: view(api),
        headers: { Location: `/admin/tenants/${params.tenantId}/api-resources/${api.resourceId}` },
      };
    },
  });

export const listApiResourcesRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/api-resources',
    operationId: 'listApiResources',
    summary: "The tenant's own APIs",
    security: ['roles:read'],
    params: tenantIdParams,
    responses: {
      200: { description: 'API resources', schema: z.object({ items: z.array(apiResourceResponse) }) },
      ...accessDenied,
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'roles:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      return { status: 200, body: { items: (await deps.access.apisOf(params.tenantId)).map(view) } };
    },
  });

export const getApiResourceRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/api-resources/:resourceId',
    operationId: 'getApiResource',
    summary: 'Read one API resource',
    security: ['roles:read'],
    params: apiResourceParams,
    responses: { 200: { description: 'The API resource', schema: apiResourceResponse }, ...accessDenied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'roles:read', tenantId: params.tenantId });
      return { status: 200, body: view(await existingApi(deps, params.tenantId, params.resourceId)) };
    },
  });

export const replaceApiResourceRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/api-resources/:resourceId',
    operationId: 'replaceApiResource',
    summary: 'Replace an API resource; actions (or the name) still used by a role cannot go',
    security: ['roles:write'],
    params: apiResourceParams,
    body: apiResourceBody,
    responses: {
      200: { description: 'The API resource', schema: apiResourceResponse },
      409: { description: 'Name or audience taken, an action still used by a role, or changed concurrently' },
      ...accessDenied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'roles:write', tenantId: params.tenantId });
      const current = await existingApi(deps, params.tenantId, params.resourceId);
      refuseProblems(apiResourceProblems(body));
      refuseClash(apiResourceClash(body, await deps.access.apisOf(params.tenantId), current.resourceId));
      refuseClash(usedBy(rolesLosingPermissions(current, body, await deps.access.rolesOf(params.tenantId))));
      const api: ApiResource = { ...current, ...body, version: current.version + 1 };
      await saveAccess(deps, () => deps.access.saveApi(api));
      return { status: 200, body: view(api) };
    },
  });

export const deleteApiResourceRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'delete',
    path: '/admin/tenants/:tenantId/api-resources/:resourceId',
    operationId: 'deleteApiResource',
    summary: 'Delete an API resource no role uses; regions stop issuing tokens for its audience',
    security: ['roles:write'],
    params: apiResourceParams,
    responses: {
      204: { description: 'Deleted' },
      409: { description: 'Still used by a role, or changed concurrently' },
      ...accessDenied,
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'roles:write', tenantId: params.tenantId });
      const current = await existingApi(deps, params.tenantId, params.resourceId);
      refuseClash(usedBy(rolesUsing(permissionsOf(current), await deps.access.rolesOf(params.tenantId))));
      const deleted: ApiResource = { ...current, status: 'deleted', version: current.version + 1 };
      await saveAccess(deps, () => deps.access.saveApi(deleted));
      return { status: 204 };
    },
  });
