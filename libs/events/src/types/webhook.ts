import { z } from 'zod';
import { defineEvent } from '../catalog';

/** AES-256-GCM ciphertext of a webhook signing secret (see `sealWebhookSecret` in @idaas/crypto). */
export const sealedSecretSchema = z.object({
  v: z.literal(1),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});

/**
 * What a region needs to deliver events to one webhook subscription. The signing secrets travel
 * sealed under the deployment's webhook secret key: the notifier must compute HMACs with the
 * secret itself, so a one-way verifier (as for client secrets) would not do. While a rotation
 * overlaps, two secrets are listed and the older one carries `expiresAt`.
 */
export const webhookSnapshot = z.object({
  webhookId: z.string(),
  tenantId: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()).min(1),
  description: z.string(),
  enabled: z.boolean(),
  secrets: z.array(
    z.object({ id: z.string(), sealed: sealedSecretSchema, expiresAt: z.string().optional() }),
  ),
  status: z.enum(['active', 'deleted']),
  version: z.number().int().positive(),
});

export const WebhookChangedV1 = defineEvent({
  type: 'idaas.webhook.changed.v1',
  stream: 'config',
  description:
    'A webhook subscription was created, changed, had its signing secret rotated, or was deleted (status deleted). Carries the whole subscription with its version; secrets only sealed.',
  data: webhookSnapshot,
});
