import { randomBytes } from 'node:crypto';
import { catalog } from '@idaas/events';
import { unsealWebhookSecret } from '@idaas/crypto';
import {
  createWebhook,
  deleteWebhook,
  InvalidWebhookError,
  rotateWebhookSecret,
  type WebhookRules,
} from './webhook-subscription';

const rules: WebhookRules = {
  receivers: 'public',
  secretKey: randomBytes(32),
  publishedEventTypes: catalog.all().map((t) => t.type),
};
const settings = {
  url: 'https://hooks.example.com/in',
  eventTypes: ['idaas.user.*'],
  description: '',
  enabled: true,
};
const now = new Date('2026-01-01T00:00:00Z');

describe('webhook subscriptions', () => {
  it('get a secret shown once, travelling only sealed to this subscription', () => {
    const { subscription, secret, events } = createWebhook('t1', settings, rules, now);
    expect(secret).toMatch(/^whsec_/);
    const published = JSON.stringify(events);
    expect(published).not.toContain(secret!.slice('whsec_'.length));
    const [stored] = subscription.secrets;
    expect(
      unsealWebhookSecret(stored!.sealed, rules.secretKey, {
        webhookId: subscription.webhookId,
        secretId: stored!.id,
      }),
    ).toBe(secret);
    expect(events[0]).toMatchObject({ type: 'idaas.webhook.changed.v1', subject: subscription.webhookId });
  });

  it('name every refused field', () => {
    const attempt = () =>
      createWebhook(
        't1',
        { ...settings, url: 'http://hooks.example.com', eventTypes: ['idaas.user.*', 'x', 'idaas.nope.*'] },
        rules,
        now,
      );
    expect(attempt).toThrow(InvalidWebhookError);
    try {
      attempt();
    } catch (e) {
      expect((e as InvalidWebhookError).problems.map((p) => p.field)).toEqual([
        'body.url',
        'body.eventTypes.1',
        'body.eventTypes.2',
      ]);
    }
  });

  it('keep the previous secret until the overlap ends when rotated, and drop expired ones', () => {
    const created = createWebhook('t1', settings, rules, now).subscription;
    const rotated = rotateWebhookSecret(created, 3600, rules, now);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.subscription.secrets.map((s) => s.expiresAt?.toISOString())).toEqual([
      '2026-01-01T01:00:00.000Z',
      undefined,
    ]);
    const later = new Date('2026-01-01T02:00:00Z');
    const again = rotateWebhookSecret(rotated.subscription, 60, rules, later);
    expect(again.subscription.secrets).toHaveLength(2);
    expect(again.subscription.secrets[0]!.id).toBe(rotated.subscription.secrets[1]!.id);
  });

  it('lose their secrets when deleted', () => {
    const created = createWebhook('t1', settings, rules, now).subscription;
    const { subscription } = deleteWebhook(created, now);
    expect(subscription).toMatchObject({ status: 'deleted', secrets: [], version: 2 });
  });
});
