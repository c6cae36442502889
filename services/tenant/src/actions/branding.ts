import { z } from 'zod';
import { brandingSchema } from '@idaas/events';
import { defineRoute, Problems, type AnyRoute, type FieldError } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { StaleBrandingError } from '../store/branding-repository';
import { liveTenant } from './live-tenant';
import { staleIsConflict } from './stale-is-conflict';
import { tenantIdParams } from './tenant-schemas';

export const brandingDenied = {
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant' },
};

const brandingResponse = z.object({ branding: brandingSchema, version: z.number() });
const brandingBody = brandingSchema.strict().extend({
  /** The version the caller read: a save over an older one is refused instead of lost. */
  version: z.number().int().min(0).optional(),
});

const whenStale = staleIsConflict(StaleBrandingError);

/** Pipeline step: locale choices that contradict each other. */
function checkLocales(body: z.output<typeof brandingBody>): void {
  const errors: FieldError[] = [];
  if (!body.supportedLocales.includes(body.defaultLocale))
    errors.push({ field: 'body.defaultLocale', message: 'must be one of supportedLocales' });
  if (new Set(body.supportedLocales).size !== body.supportedLocales.length)
    errors.push({ field: 'body.supportedLocales', message: 'lists a locale twice' });
  if (errors.length > 0) throw Problems.validation(errors);
}

export const getBrandingRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    method: 'get',
    path: '/admin/tenants/:tenantId/branding',
    operationId: 'getTenantBranding',
    summary:
      "The tenant's branding (product name, logo, colours, support email, locales); defaults until saved",
    tags: ['branding'],
    security: ['branding:read'],
    params: tenantIdParams,
    responses: { 200: { description: 'The branding', schema: brandingResponse }, ...brandingDenied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'branding:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      return { status: 200, body: await deps.branding.brandingOf(params.tenantId) };
    },
  });

export const putBrandingRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    method: 'put',
    path: '/admin/tenants/:tenantId/branding',
    operationId: 'replaceTenantBranding',
    summary:
      "Replace the tenant's branding; fields left out take their defaults. Send the version you read to be told (409) when someone saved in between",
    tags: ['branding'],
    security: ['branding:write'],
    params: tenantIdParams,
    body: brandingBody,
    responses: {
      200: { description: 'The new branding', schema: brandingResponse },
      409: { description: 'Changed since the version sent, or concurrently' },
      ...brandingDenied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'branding:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      checkLocales(body);
      const { version: sent, ...branding } = body;
      const { version } = await deps.branding.brandingOf(params.tenantId);
      if (sent !== undefined && sent !== version)
        throw Problems.conflict(`The branding is at version ${version}, not ${sent}; read it again.`);
      const saved = await whenStale(() => deps.branding.saveBranding(params.tenantId, version, branding));
      deps.eventsWritten();
      return { status: 200, body: { branding, version: saved } };
    },
  });
