import type { Command } from '../command';
import { need, pageQuery, tenantPath } from '../command';
import { webhookPath } from './webhooks';

/**
 * What became of webhook deliveries, from the notification service of the tenant's region: each
 * region delivers, retries and dead-letters its own events, so the management plane has no log.
 */
export const WEBHOOK_DELIVERY_COMMANDS: Record<string, Command> = {
  'webhooks deliveries': {
    usage:
      'webhooks deliveries --tenant ID --webhook ID [--limit N] [--cursor C]   (newest first, with every attempt)',
    request: (a) => ({
      method: 'GET',
      path: `${webhookPath(a)}/deliveries${pageQuery(a)}`,
      service: 'notification',
    }),
    paged: true,
  },
  'webhooks dead-letters': {
    usage:
      'webhooks dead-letters --tenant ID [--limit N] [--cursor C]   (deliveries that ran out of retries)',
    request: (a) => ({
      method: 'GET',
      path: `${tenantPath(a)}/dead-letters${pageQuery(a)}`,
      service: 'notification',
    }),
    paged: true,
  },
  'webhooks replay': {
    usage:
      'webhooks replay --tenant ID --delivery ID   (a dead letter goes out again, same webhook-id, new 24-hour budget)',
    request: (a) => ({
      method: 'POST',
      path: `${tenantPath(a)}/dead-letters/${encodeURIComponent(need(a, 'delivery'))}/replay`,
      service: 'notification',
    }),
  },
};
