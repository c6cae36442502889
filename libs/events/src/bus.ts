import type { CloudEvent } from './envelope';

/** One event on its way to a topic, with the trace context it was produced under. */
export interface OutboundEvent {
  topic: string;
  event: CloudEvent;
  /** W3C trace context (`traceparent`, `tracestate`) captured when the event was written. */
  trace: Record<string, string>;
}

export interface EventPublisher {
  /** Resolves once every event is durably accepted by the broker (acks from all in-sync replicas). */
  publish(events: readonly OutboundEvent[]): Promise<void>;
}

export interface DeliveredEvent<T = unknown> {
  event: CloudEvent<T>;
  topic: string;
  partition: number;
  offset: string;
}

export type EventHandler<T = unknown> = (delivery: DeliveredEvent<T>) => Promise<void>;

export interface SubscriptionSpec {
  /** Consumer group: each group sees every event once; members of a group share the partitions. */
  groupId: string;
  topics: string[];
  /** Handlers by event type. Known types without a handler are skipped; unknown ones are dead-lettered. */
  handlers: Record<string, EventHandler>;
  fromBeginning?: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface EventSubscriber {
  subscribe(spec: SubscriptionSpec): Promise<Subscription>;
}

/** What the Kafka adapter and the in-memory bus both offer. */
export type EventBus = EventPublisher & EventSubscriber;

/**
 * A handler throws this when the event can never be processed (it is not a transient failure):
 * the event goes to the dead-letter topic instead of being retried forever.
 */
export class PoisonEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonEventError';
  }
}
