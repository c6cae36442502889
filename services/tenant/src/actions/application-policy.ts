import { z } from 'zod';
import { policyOverridesSchema } from '@idaas/events';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { StalePolicyError } from '../store/policy-repository';
import { applicationParams } from './application-schemas';
import { liveTenant } from './live-tenant';
import { staleIsConflict } from './stale-is-conflict';

const base = { tags: ['policies'] };
const denied = {
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant or application' },
};
const overridesResponse = z.object({
  applicationId: z.string(),
  overrides: policyOverridesSchema,
  version: z.number(),
});
const saveOrConflict = staleIsConflict(StalePolicyError);

/** Pipeline step: the application must exist in this tenant (another tenant's is a 404 too). */
async function knownApplication(deps: TenantServiceDeps, tenantId: string, applicationId: string) {
  await liveTenant(deps, tenantId);
  if (!(await deps.applications.find(tenantId, applicationId)))
    throw Problems.notFound('No such application.');
}

export const getApplicationPolicyRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/applications/:applicationId/policy-overrides',
    operationId: 'getApplicationPolicyOverrides',
    summary: "The application's own policy overrides (they win over its groups' and the tenant's)",
    security: ['policies:read'],
    params: applicationParams,
    responses: { 200: { description: 'The overrides', schema: overridesResponse }, ...denied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'policies:read', tenantId: params.tenantId });
      await knownApplication(deps, params.tenantId, params.applicationId);
      const saved = await deps.applicationPolicies.overridesOf(params.tenantId, params.applicationId);
      return { status: 200, body: { applicationId: params.applicationId, ...saved } };
    },
  });

export const putApplicationPolicyRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/applications/:applicationId/policy-overrides',
    operationId: 'replaceApplicationPolicyOverrides',
    summary:
      "Replace the application's own policy overrides (same shape as a group's); {} removes them. Every region applies the change",
    security: ['policies:write'],
    params: applicationParams,
    body: policyOverridesSchema,
    responses: {
      200: { description: 'The overrides', schema: overridesResponse },
      409: { description: 'Changed concurrently' },
      ...denied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'policies:write', tenantId: params.tenantId });
      await knownApplication(deps, params.tenantId, params.applicationId);
      const { version } = await deps.applicationPolicies.overridesOf(params.tenantId, params.applicationId);
      const saved = await saveOrConflict(() =>
        deps.applicationPolicies.save(params.tenantId, params.applicationId, version, body),
      );
      deps.eventsWritten();
      return {
        status: 200,
        body: { applicationId: params.applicationId, overrides: saved.overrides, version: saved.version },
      };
    },
  });
