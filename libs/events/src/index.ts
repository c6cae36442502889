export { Topics, topicFor } from './topics';
export type { Stream } from './topics';
export { aggregateKey, cloudEventSchema, envelope } from './envelope';
export type { CloudEvent, EventOrigin } from './envelope';
export { defineEvent, EventCatalog } from './catalog';
export type { EventType, EventData } from './catalog';
export { matchesEventType, isEventTypePattern } from './event-type-pattern';
export * from './types';
export { PoisonEventError } from './bus';
export type {
  EventBus,
  EventPublisher,
  EventSubscriber,
  EventHandler,
  DeliveredEvent,
  OutboundEvent,
  Subscription,
  SubscriptionSpec,
} from './bus';
export { outboxRecords, pushToOutbox, OUTBOX_FIELD } from './outbox';
export type { OutboxRecord, WithOutbox } from './outbox';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions, OutboxSource } from './outbox-relay';
export { ProcessedEvents, processedEventIndexes } from './processed-events';
export { applyOnce } from './apply-once';
export { createKafka } from './kafka-client';
export { KafkaPublisher } from './kafka-publisher';
export { KafkaSubscriber } from './kafka-subscriber';
export { DeadLetterQueue } from './dead-letter';
export { ensureTopics } from './topics-admin';
export { decodeEvent } from './decode';
export { InMemoryEventBus } from './in-memory-bus';
export { connectEventBackbone } from './backbone';
export type { EventBackbone } from './backbone';
export * from './contract';
