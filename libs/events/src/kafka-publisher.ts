import type { Kafka, Producer } from 'kafkajs';
import type { EventPublisher, OutboundEvent } from './bus';
import { aggregateKey } from './envelope';

/**
 * Idempotent producer: the broker drops the duplicates of its own retries, and one request in
 * flight keeps a partition's order across retries.
 */
export class KafkaPublisher implements EventPublisher {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  /** `topicPrefix` namespaces this deployment's topics on a shared cluster. */
  constructor(
    kafka: Kafka,
    private readonly topicPrefix = '',
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
    });
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((e: unknown) => {
      this.connected = undefined;
      throw e;
    });
    return this.connected;
  }

  async publish(events: readonly OutboundEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, OutboundEvent[]>();
    for (const e of events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, list]) => ({
        topic: this.topicPrefix + topic,
        messages: list.map(({ event, trace }) => ({
          key: aggregateKey(event),
          value: JSON.stringify(event),
          headers: { 'content-type': 'application/cloudevents+json', ...trace },
        })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}
