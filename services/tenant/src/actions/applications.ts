import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { liveTenant } from './live-tenant';
import {
  deleteApplication,
  InvalidApplicationError,
  reconfigureApplication,
  registerApplication,
  rotateSecret,
  type Application,
  type ApplicationResult,
} from '../domain/application';
import { StaleApplicationError } from '../store/application-repository';
import {
  applicationParams,
  applicationResponse,
  applicationSettingsBody,
  toApplicationResponse,
} from './application-schemas';
import { tenantIdParams } from './tenant-schemas';

const base = { tags: ['applications'], security: ['applications:write'] };
const denied = {
  401: { description: 'No valid token' },
  404: { description: 'No such tenant or application' },
};

async function existing(
  deps: TenantServiceDeps,
  tenantId: string,
  applicationId: string,
): Promise<Application> {
  await liveTenant(deps, tenantId);
  const app = await deps.applications.find(tenantId, applicationId);
  if (!app) throw Problems.notFound('No such application.');
  return app;
}

/** Domain refusals become a 400 naming the fields; a lost race a 409. */
async function run(
  deps: TenantServiceDeps,
  change: () => ApplicationResult,
  save: (r: ApplicationResult) => Promise<void>,
) {
  let result: ApplicationResult;
  try {
    result = change();
  } catch (e) {
    if (e instanceof InvalidApplicationError) throw Problems.validation(e.problems);
    throw e;
  }
  try {
    await save(result);
  } catch (e) {
    if (e instanceof StaleApplicationError)
      throw Problems.conflict('The application was changed concurrently; read it again.');
    throw e;
  }
  deps.eventsWritten();
  return result;
}

/** Read, change and save over the version that was read: the shared steps of every change. */
async function changeExisting(
  deps: TenantServiceDeps,
  params: { tenantId: string; applicationId: string },
  change: (app: Application) => ApplicationResult,
): Promise<ApplicationResult> {
  const app = await existing(deps, params.tenantId, params.applicationId);
  return run(
    deps,
    () => change(app),
    (res) => deps.applications.save(app.version, res.application, res.events),
  );
}

export const registerApplicationRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'post',
    path: '/admin/tenants/:tenantId/applications',
    operationId: 'registerApplication',
    summary:
      'Register an application (OIDC client); a confidential one gets its secret in this response only',
    params: tenantIdParams,
    body: applicationSettingsBody,
    responses: { 201: { description: 'The application', schema: applicationResponse }, ...denied },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'applications:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const r = await run(
        deps,
        () => registerApplication(params.tenantId, body, deps.clock(), {}, deps.webhookRules),
        (res) => deps.applications.insert(res.application, res.events),
      );
      return {
        status: 201,
        body: toApplicationResponse(r.application, r.clientSecret),
        headers: {
          Location: `/admin/tenants/${params.tenantId}/applications/${r.application.applicationId}`,
          'Cache-Control': 'no-store',
        },
      };
    },
  });

export const listApplicationsRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/applications',
    operationId: 'listApplications',
    security: ['applications:read'],
    summary: 'List the applications of a tenant',
    params: tenantIdParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    responses: {
      200: { description: 'Applications', schema: z.object({ items: z.array(applicationResponse) }) },
      ...denied,
    },
    handler: async ({ params, query, req }) => {
      await deps.authorize(req, { permission: 'applications:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const apps = await deps.applications.list(params.tenantId, query.limit);
      return { status: 200, body: { items: apps.map((a) => toApplicationResponse(a)) } };
    },
  });

export const getApplicationRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/applications/:applicationId',
    operationId: 'getApplication',
    security: ['applications:read'],
    summary: 'Read an application (never its secret)',
    params: applicationParams,
    responses: { 200: { description: 'The application', schema: applicationResponse }, ...denied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'applications:read', tenantId: params.tenantId });
      const app = await existing(deps, params.tenantId, params.applicationId);
      return { status: 200, body: toApplicationResponse(app) };
    },
  });

export const replaceApplicationRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/applications/:applicationId',
    operationId: 'replaceApplication',
    summary: 'Replace an application’s settings (its kind and secrets stay)',
    params: applicationParams,
    body: applicationSettingsBody,
    responses: {
      200: { description: 'The application', schema: applicationResponse },
      409: { description: 'Changed concurrently' },
      ...denied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'applications:write', tenantId: params.tenantId });
      const r = await changeExisting(deps, params, (app) =>
        reconfigureApplication(app, body, deps.clock(), deps.webhookRules),
      );
      return { status: 200, body: toApplicationResponse(r.application) };
    },
  });

export const rotateSecretRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'post',
    path: '/admin/tenants/:tenantId/applications/:applicationId/secret',
    operationId: 'rotateApplicationSecret',
    summary: 'Issue a new client secret; older ones keep working for the overlap window',
    params: applicationParams,
    body: z
      .object({
        overlapSeconds: z
          .number()
          .int()
          .min(0)
          .max(30 * 86400)
          .default(86400),
      })
      .strict(),
    responses: {
      200: { description: 'The application with its new secret (shown once)', schema: applicationResponse },
      409: { description: 'Changed concurrently' },
      ...denied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'applications:write', tenantId: params.tenantId });
      const r = await changeExisting(deps, params, (app) =>
        rotateSecret(app, body.overlapSeconds, deps.clock()),
      );
      return {
        status: 200,
        body: toApplicationResponse(r.application, r.clientSecret),
        headers: { 'Cache-Control': 'no-store' },
      };
    },
  });

export const deleteApplicationRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'delete',
    path: '/admin/tenants/:tenantId/applications/:applicationId',
    operationId: 'deleteApplication',
    summary: 'Delete an application; every region stops accepting it',
    params: applicationParams,
    responses: { 204: { description: 'Deleted' }, ...denied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'applications:write', tenantId: params.tenantId });
      await changeExisting(deps, params, (app) => deleteApplication(app, deps.clock()));
      return { status: 204 };
    },
  });
