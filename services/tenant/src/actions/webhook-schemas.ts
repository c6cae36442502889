import { z } from 'zod';
import { webhookSnapshot } from '@idaas/events';
import type { WebhookSubscription } from '../domain/webhook-subscription';
import { WEBHOOK_URL_MAX_LENGTH } from '../domain/webhook-url';

export const webhookParams = z.object({ tenantId: z.string().uuid(), webhookId: z.string().uuid() });

export const webhookSettingsBody = z
  .object({
    url: z
      .string()
      .max(WEBHOOK_URL_MAX_LENGTH)
      .describe('https receiver (http only to localhost outside production)'),
    eventTypes: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(100)
      .describe('published event types, or patterns ending in .* such as idaas.user.*'),
    description: z.string().trim().max(200).default(''),
    enabled: z.boolean().default(true),
  })
  .strict();

/** A replace may name the version it read; a newer stored version then answers 409. */
export const replaceWebhookBody = webhookSettingsBody.extend({
  version: z.number().int().positive().optional(),
});

export const rotateWebhookSecretBody = z
  .object({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86400)
      .default(86400)
      .describe('how long the previous secret stays valid (deliveries carry both signatures)'),
  })
  .strict();

/** The admin's view: secrets appear as ids and dates, never as values or ciphertexts. */
export const webhookResponse = webhookSnapshot.omit({ secrets: true, status: true }).extend({
  secrets: z.array(z.object({ id: z.string(), createdAt: z.string(), expiresAt: z.string().optional() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  secret: z
    .string()
    .optional()
    .describe('whsec_ signing secret, present only in the response that made it; store it now.'),
});

export function toWebhookResponse(
  sub: WebhookSubscription,
  now: Date,
  secret?: string,
): z.infer<typeof webhookResponse> {
  const { secrets, createdAt, updatedAt, status: _s, ...rest } = sub;
  return {
    ...rest,
    secrets: secrets
      .filter((s) => !s.expiresAt || s.expiresAt > now)
      .map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        ...(s.expiresAt ? { expiresAt: s.expiresAt.toISOString() } : {}),
      })),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    ...(secret ? { secret } : {}),
  };
}
