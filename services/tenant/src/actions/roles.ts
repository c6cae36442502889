import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { roleNameClash, unknownPermissions, type Role, type RoleSettings } from '../domain/access';
import { assigneesBody, assigneesResponse, roleBody, roleParams, roleResponse } from './access-schemas';
import { accessDenied, existingRole, refuseClash, refuseProblems, saveAccess } from './access-steps';
import { liveTenant } from './live-tenant';
import { tenantIdParams } from './tenant-schemas';

const base = { tags: ['roles'] };
const view = ({ status: _s, assignees: _a, ...role }: Role): z.infer<typeof roleResponse> => role;
const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

/** Pipeline step: the rules a role's settings must meet in this tenant, for create and replace. */
async function checkRole(deps: TenantServiceDeps, tenantId: string, body: RoleSettings, selfId?: string) {
  refuseProblems(unknownPermissions(body.permissions, await deps.access.apisOf(tenantId)));
  refuseClash(roleNameClash(body.name, await deps.access.rolesOf(tenantId), selfId));
}

export const createRoleRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'post',
    path: '/admin/tenants/:tenantId/roles',
    operationId: 'createRole',
    summary: "Create a role: a named set of permissions of the tenant's own APIs",
    security: ['roles:write'],
    params: tenantIdParams,
    body: roleBody,
    responses: {
      201: { description: 'The role', schema: roleResponse },
      409: { description: 'Name already used in this tenant' },
      ...accessDenied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'roles:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      await checkRole(deps, params.tenantId, body);
      const role: Role = {
        ...body,
        permissions: unique(body.permissions),
        roleId: randomUUID(),
        tenantId: params.tenantId,
        assignees: { users: [], groups: [], applications: [] },
        status: 'active',
        version: 1,
      };
      await saveAccess(deps, () => deps.access.saveRole(role));
      return {
        status: 201,
        body: view(role),
        headers: { Location: `/admin/tenants/${params.tenantId}/roles/${role.roleId}` },
      };
    },
  });

export const listRolesRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/roles',
    operationId: 'listRoles',
    summary: "The tenant's roles",
    security: ['roles:read'],
    params: tenantIdParams,
    responses: {
      200: { description: 'Roles', schema: z.object({ items: z.array(roleResponse) }) },
      ...accessDenied,
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'roles:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      return { status: 200, body: { items: (await deps.access.rolesOf(params.tenantId)).map(view) } };
    },
  });

export const getRoleRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/roles/:roleId',
    operationId: 'getRole',
    summary: 'Read one role',
    security: ['roles:read'],
    params: roleParams,
    responses: { 200: { description: 'The role', schema: roleResponse }, ...accessDenied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'roles:read', tenantId: params.tenantId });
      return { status: 200, body: view(await existingRole(deps, params.tenantId, params.roleId)) };
    },
  });

export const replaceRoleRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/roles/:roleId',
    operationId: 'replaceRole',
    summary: 'Replace a role’s name, description and permissions (its assignments stay)',
    security: ['roles:write'],
    params: roleParams,
    body: roleBody,
    responses: {
      200: { description: 'The role', schema: roleResponse },
      409: { description: 'Name taken, or changed concurrently' },
      ...accessDenied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'roles:write', tenantId: params.tenantId });
      const current = await existingRole(deps, params.tenantId, params.roleId);
      await checkRole(deps, params.tenantId, body, current.roleId);
      const role: Role = {
        ...current,
        ...body,
        permissions: unique(body.permissions),
        version: current.version + 1,
      };
      await saveAccess(deps, () => deps.access.saveRole(role));
      return { status: 200, body: view(role) };
    },
  });

export const deleteRoleRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'delete',
    path: '/admin/tenants/:tenantId/roles/:roleId',
    operationId: 'deleteRole',
    summary: 'Delete a role; every region stops granting its permissions',
    security: ['roles:write'],
    params: roleParams,
    responses: {
      204: { description: 'Deleted' },
      409: { description: 'Changed concurrently' },
      ...accessDenied,
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'roles:write', tenantId: params.tenantId });
      const current = await existingRole(deps, params.tenantId, params.roleId);
      const deleted: Role = { ...current, status: 'deleted', version: current.version + 1 };
      await saveAccess(deps, () => deps.access.saveRole(deleted));
      return { status: 204 };
    },
  });

export const getAssignmentsRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/roles/:roleId/assignments',
    operationId: 'getRoleAssignments',
    summary: 'The users, groups and applications holding a role',
    security: ['roles:read'],
    params: roleParams,
    responses: { 200: { description: 'Assignees', schema: assigneesResponse }, ...accessDenied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'roles:read', tenantId: params.tenantId });
      const role = await existingRole(deps, params.tenantId, params.roleId);
      return { status: 200, body: { ...role.assignees, version: role.version } };
    },
  });

export const putAssignmentsRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/roles/:roleId/assignments',
    operationId: 'replaceRoleAssignments',
    summary:
      'Replace who holds a role: user ids, SCIM group ids of the tenant (the group’s `id`; its members hold the role) and this tenant’s applications',
    security: ['roles:write'],
    params: roleParams,
    body: assigneesBody,
    responses: {
      200: { description: 'Assignees', schema: assigneesResponse },
      409: { description: 'Changed concurrently' },
      ...accessDenied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'roles:write', tenantId: params.tenantId });
      const current = await existingRole(deps, params.tenantId, params.roleId);
      const found = await Promise.all(
        body.applications.map((id) => deps.applications.find(params.tenantId, id)),
      );
      refuseProblems(
        found.flatMap((app, i) =>
          app ? [] : [{ field: `body.applications.${i}`, message: 'no such application in this tenant' }],
        ),
      );
      const assignees = {
        users: unique(body.users),
        groups: unique(body.groups),
        applications: unique(body.applications),
      };
      const role: Role = { ...current, assignees, version: current.version + 1 };
      await saveAccess(deps, () => deps.access.saveRole(role));
      return { status: 200, body: { ...assignees, version: role.version } };
    },
  });
