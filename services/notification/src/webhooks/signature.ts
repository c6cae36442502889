import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing: HMAC-SHA256 over `{id}.{timestamp}.{body}` keyed with the bytes
 * after `whsec_`, sent as `v1,<base64>`. While a secret rotation overlaps, one signature per
 * valid secret goes out, space separated, so receivers holding either secret accept it.
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme
 */
export interface SignedMessage {
  /** The `webhook-id`: the same on every attempt of one delivery, so receivers can dedupe. */
  id: string;
  /** Unix seconds of this attempt (`webhook-timestamp`). */
  timestamp: number;
  body: string;
}

const SECRET_PREFIX = 'whsec_';

export function signatureOf(message: SignedMessage, secret: string): string {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
  const mac = createHmac('sha256', key)
    .update(`${message.id}.${message.timestamp}.${message.body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` header value for every secret currently valid. */
export function webhookSignature(message: SignedMessage, secrets: readonly string[]): string {
  if (secrets.length === 0) throw new Error('a webhook delivery needs at least one signing secret');
  return secrets.map((s) => signatureOf(message, s)).join(' ');
}

/** The three Standard Webhooks headers of one attempt. */
export function webhookHeaders(message: SignedMessage, secrets: readonly string[]): Record<string, string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': webhookSignature(message, secrets),
  };
}
