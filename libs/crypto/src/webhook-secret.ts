import { randomBytes } from 'node:crypto';
import { seal, unseal, type SealedSecret } from './key-encryption';

/**
 * Webhook signing secrets in the Standard Webhooks format: `whsec_` and the base64 of the key
 * bytes (the spec allows 24 to 64; we use 32, the HMAC-SHA256 block-size-friendly choice).
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Which secret of which subscription a ciphertext belongs to. */
export interface WebhookSecretRef {
  webhookId: string;
  secretId: string;
}

// Bound into the GCM tag: a sealed secret copied onto another subscription (or slot) fails to open.
const associatedData = (ref: WebhookSecretRef) => `idaas.webhook-secret.v1:${ref.webhookId}:${ref.secretId}`;

export function sealWebhookSecret(secret: string, key: Buffer, ref: WebhookSecretRef): SealedSecret {
  return seal(secret, key, associatedData(ref));
}

/** Throws when the key is wrong or the ciphertext was made for another subscription or slot. */
export function unsealWebhookSecret(sealed: SealedSecret, key: Buffer, ref: WebhookSecretRef): string {
  return unseal(sealed, key, associatedData(ref));
}
