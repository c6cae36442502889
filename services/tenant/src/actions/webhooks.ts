import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import {
  createWebhook,
  deleteWebhook,
  InvalidWebhookError,
  reconfigureWebhook,
  rotateWebhookSecret,
  type WebhookResult,
  type WebhookSubscription,
} from '../domain/webhook-subscription';
import { StaleWebhookError } from '../store/webhook-repository';
import { liveTenant } from './live-tenant';
import { tenantIdParams } from './tenant-schemas';
import {
  replaceWebhookBody,
  rotateWebhookSecretBody,
  toWebhookResponse,
  webhookParams,
  webhookResponse,
  webhookSettingsBody,
} from './webhook-schemas';

const base = { tags: ['webhooks'], security: ['webhooks:write'] };
const denied = {
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant or webhook subscription' },
};
// The signing secret must not linger in caches.
const noStore = { 'Cache-Control': 'no-store' };

async function existing(
  deps: TenantServiceDeps,
  tenantId: string,
  webhookId: string,
): Promise<WebhookSubscription> {
  await liveTenant(deps, tenantId);
  const sub = await deps.webhooks.find(tenantId, webhookId);
  if (!sub) throw Problems.notFound('No such webhook subscription.');
  return sub;
}

/** Domain refusals become a 400 naming the fields; a lost race a 409. */
async function run(
  deps: TenantServiceDeps,
  change: () => WebhookResult,
  save: (r: WebhookResult) => Promise<void>,
): Promise<WebhookResult> {
  let result: WebhookResult;
  try {
    result = change();
  } catch (e) {
    if (e instanceof InvalidWebhookError) throw Problems.validation(e.problems);
    throw e;
  }
  try {
    await save(result);
  } catch (e) {
    if (e instanceof StaleWebhookError)
      throw Problems.conflict('The webhook subscription was changed concurrently; read it again.');
    throw e;
  }
  deps.eventsWritten();
  return result;
}

/** Read, change and save over the version that was read: the shared steps of every change. */
async function changeExisting(
  deps: TenantServiceDeps,
  params: { tenantId: string; webhookId: string },
  change: (sub: WebhookSubscription) => WebhookResult,
  expectedVersion?: number,
): Promise<WebhookResult> {
  const sub = await existing(deps, params.tenantId, params.webhookId);
  if (expectedVersion !== undefined && expectedVersion !== sub.version)
    throw Problems.conflict(`The webhook subscription is at version ${sub.version}; read it again.`);
  return run(
    deps,
    () => change(sub),
    (r) => deps.webhooks.save(sub.version, r.subscription, r.events),
  );
}

export const createWebhookRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'post',
    path: '/admin/tenants/:tenantId/webhooks',
    operationId: 'createWebhookSubscription',
    summary: 'Subscribe a URL to event types; the signing secret is in this response only',
    params: tenantIdParams,
    body: webhookSettingsBody,
    responses: {
      201: { description: 'The subscription with its secret', schema: webhookResponse },
      ...denied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'webhooks:write', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const now = deps.clock();
      const r = await run(
        deps,
        () => createWebhook(params.tenantId, body, deps.webhookRules, now),
        (res) => deps.webhooks.insert(res.subscription, res.events),
      );
      return {
        status: 201,
        body: toWebhookResponse(r.subscription, now, r.secret),
        headers: {
          Location: `/admin/tenants/${params.tenantId}/webhooks/${r.subscription.webhookId}`,
          ...noStore,
        },
      };
    },
  });

export const listWebhooksRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/webhooks',
    operationId: 'listWebhookSubscriptions',
    security: ['webhooks:read'],
    summary: "The tenant's webhook subscriptions (never their secrets)",
    params: tenantIdParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    responses: {
      200: { description: 'Subscriptions', schema: z.object({ items: z.array(webhookResponse) }) },
      ...denied,
    },
    handler: async ({ params, query, req }) => {
      await deps.authorize(req, { permission: 'webhooks:read', tenantId: params.tenantId });
      await liveTenant(deps, params.tenantId);
      const now = deps.clock();
      const subs = await deps.webhooks.list(params.tenantId, query.limit);
      return { status: 200, body: { items: subs.map((s) => toWebhookResponse(s, now)) } };
    },
  });

export const getWebhookRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/webhooks/:webhookId',
    operationId: 'getWebhookSubscription',
    security: ['webhooks:read'],
    summary: 'Read a webhook subscription (never its secret)',
    params: webhookParams,
    responses: { 200: { description: 'The subscription', schema: webhookResponse }, ...denied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'webhooks:read', tenantId: params.tenantId });
      const sub = await existing(deps, params.tenantId, params.webhookId);
      return { status: 200, body: toWebhookResponse(sub, deps.clock()) };
    },
  });

export const replaceWebhookRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/webhooks/:webhookId',
    operationId: 'replaceWebhookSubscription',
    summary: "Replace a subscription's URL, event types, description and enabled flag (secrets stay)",
    params: webhookParams,
    body: replaceWebhookBody,
    responses: {
      200: { description: 'The subscription', schema: webhookResponse },
      409: { description: 'Changed since the version given, or concurrently' },
      ...denied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'webhooks:write', tenantId: params.tenantId });
      const { version, ...settings } = body;
      const now = deps.clock();
      const r = await changeExisting(
        deps,
        params,
        (sub) => reconfigureWebhook(sub, settings, deps.webhookRules, now),
        version,
      );
      return { status: 200, body: toWebhookResponse(r.subscription, now) };
    },
  });

export const rotateWebhookSecretRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'post',
    path: '/admin/tenants/:tenantId/webhooks/:webhookId/secret',
    operationId: 'rotateWebhookSecret',
    summary: 'Issue a new signing secret; the previous one stays valid for the overlap window',
    params: webhookParams,
    body: rotateWebhookSecretBody,
    responses: {
      200: { description: 'The subscription with its new secret (shown once)', schema: webhookResponse },
      409: { description: 'Changed concurrently' },
      ...denied,
    },
    handler: async ({ params, body, req }) => {
      await deps.authorize(req, { permission: 'webhooks:write', tenantId: params.tenantId });
      const now = deps.clock();
      const r = await changeExisting(deps, params, (sub) =>
        rotateWebhookSecret(sub, body.overlapSeconds, deps.webhookRules, now),
      );
      return { status: 200, body: toWebhookResponse(r.subscription, now, r.secret), headers: noStore };
    },
  });

export const deleteWebhookRoute = (deps: TenantServiceDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'delete',
    path: '/admin/tenants/:tenantId/webhooks/:webhookId',
    operationId: 'deleteWebhookSubscription',
    summary: 'Delete a webhook subscription; every region stops delivering to it',
    params: webhookParams,
    responses: { 204: { description: 'Deleted' }, ...denied },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'webhooks:write', tenantId: params.tenantId });
      await changeExisting(deps, params, (sub) => deleteWebhook(sub, deps.clock()));
      return { status: 204 };
    },
  });

/** Every webhook route, registered by `actions/index.ts`. */
export const webhookRoutes = (deps: TenantServiceDeps): AnyRoute[] => [
  createWebhookRoute(deps),
  listWebhooksRoute(deps),
  getWebhookRoute(deps),
  replaceWebhookRoute(deps),
  rotateWebhookSecretRoute(deps),
  deleteWebhookRoute(deps),
];
