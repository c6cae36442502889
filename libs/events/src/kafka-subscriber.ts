import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { contextFromCarrier, type Logger } from '@idaas/telemetry';
import { PoisonEventError, type EventSubscriber, type Subscription, type SubscriptionSpec } from './bus';
import type { EventCatalog } from './catalog';
import type { DeadLetterQueue } from './dead-letter';
import { decodeEvent } from './decode';
import { headersToRecord } from './kafka-headers';
import type { ProcessedEvents } from './processed-events';

export interface KafkaSubscriberDeps {
  kafka: Kafka;
  catalog: EventCatalog;
  processed: ProcessedEvents;
  deadLetters: DeadLetterQueue;
  logger: Logger;
  /** Kafka-level names are prefixed; handlers see the logical topic names. */
  topicPrefix?: string;
}

/**
 * Consumer groups with effect-then-commit: an offset is resolved only after its handler
 * finished and the event id was recorded, so a crash re-delivers and the processed-ids check
 * makes the re-delivery a no-op. Poison messages are parked on the dead-letter topic; any
 * other failure is retried (the message is not skipped), because a database outage must delay
 * effects, not drop them.
 */
export class KafkaSubscriber implements EventSubscriber {
  private readonly tracer = trace.getTracer('idaas.events');

  constructor(private readonly deps: KafkaSubscriberDeps) {}

  async subscribe(spec: SubscriptionSpec): Promise<Subscription> {
    const consumer = this.deps.kafka.consumer({
      groupId: spec.groupId,
      sessionTimeout: 10000,
      rebalanceTimeout: 15000,
      heartbeatInterval: 1000,
    });
    await consumer.connect();
    const prefix = this.deps.topicPrefix ?? '';
    await consumer.subscribe({
      topics: spec.topics.map((t) => prefix + t),
      fromBeginning: spec.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (const message of batch.messages) {
          if (!isRunning() || isStale()) break;
          await this.handle(spec, batch.topic.slice(prefix.length), batch.partition, message);
          resolveOffset(message.offset);
          await heartbeat();
        }
      },
    });
    return { stop: () => stopConsumer(consumer) };
  }

  private async handle(
    spec: SubscriptionSpec,
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): Promise<void> {
    const { catalog, processed, deadLetters, logger } = this.deps;
    const headers = headersToRecord(message.headers);
    const decoded = decodeEvent(message.value, catalog);
    if (!decoded.ok) {
      logger.warn(
        { topic, partition, offset: message.offset, reason: decoded.error },
        'dead-lettering poison message',
      );
      await deadLetters.park(message, { groupId: spec.groupId, topic, partition, error: decoded.error });
      return;
    }
    const { event } = decoded;
    const handler = spec.handlers[event.type];
    if (!handler) return;
    if (await processed.has(spec.groupId, event.id)) return;

    const parent = contextFromCarrier(headers);
    await this.tracer.startActiveSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.consumer.group.name': spec.groupId,
          'messaging.message.id': event.id,
          'cloudevents.event_type': event.type,
        },
      },
      parent,
      async (span) => {
        try {
          await handler({ event, topic, partition, offset: message.offset });
          await processed.mark(spec.groupId, event.id);
        } catch (e) {
          span.recordException(e as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          if (!(e instanceof PoisonEventError)) throw e;
          logger.warn(
            { eventId: event.id, type: event.type, reason: e.message },
            'handler refused event; dead-lettering',
          );
          await deadLetters.park(message, { groupId: spec.groupId, topic, partition, error: e.message });
        } finally {
          span.end();
        }
      },
    );
  }
}

async function stopConsumer(consumer: Consumer): Promise<void> {
  // disconnect() waits for the running batch and commits the offsets it resolved.
  await consumer.disconnect();
}
