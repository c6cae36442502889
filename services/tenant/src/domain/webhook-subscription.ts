import { randomUUID } from 'node:crypto';
import { WebhookChangedV1, type CloudEvent, type EventData } from '@idaas/events';
import { generateWebhookSecret, sealWebhookSecret, type SealedSecret } from '@idaas/crypto';
import type { FieldProblem } from './application';
import { MANAGEMENT_SOURCE } from './tenant';
import { eventTypeFilterProblem } from './webhook-event-types';
import { webhookUrlProblem, type ReceiverScope } from './webhook-url';

type Snapshot = EventData<typeof WebhookChangedV1>;

export interface StoredWebhookSecret {
  id: string;
  /** Never the plain secret: the notifier needs the secret itself, so it is sealed, not hashed. */
  sealed: SealedSecret;
  createdAt: Date;
  /** Set when a newer secret replaced it: the overlap in which deliveries carry both signatures. */
  expiresAt?: Date;
}

export interface WebhookSubscription extends Omit<Snapshot, 'secrets'> {
  secrets: StoredWebhookSecret[];
  createdAt: Date;
  updatedAt: Date;
}

/** What an admin sets; the rest (id, secrets, version) is ours. */
export interface WebhookSettings {
  url: string;
  eventTypes: string[];
  description: string;
  enabled: boolean;
}

/** What the rules depend on in this deployment. */
export interface WebhookRules {
  receivers: ReceiverScope;
  /** The deployment's webhook secret key, shared with the regions' notification services. */
  secretKey: Buffer;
  /** Types of the published event catalog. */
  publishedEventTypes: readonly string[];
}

export class InvalidWebhookError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

export interface WebhookResult {
  subscription: WebhookSubscription;
  /** The plain signing secret, present only when one was just made: shown once, never stored. */
  secret?: string;
  events: CloudEvent[];
}

function validate(settings: WebhookSettings, rules: WebhookRules): void {
  const problems: FieldProblem[] = [];
  const urlProblem = webhookUrlProblem(settings.url, rules.receivers);
  if (urlProblem) problems.push({ field: 'body.url', message: urlProblem });
  settings.eventTypes.forEach((filter, i) => {
    const problem = eventTypeFilterProblem(filter, rules.publishedEventTypes);
    if (problem) problems.push({ field: `body.eventTypes.${i}`, message: problem });
  });
  if (problems.length > 0) throw new InvalidWebhookError(problems);
}

function newSecret(webhookId: string, rules: WebhookRules, now: Date) {
  const plain = generateWebhookSecret();
  const id = randomUUID();
  const stored: StoredWebhookSecret = {
    id,
    sealed: sealWebhookSecret(plain, rules.secretKey, { webhookId, secretId: id }),
    createdAt: now,
  };
  return { plain, stored };
}

const live = (now: Date) => (s: StoredWebhookSecret) => !s.expiresAt || s.expiresAt > now;

export function toWebhookSnapshot(sub: WebhookSubscription, now: Date): Snapshot {
  const { secrets, createdAt: _c, updatedAt: _u, ...rest } = sub;
  return {
    ...rest,
    secrets: secrets.filter(live(now)).map((s) => ({
      id: s.id,
      sealed: s.sealed,
      ...(s.expiresAt ? { expiresAt: s.expiresAt.toISOString() } : {}),
    })),
  };
}

function changed(sub: WebhookSubscription, now: Date): CloudEvent {
  // Subject = webhook id: the config topic is compacted per `webhook:<id>`, keeping the last snapshot.
  return WebhookChangedV1.create(sub.webhookId, toWebhookSnapshot(sub, now), {
    source: MANAGEMENT_SOURCE,
    tenantId: sub.tenantId,
    now,
  });
}

const distinct = (filters: string[]) => [...new Set(filters)];

export function createWebhook(
  tenantId: string,
  settings: WebhookSettings,
  rules: WebhookRules,
  now: Date,
): WebhookResult {
  validate(settings, rules);
  const webhookId = randomUUID();
  const secret = newSecret(webhookId, rules, now);
  const subscription: WebhookSubscription = {
    webhookId,
    tenantId,
    url: settings.url,
    eventTypes: distinct(settings.eventTypes),
    description: settings.description,
    enabled: settings.enabled,
    secrets: [secret.stored],
    status: 'active',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return { subscription, secret: secret.plain, events: [changed(subscription, now)] };
}

/** Replaces what the admin sets (PUT semantics); the secrets stay. */
export function reconfigureWebhook(
  sub: WebhookSubscription,
  settings: WebhookSettings,
  rules: WebhookRules,
  now: Date,
): WebhookResult {
  validate(settings, rules);
  const subscription: WebhookSubscription = {
    ...sub,
    url: settings.url,
    eventTypes: distinct(settings.eventTypes),
    description: settings.description,
    enabled: settings.enabled,
    version: sub.version + 1,
    updatedAt: now,
  };
  return { subscription, events: [changed(subscription, now)] };
}

/**
 * A new signing secret; the ones before it stay valid for `overlapSeconds`, during which the
 * notifier signs with both (Standard Webhooks allows several signatures), so the receiver can
 * switch secrets without rejecting a delivery. Secrets already past their window are dropped.
 */
export function rotateWebhookSecret(
  sub: WebhookSubscription,
  overlapSeconds: number,
  rules: WebhookRules,
  now: Date,
): WebhookResult {
  const until = new Date(now.getTime() + overlapSeconds * 1000);
  const kept = sub.secrets
    .filter(live(now))
    .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < until ? s.expiresAt : until }));
  const secret = newSecret(sub.webhookId, rules, now);
  const subscription: WebhookSubscription = {
    ...sub,
    secrets: [...kept, secret.stored],
    version: sub.version + 1,
    updatedAt: now,
  };
  return { subscription, secret: secret.plain, events: [changed(subscription, now)] };
}

/** A tombstone: regions stop delivering, and the sealed secrets are gone from everywhere. */
export function deleteWebhook(sub: WebhookSubscription, now: Date): WebhookResult {
  const subscription: WebhookSubscription = {
    ...sub,
    status: 'deleted',
    enabled: false,
    secrets: [],
    version: sub.version + 1,
    updatedAt: now,
  };
  return { subscription, events: [changed(subscription, now)] };
}
