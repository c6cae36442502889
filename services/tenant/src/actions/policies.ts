import { z } from 'zod';
import { policyOverridesSchema, policySchema } from '@idaas/events';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import { effectivePolicy } from '@idaas/replica';
import type { TenantServiceDeps } from '../deps';
import { liveTenant } from './live-tenant';
import { StalePolicyError } from '../store/policy-repository';
import { applicationParams } from './application-schemas';
import { tenantIdParams } from './tenant-schemas';

const base = { tags: ['policies'] };
const denied = {
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant' },
};
const policyResponse = z.object({ policy: policySchema, version: z.number() });
const groupBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    applicationIds: z.array(z.string().uuid()).max(500),
    overrides: policyOverridesSchema.default({}),
  })
  .strict();
const groupResponse = groupBody.extend({ groupId: z.string(), tenantId: z.string(), version: z.number() });

const groupParams = z.object({ tenantId: z.string().uuid(), groupId: z.string().uuid() });

/** Pipeline step: every member of a group must be an application of the same tenant. */
async function knownApplications(
  deps: TenantServiceDeps,
  tenantId: string,
  applicationIds: readonly string[],
): Promise<void> {
  const unknown = [];
  for (const [i, id] of applicationIds.entries()) {
    if (!(await deps.applications.find(tenantId, id)))
      unknown.push({ field: `body.applicationIds.${i}`, message: 'no such application in this tenant' });
  }
  if (unknown.length > 0) throw Problems.validation(unknown);
}

const staleIsConflict = async <T>(save: () => Promise<T>): Promise<T> => {
  try {
    return await save();
  } catch (e) {
    if (e instanceof StalePolicyError) throw Problems.conflict('Changed concurrently; read it again.');
    throw e;
  }
};

export const getPolicyRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/policy',
    operationId: 'getTenantPolicy',
    summary: "The tenant's policy (sign-up, password, lockout, session, tokens, MFA)",
    security: ['policies:read'],
    params: tenantIdParams,
    responses: { 200: { description: 'The policy', schema: policyResponse }, ...denied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'policies:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      return { status: 200, body: await deps.policies.policyOf(params.tenantId) };
    },
  });

export const putPolicyRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/policy',
    operationId: 'replaceTenantPolicy',
    summary: "Replace the tenant's policy; sections and knobs left out take their defaults",
    security: ['policies:write'],
    params: tenantIdParams,
    body: policySchema.strict(),
    responses: {
      200: { description: 'The new policy', schema: policyResponse },
      409: { description: 'Changed concurrently' },
      ...denied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'policies:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const { version } = await deps.policies.policyOf(params.tenantId);
      const saved = await staleIsConflict(() => deps.policies.savePolicy(params.tenantId, version, body));
      deps.eventsWritten();
      return { status: 200, body: { policy: body, version: saved } };
    },
  });

export const createGroupRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'post',
    path: '/admin/tenants/:tenantId/application-groups',
    operationId: 'createApplicationGroup',
    summary:
      'Create an application group: applications that share policy overrides (MFA for a group of apps)',
    security: ['policies:write'],
    params: tenantIdParams,
    body: groupBody,
    responses: { 201: { description: 'The group', schema: groupResponse }, ...denied },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'policies:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      await knownApplications(deps, params.tenantId, body.applicationIds);
      const group = await deps.policies.createGroup({ tenantId: params.tenantId, ...body });
      deps.eventsWritten();
      return { status: 201, body: group };
    },
  });

export const listGroupsRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/application-groups',
    operationId: 'listApplicationGroups',
    summary: "The tenant's application groups",
    security: ['policies:read'],
    params: tenantIdParams,
    responses: {
      200: { description: 'Groups', schema: z.object({ items: z.array(groupResponse) }) },
      ...denied,
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'policies:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      return { status: 200, body: { items: await deps.policies.groupsOf(params.tenantId) } };
    },
  });

export const getGroupRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/application-groups/:groupId',
    operationId: 'getApplicationGroup',
    summary: 'One application group',
    security: ['policies:read'],
    params: groupParams,
    responses: { 200: { description: 'The group', schema: groupResponse }, ...denied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'policies:read', tenantId: params.tenantId });
      const group = await deps.policies.findGroup(params.tenantId, params.groupId);
      if (!group) throw Problems.notFound('No such application group.');
      return { status: 200, body: group };
    },
  });

export const replaceGroupRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/application-groups/:groupId',
    operationId: 'replaceApplicationGroup',
    summary: "Replace a group's name, applications and overrides; every region applies the change",
    security: ['policies:write'],
    params: groupParams,
    body: groupBody,
    responses: {
      200: { description: 'The group', schema: groupResponse },
      409: { description: 'Changed concurrently' },
      ...denied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'policies:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      await knownApplications(deps, params.tenantId, body.applicationIds);
      const group = await staleIsConflict(() =>
        deps.policies.replaceGroup(params.tenantId, params.groupId, body),
      );
      if (!group) throw Problems.notFound('No such application group.');
      deps.eventsWritten();
      return { status: 200, body: group };
    },
  });

export const deleteGroupRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'delete',
    path: '/admin/tenants/:tenantId/application-groups/:groupId',
    operationId: 'deleteApplicationGroup',
    summary: 'Delete an application group; its applications fall back to the tenant policy',
    security: ['policies:write'],
    params: groupParams,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Changed concurrently' }, ...denied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'policies:write', tenantId: params.tenantId });
      const deleted = await staleIsConflict(() => deps.policies.deleteGroup(params.tenantId, params.groupId));
      if (!deleted) throw Problems.notFound('No such application group.');
      deps.eventsWritten();
      return { status: 204 };
    },
  });

export const effectivePolicyRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/applications/:applicationId/effective-policy',
    operationId: 'explainEffectivePolicy',
    summary:
      'The policy that applies to an application, and for every knob who set it: tenant, group:<name> or application',
    security: ['policies:read'],
    params: applicationParams,
    responses: {
      200: {
        description: 'Policy and sources',
        schema: z.object({ policy: policySchema, sources: z.record(z.string(), z.string()) }),
      },
      ...denied,
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'policies:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      if (!(await deps.applications.find(params.tenantId, params.applicationId)))
        throw Problems.notFound('No such application.');
      const { policy } = await deps.policies.policyOf(params.tenantId);
      const groups = await deps.policies.groupsOf(params.tenantId);
      const own = await deps.applicationPolicies.overridesOf(params.tenantId, params.applicationId);
      return { status: 200, body: effectivePolicy(policy, groups, params.applicationId, own.overrides) };
    },
  });
