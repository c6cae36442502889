import { createHash } from 'node:crypto';

/**
 * One event on its way to one subscription. The record is the unit of durability: it is
 * created once per (event, subscription) and every attempt, retry and replay updates it.
 *
 * ```mermaid
 * stateDiagram-v2
 *   [*] --> pending: event taken in
 *   pending --> delivering: claimed with a lease
 *   delivering --> succeeded: 2xx
 *   delivering --> pending: failure, retry scheduled / lease expired
 *   delivering --> dead: failure after the last retry
 *   delivering --> cancelled: subscription deleted
 *   dead --> pending: replayed by an admin
 * ```
 */
export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'dead' | 'cancelled';

/** Statuses that hold back later deliveries of the same user to the same subscription. */
export const UNFINISHED: readonly DeliveryStatus[] = ['pending', 'delivering'];

export interface DeliveryAttempt {
  at: Date;
  statusCode?: number;
  error?: string;
  latencyMs: number;
}

export interface WebhookDelivery {
  /** Also the `webhook-id` header: stable across retries, restarts and replays. */
  _id: string;
  tenantId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** The CloudEvent's subject (the user): deliveries of one subject go out in order. */
  subject: string;
  /** Position of the event in its stream; orders the deliveries of one subject. */
  orderKey: string;
  /** The CloudEvent JSON exactly as every attempt sends it. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** Failures since the delivery was taken in or last replayed: drives the retry schedule. */
  failuresInRow: number;
  nextAttemptAt: Date;
  leaseId?: string;
  leaseUntil?: Date;
  lastStatusCode?: number;
  lastError?: string;
  lastLatencyMs?: number;
  history: DeliveryAttempt[];
  createdAt: Date;
  updatedAt: Date;
  deliveredAt?: Date;
  deadAt?: Date;
}

/**
 * Derived from the event and the subscription, so taking the same event in twice (a Kafka
 * redelivery, a second consumer) names the same record and the insert is a no-op.
 */
export function deliveryIdOf(eventId: string, webhookId: string): string {
  const digest = createHash('sha256').update(`${eventId}\n${webhookId}`).digest('base64url');
  return `msg_${digest.slice(0, 32)}`;
}

/** Kafka keeps one subject's events in one partition, so the offset orders them. */
export function orderKeyOf(topic: string, partition: number, offset: string): string {
  return `${topic}/${String(partition).padStart(4, '0')}/${offset.padStart(20, '0')}`;
}

export interface NewDelivery {
  tenantId: string;
  webhookId: string;
  event: { id: string; type: string; subject: string };
  payload: string;
  orderKey: string;
  now: Date;
}

export function newDelivery(d: NewDelivery): WebhookDelivery {
  return {
    _id: deliveryIdOf(d.event.id, d.webhookId),
    tenantId: d.tenantId,
    webhookId: d.webhookId,
    eventId: d.event.id,
    eventType: d.event.type,
    subject: d.event.subject,
    orderKey: d.orderKey,
    payload: d.payload,
    status: 'pending',
    attempts: 0,
    failuresInRow: 0,
    nextAttemptAt: d.now,
    history: [],
    createdAt: d.now,
    updatedAt: d.now,
  };
}
