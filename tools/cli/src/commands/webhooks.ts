import { listOption, type ParsedArgs } from '../args';
import type { Command } from '../command';
import { intOption, need, tenantPath } from '../command';

export const webhookPath = (a: ParsedArgs) => `${tenantPath(a)}/webhooks/${need(a, 'webhook')}`;

/** The settings a subscription is created with and replaced by: every field, as PUT replaces all. */
const settings = (a: ParsedArgs) => ({
  url: need(a, 'url'),
  eventTypes: listOption(need(a, 'events')),
  ...(a.options.description ? { description: a.options.description } : {}),
  enabled: a.options.disabled !== 'true',
});

const SETTINGS_USAGE = '--url U --events TYPE,TYPE [--description D] [--disabled]';

/**
 * Webhook subscriptions on the management plane. The signing secret is in the answer to create and
 * rotate-secret only, and goes to stdout with it, nowhere else. The delivery log and dead letters are
 * served by each region's notification service, not by the management plane: webhook-deliveries.ts.
 */
export const WEBHOOK_COMMANDS: Record<string, Command> = {
  'webhooks list': {
    usage: 'webhooks list --tenant ID [--limit N]',
    request: (a) => {
      const limit = intOption(a, 'limit');
      return {
        method: 'GET',
        path: `${tenantPath(a)}/webhooks${limit === undefined ? '' : `?limit=${limit}`}`,
      };
    },
  },
  'webhooks create': {
    usage: `webhooks create --tenant ID ${SETTINGS_USAGE}   (prints the signing secret, once)`,
    request: (a) => ({ method: 'POST', path: `${tenantPath(a)}/webhooks`, body: settings(a) }),
  },
  'webhooks get': {
    usage: 'webhooks get --tenant ID --webhook ID',
    request: (a) => ({ method: 'GET', path: webhookPath(a) }),
  },
  'webhooks update': {
    usage: `webhooks update --tenant ID --webhook ID ${SETTINGS_USAGE} [--version N]`,
    request: (a) => ({
      method: 'PUT',
      path: webhookPath(a),
      body: { ...settings(a), version: intOption(a, 'version') },
    }),
  },
  'webhooks rotate-secret': {
    usage:
      'webhooks rotate-secret --tenant ID --webhook ID [--overlap SECONDS]   (prints the new secret, once)',
    request: (a) => ({
      method: 'POST',
      path: `${webhookPath(a)}/secret`,
      body: { overlapSeconds: intOption(a, 'overlap') },
    }),
  },
  'webhooks delete': {
    usage: 'webhooks delete --tenant ID --webhook ID',
    request: (a) => ({ method: 'DELETE', path: webhookPath(a) }),
  },
};
