import type { Request } from 'express';
import type { Db } from 'mongodb';
import { parseKeyEncryptionKey } from '@idaas/crypto';
import { Topics, type EventBackbone } from '@idaas/events';
import { authorizeAdmin, httpSend, type AnyRoute, type Need, type Send } from '@idaas/http';
import { PublishedKeys, type TenantReplica, type WebhookReplica } from '@idaas/replica';
import type { Logger } from '@idaas/telemetry';
import { webhookDeliveryRoutes } from '../actions/webhook-deliveries';
import { DeliveryStore, webhookDeliveryIndexes } from './delivery-store';
import { WebhookDispatcher } from './dispatcher';
import { webhookIntakeHandlers } from './intake';
import { webhookDeliverySettings } from './settings';

export { webhookDeliveryIndexes, webhookDeliverySettings };

export interface WebhookDeliveryContext {
  config: {
    region: string;
    webhookSecretKey: string;
    webhookTimeoutMs: number;
    webhookRetryScale: number;
    webhookCircuitThreshold: number;
    webhookCircuitCoolDownMs: number;
    webhookPollMs: number;
    webhookConcurrency: number;
    webhookEndpointConcurrency: number;
  };
  db: Db;
  events: EventBackbone;
  clock: () => Date;
  logger: Logger;
  tenants: TenantReplica;
  webhooks: WebhookReplica;
  send?: Send;
}

/**
 * Signed webhook delivery of one region: intake from the region's user and auth streams,
 * the dispatcher, and the admin API over the delivery log and the dead letters.
 */
export async function webhookDelivery(ctx: WebhookDeliveryContext): Promise<{
  routes: AnyRoute[];
  start: () => Promise<void>;
  stop: () => Promise<void>;
}> {
  const { config, events, clock, logger, tenants, webhooks } = ctx;
  const store = new DeliveryStore(ctx.db);
  const dispatcher = new WebhookDispatcher({
    store,
    subscription: (id) => webhooks.get(id),
    secretKey: parseKeyEncryptionKey(config.webhookSecretKey),
    send: ctx.send ?? httpSend,
    clock,
    logger,
    timeoutMs: config.webhookTimeoutMs,
    retryScale: config.webhookRetryScale,
    circuit: { threshold: config.webhookCircuitThreshold, coolDownMs: config.webhookCircuitCoolDownMs },
    pollMs: config.webhookPollMs,
    concurrency: config.webhookConcurrency,
    endpointConcurrency: config.webhookEndpointConcurrency,
  });
  // Admin tokens are checked against the keys every region publishes, as on the key manager.
  const publishedKeys = new PublishedKeys(ctx.db);
  await publishedKeys.load();
  const authorize = (req: Request, need: Need) =>
    authorizeAdmin(
      { keys: publishedKeys, clock, systemTenantId: () => tenants.findBySlug('system')?.tenantId },
      req,
      need,
    );
  const stops: (() => Promise<void>)[] = [];
  return {
    routes: webhookDeliveryRoutes({
      authorize,
      tenants,
      webhooks,
      deliveries: store,
      clock,
      kick: () => dispatcher.kick(),
    }),
    start: async () => {
      const keyFeed = await events.bus.subscribe({
        groupId: `${config.region}.notification.admin-keys`,
        topics: [Topics.keys],
        handlers: publishedKeys.handlers(),
      });
      stops.push(() => keyFeed.stop());
      const intake = await events.bus.subscribe({
        groupId: `${config.region}.notification.webhooks`,
        topics: [Topics.user(config.region), Topics.auth(config.region)],
        handlers: webhookIntakeHandlers({ webhooks, store, clock, taken: () => dispatcher.kick() }),
      });
      stops.push(() => intake.stop());
      dispatcher.start();
      stops.push(() => dispatcher.stop());
    },
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
      stops.length = 0;
    },
  };
}
