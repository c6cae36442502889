import type { Request } from 'express';
import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute, type Need } from '@idaas/http';
import type { TenantReplica, WebhookReplica } from '@idaas/replica';
import type { WebhookDelivery } from '../webhooks/delivery';
import type { DeliveryStore } from '../webhooks/delivery-store';

export interface DeliveryRouteDeps {
  authorize: (req: Request, need: Need) => Promise<unknown>;
  tenants: Pick<TenantReplica, 'findById'>;
  webhooks: Pick<WebhookReplica, 'get'>;
  deliveries: DeliveryStore;
  clock: () => Date;
  /** Wakes the dispatcher after a replay. */
  kick: () => void;
}

const denied = {
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant, subscription or delivery' },
};

const tenantParams = z.object({ tenantId: z.string().uuid() });
const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('the `next` of the previous page'),
});

const attemptSchema = z.object({
  at: z.string(),
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
  latencyMs: z.number(),
});

const deliverySchema = z.object({
  deliveryId: z.string().describe('also the webhook-id header of every attempt'),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'delivering', 'succeeded', 'dead', 'cancelled']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().optional(),
  lastError: z.string().optional(),
  lastLatencyMs: z.number().optional(),
  nextAttemptAt: z.string().optional().describe('while pending'),
  deliveredAt: z.string().optional(),
  deadAt: z.string().optional(),
  createdAt: z.string(),
  history: z.array(attemptSchema),
});

const pageSchema = z.object({ items: z.array(deliverySchema), next: z.string().optional() });

// Stored nulls (an attempt without a status code) read as absent.
const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

function toDeliveryResponse(d: WebhookDelivery): z.infer<typeof deliverySchema> {
  return {
    deliveryId: d._id,
    webhookId: d.webhookId,
    eventId: d.eventId,
    eventType: d.eventType,
    subject: d.subject,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: opt(d.lastStatusCode),
    lastError: opt(d.lastError),
    lastLatencyMs: opt(d.lastLatencyMs),
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : undefined,
    deliveredAt: iso(d.deliveredAt),
    deadAt: iso(d.deadAt),
    createdAt: d.createdAt.toISOString(),
    history: d.history.map((a) => ({
      at: a.at.toISOString(),
      statusCode: opt(a.statusCode),
      error: opt(a.error),
      latencyMs: a.latencyMs,
    })),
  };
}

/** Pipeline step: the tenant in the path is live in this region's replica. */
function liveTenant(deps: DeliveryRouteDeps, tenantId: string): void {
  const tenant = deps.tenants.findById(tenantId);
  if (!tenant || tenant.status === 'deleted') throw Problems.notFound('No such tenant.');
}

export const listWebhookDeliveriesRoute = (deps: DeliveryRouteDeps): AnyRoute =>
  defineRoute({
    method: 'get',
    path: '/admin/tenants/:tenantId/webhooks/:webhookId/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: "A subscription's delivery log in this region, newest first",
    tags: ['webhooks'],
    security: ['webhooks:read'],
    params: tenantParams.extend({ webhookId: z.string().uuid() }),
    query: pageQuery,
    responses: { 200: { description: 'Deliveries', schema: pageSchema }, ...denied },
    handler: async ({ params, query, req }) => {
      await deps.authorize(req, { permission: 'webhooks:read', tenantId: params.tenantId });
      liveTenant(deps, params.tenantId);
      const sub = deps.webhooks.get(params.webhookId);
      if (!sub || sub.tenantId !== params.tenantId) throw Problems.notFound('No such webhook subscription.');
      const page = await deps.deliveries.forWebhook(
        params.tenantId,
        params.webhookId,
        query.limit,
        query.cursor,
      );
      return { status: 200, body: { items: page.items.map(toDeliveryResponse), next: page.next } };
    },
  });

export const listDeadLettersRoute = (deps: DeliveryRouteDeps): AnyRoute =>
  defineRoute({
    method: 'get',
    path: '/admin/tenants/:tenantId/dead-letters',
    operationId: 'listWebhookDeadLetters',
    summary: "The tenant's webhook deliveries that ran out of retries in this region, most recent first",
    tags: ['webhooks'],
    security: ['webhooks:read'],
    params: tenantParams,
    query: pageQuery,
    responses: { 200: { description: 'Dead letters', schema: pageSchema }, ...denied },
    handler: async ({ params, query, req }) => {
      await deps.authorize(req, { permission: 'webhooks:read', tenantId: params.tenantId });
      liveTenant(deps, params.tenantId);
      const page = await deps.deliveries.deadLetters(params.tenantId, query.limit, query.cursor);
      return { status: 200, body: { items: page.items.map(toDeliveryResponse), next: page.next } };
    },
  });

export const replayDeadLetterRoute = (deps: DeliveryRouteDeps): AnyRoute =>
  defineRoute({
    method: 'post',
    path: '/admin/tenants/:tenantId/dead-letters/:deliveryId/replay',
    operationId: 'replayWebhookDeadLetter',
    summary: 'Sends a dead letter again, with the same webhook-id and a fresh 24-hour retry budget',
    tags: ['webhooks'],
    security: ['webhooks:write'],
    params: tenantParams.extend({ deliveryId: z.string().min(1).max(100) }),
    responses: {
      200: { description: 'The delivery, pending again', schema: deliverySchema },
      ...denied,
      409: { description: 'The delivery is not a dead letter' },
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'webhooks:write', tenantId: params.tenantId });
      liveTenant(deps, params.tenantId);
      const outcome = await deps.deliveries.replay(params.tenantId, params.deliveryId, deps.clock());
      if (outcome === 'not_found') throw Problems.notFound('No such delivery.');
      if (outcome === 'not_dead') throw Problems.conflict('Only dead letters can be replayed.');
      deps.kick();
      const delivery = await deps.deliveries.find(params.tenantId, params.deliveryId);
      if (!delivery) throw Problems.notFound('No such delivery.');
      return { status: 200, body: toDeliveryResponse(delivery) };
    },
  });

export const webhookDeliveryRoutes = (deps: DeliveryRouteDeps): AnyRoute[] => [
  listWebhookDeliveriesRoute(deps),
  listDeadLettersRoute(deps),
  replayDeadLetterRoute(deps),
];
