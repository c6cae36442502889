import { z } from 'zod';
import { positiveInt, setting } from '@idaas/config';

/** Settings of webhook delivery in the notification service. */
export const webhookDeliverySettings = {
  webhookTimeoutMs: setting({
    env: 'WEBHOOK_TIMEOUT_MS',
    title: 'Webhook attempt timeout',
    description: 'milliseconds a receiver has to answer one delivery attempt; no answer counts as a failure',
    schema: positiveInt(),
    default: '10000',
  }),
  webhookRetryScale: setting({
    env: 'WEBHOOK_RETRY_SCALE',
    title: 'Webhook retry scale',
    description:
      'multiplies the retry delays (5 s, 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 6 h, 6 h) and the circuit cool-down; below 1 compresses them for tests and drills',
    schema: z.coerce.number().positive().max(1),
    default: '1',
    recommendation: 'keep 1 in production: receivers get 24 hours to recover',
  }),
  webhookCircuitThreshold: setting({
    env: 'WEBHOOK_CIRCUIT_THRESHOLD',
    title: 'Webhook circuit threshold',
    description:
      'consecutive failed attempts to one receiver URL after which it is left alone for the cool-down',
    schema: positiveInt(),
    default: '5',
  }),
  webhookCircuitCoolDownMs: setting({
    env: 'WEBHOOK_CIRCUIT_COOLDOWN_MS',
    title: 'Webhook circuit cool-down',
    description:
      'milliseconds an open circuit holds deliveries back before one probe goes out (scaled by WEBHOOK_RETRY_SCALE)',
    schema: positiveInt(),
    default: '60000',
  }),
  webhookPollMs: setting({
    env: 'WEBHOOK_POLL_MS',
    title: 'Webhook dispatcher poll interval',
    description: 'milliseconds between looks for due deliveries in the database',
    schema: positiveInt(),
    default: '500',
  }),
  webhookConcurrency: setting({
    env: 'WEBHOOK_CONCURRENCY',
    title: 'Webhook concurrency',
    description: 'delivery attempts one notification process keeps in flight at most',
    schema: positiveInt(),
    default: '64',
  }),
  webhookEndpointConcurrency: setting({
    env: 'WEBHOOK_ENDPOINT_CONCURRENCY',
    title: 'Webhook concurrency per receiver',
    description:
      'delivery attempts in flight to one receiver URL at most: a slow or hanging receiver takes this many of the WEBHOOK_CONCURRENCY slots, never all of them',
    schema: positiveInt(),
    default: '8',
  }),
};
