import { UNFINISHED, type WebhookDelivery } from './delivery';

type Ordered = Pick<WebhookDelivery, '_id' | 'webhookId' | 'subject' | 'orderKey' | 'status'>;

/**
 * The ordering rule: a delivery waits while an earlier delivery of the same subject (user) to
 * the same subscription is still pending, retrying or in flight. Succeeded, cancelled and
 * dead-lettered ones do not hold anything back, so one poisoned event delays a user's later
 * events by at most the 24-hour retry window, never forever. A dead letter replayed by an admin
 * goes out on its own: the later events it once held back have already been delivered.
 * Different users, and different subscriptions, never wait for each other.
 */
export function waitsFor(candidate: Ordered, other: Ordered): boolean {
  return (
    other._id !== candidate._id &&
    other.webhookId === candidate.webhookId &&
    other.subject === candidate.subject &&
    UNFINISHED.includes(other.status) &&
    other.orderKey < candidate.orderKey
  );
}

/** The lane a delivery is ordered in: one subscription, one subject (user). */
export const laneOf = (d: Pick<WebhookDelivery, 'webhookId' | 'subject'>): string =>
  `${d.webhookId}\n${d.subject}`;
