import { randomBytes } from 'node:crypto';
import { generateWebhookSecret, sealWebhookSecret, unsealWebhookSecret } from './webhook-secret';

describe('webhook signing secrets', () => {
  const key = randomBytes(32);
  const ref = { webhookId: 'wh-1', secretId: 's-1' };

  it('are whsec_ and the base64 of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('round-trip through sealing, and the ciphertext does not contain them', () => {
    const secret = generateWebhookSecret();
    const sealed = sealWebhookSecret(secret, key, ref);
    expect(JSON.stringify(sealed)).not.toContain(secret.slice('whsec_'.length));
    expect(unsealWebhookSecret(sealed, key, ref)).toBe(secret);
  });

  it('do not open for another subscription, another secret slot, or another key', () => {
    const sealed = sealWebhookSecret(generateWebhookSecret(), key, ref);
    expect(() => unsealWebhookSecret(sealed, key, { ...ref, webhookId: 'wh-2' })).toThrow();
    expect(() => unsealWebhookSecret(sealed, key, { ...ref, secretId: 's-2' })).toThrow();
    expect(() => unsealWebhookSecret(sealed, randomBytes(32), ref)).toThrow();
  });
});
