import { unsealWebhookSecret } from '@idaas/crypto';
import type { WebhookView } from '@idaas/replica';

/**
 * The subscription's secrets that may sign now: the current one and, during a rotation
 * overlap, the previous one until its `expiresAt`. Unsealed only here, right before signing.
 */
export function validSigningSecrets(sub: WebhookView, key: Buffer, now: Date): string[] {
  return sub.secrets
    .filter((s) => s.expiresAt === undefined || Date.parse(s.expiresAt) > now.getTime())
    .map((s) => unsealWebhookSecret(s.sealed, key, { webhookId: sub.webhookId, secretId: s.id }));
}
