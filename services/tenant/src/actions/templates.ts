import { z } from 'zod';
import { localeTag, messageKind } from '@idaas/events';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import {
  renderMessage,
  resolveTemplate,
  sampleValues,
  validateTemplate,
  variablesOf,
  type MessageKind,
  type MessageTemplate,
} from '@idaas/messages';
import type { TenantServiceDeps } from '../deps';
import { StaleBrandingError, type TenantTemplate } from '../store/branding-repository';
import { brandingDenied } from './branding';
import { liveTenant } from './live-tenant';
import { staleIsConflict } from './stale-is-conflict';
import { tenantIdParams } from './tenant-schemas';

const base = { tags: ['templates'] };
const templateParams = tenantIdParams.extend({ kind: messageKind, locale: localeTag });
const templateBody = z
  .object({ subject: z.string().max(1000), html: z.string().max(100_000), text: z.string().max(100_000) })
  .strict();
const templateResponse = templateBody.extend({
  kind: messageKind,
  locale: z.string(),
  version: z.number(),
});
const previewBody = z
  .object({ values: z.record(z.string(), z.string().max(2000)).default({}) })
  .strict()
  .default({ values: {} });
const previewResponse = templateBody.extend({
  kind: messageKind,
  locale: z.string().describe('the locale whose template was used'),
  source: z.enum(['tenant', 'platform']),
});

const whenStale = staleIsConflict(StaleBrandingError);

const toResponse = (t: TenantTemplate) => ({
  kind: t.kind,
  locale: t.locale,
  subject: t.subject,
  html: t.html,
  text: t.text,
  version: t.version,
});

/** Pipeline step: a template that would fail or leak when sent is refused now, field by field. */
function checkTemplate(kind: MessageKind, template: MessageTemplate): void {
  const problems = validateTemplate(kind, template);
  if (problems.length > 0)
    throw Problems.validation(problems.map((p) => ({ field: `body.${p.part}`, message: p.message })));
}

export const putTemplateRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/templates/:kind/:locale',
    operationId: 'saveMessageTemplate',
    summary:
      "Save the tenant's template for a message kind and locale (Handlebars: only the kind's variables, always escaped, #if/#unless; well-formed HTML)",
    security: ['branding:write'],
    params: templateParams,
    body: templateBody,
    responses: {
      200: { description: 'The saved template', schema: templateResponse },
      409: { description: 'Changed concurrently' },
      ...brandingDenied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'branding:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      checkTemplate(params.kind, body);
      const saved = await whenStale(() =>
        deps.branding.saveTemplate(params.tenantId, params.kind, params.locale, body),
      );
      deps.eventsWritten();
      return { status: 200, body: toResponse(saved) };
    },
  });

export const getTemplateRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/templates/:kind/:locale',
    operationId: 'getMessageTemplate',
    summary: "The tenant's own template for a message kind and locale",
    security: ['branding:read'],
    params: templateParams,
    responses: {
      200: { description: 'The template', schema: templateResponse },
      ...brandingDenied,
      404: { description: 'No such tenant, or it has no template of this kind and locale' },
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'branding:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const found = await deps.branding.templateOf(params.tenantId, params.kind, params.locale);
      if (!found) throw Problems.notFound('The tenant has no template of this kind and locale.');
      return { status: 200, body: toResponse(found) };
    },
  });

export const listTemplatesRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/templates',
    operationId: 'listMessageTemplates',
    summary: 'The templates the tenant customised; every other kind and locale uses the fallback',
    security: ['branding:read'],
    params: tenantIdParams,
    responses: {
      200: { description: 'Templates', schema: z.object({ items: z.array(templateResponse) }) },
      ...brandingDenied,
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'branding:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const items = await deps.branding.templatesOf(params.tenantId);
      return { status: 200, body: { items: items.map(toResponse) } };
    },
  });

export const deleteTemplateRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'delete',
    path: '/admin/tenants/:tenantId/templates/:kind/:locale',
    operationId: 'deleteMessageTemplate',
    summary: "Delete the tenant's template; messages of this kind and locale use the fallback again",
    security: ['branding:write'],
    params: templateParams,
    responses: {
      204: { description: 'Deleted' },
      409: { description: 'Changed concurrently' },
      ...brandingDenied,
      404: { description: 'No such tenant, or it has no template of this kind and locale' },
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'branding:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const deleted = await whenStale(() =>
        deps.branding.deleteTemplate(params.tenantId, params.kind, params.locale),
      );
      if (!deleted) throw Problems.notFound('The tenant has no template of this kind and locale.');
      deps.eventsWritten();
      return { status: 204 };
    },
  });

export const previewTemplateRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'post',
    path: '/admin/tenants/:tenantId/templates/:kind/:locale/preview',
    operationId: 'previewMessageTemplate',
    summary:
      "Render the template a user of this locale would get (the tenant's, or the fallback) with sample values, or the values given",
    security: ['branding:read'],
    params: templateParams,
    body: previewBody,
    responses: {
      200: { description: 'The rendered message', schema: previewResponse },
      ...brandingDenied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'branding:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const known = new Set(variablesOf(params.kind).map((v) => v.name));
      const unknown = Object.keys(body.values).filter((name) => !known.has(name));
      if (unknown.length > 0)
        throw Problems.validation(
          unknown.map((name) => ({
            field: `body.values.${name}`,
            message: `${params.kind} has no such variable`,
          })),
        );
      const tenant = await deps.tenants.findById(params.tenantId);
      const { branding } = await deps.branding.brandingOf(params.tenantId);
      const own = new Map(
        (await deps.branding.templatesOf(params.tenantId)).map((t) => [`${t.kind}/${t.locale}`, t]),
      );
      const chosen = resolveTemplate(
        (_tenant, kind, locale) => own.get(`${kind}/${locale}`),
        params.tenantId,
        params.kind,
        params.locale,
        branding.defaultLocale,
      );
      const values = {
        ...sampleValues(params.kind),
        'tenant.name': branding.productName ?? tenant?.displayName ?? '',
        ...(branding.supportEmail ? { 'tenant.supportEmail': branding.supportEmail } : {}),
        ...body.values,
      };
      const rendered = renderMessage(chosen.template, values);
      return {
        status: 200,
        body: { kind: params.kind, locale: chosen.locale, source: chosen.source, ...rendered },
      };
    },
  });
