import { currentTraceContext } from '@idaas/telemetry';
import type { OutboundEvent } from './bus';
import type { CloudEvent } from './envelope';
import { topicFor, type Stream } from './topics';

/** A pending event as stored inside the aggregate document it belongs to. */
export interface OutboxRecord extends OutboundEvent {
  id: string;
}

/** Documents that can carry pending events. */
export interface WithOutbox {
  outbox?: OutboxRecord[];
}

export const OUTBOX_FIELD = 'outbox';

/**
 * Turns events into outbox records, capturing the trace context now, while the request's span
 * is active, so the consumer's span joins the same trace later.
 */
export function outboxRecords(events: readonly { event: CloudEvent; stream: Stream }[]): OutboxRecord[] {
  const trace = currentTraceContext();
  return events.map(({ event, stream }) => ({
    id: event.id,
    topic: topicFor(stream, event.region),
    event,
    trace,
  }));
}

/**
 * The MongoDB update fragment that appends events to an aggregate's outbox. Used in the same
 * single-document write as the state change, which is what makes the pair atomic without
 * multi-document transactions.
 */
export function pushToOutbox(records: readonly OutboxRecord[]): {
  $push: { outbox: { $each: OutboxRecord[] } };
} {
  return { $push: { outbox: { $each: [...records] } } };
}
