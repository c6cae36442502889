import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { Logger } from '@idaas/telemetry';
import { ensureIndexes } from '@idaas/store';
import type { EventBus } from './bus';
import { catalog as defaultCatalog } from './types';
import type { EventCatalog } from './catalog';
import { DeadLetterQueue } from './dead-letter';
import { createKafka } from './kafka-client';
import { KafkaPublisher } from './kafka-publisher';
import { KafkaSubscriber } from './kafka-subscriber';
import { OutboxRelay, type OutboxSource } from './outbox-relay';
import { ProcessedEvents, processedEventIndexes } from './processed-events';
import { ensureTopics } from './topics-admin';

export interface EventBackbone {
  bus: EventBus;
  /** The raw client, for admin tools and tests that inject bytes no producer of ours would. */
  kafka: Kafka;
  relay: OutboxRelay;
  /** Whether the broker answers, for `/readyz`. */
  ping(): Promise<boolean>;
  /** Graceful shutdown: flush the outbox, stop consumers (committing offsets), disconnect. */
  close(): Promise<void>;
}

export interface BackboneOptions {
  brokers: string[];
  clientId: string;
  db: Db;
  logger: Logger;
  /** Collections whose documents carry outboxes. */
  outboxCollections: readonly string[];
  /** Outbox collections in other databases that this process relays. */
  outboxesElsewhere?: readonly OutboxSource[];
  /** Regions whose topics this process needs to exist. */
  regions: readonly string[];
  catalog?: EventCatalog;
  /** Namespaces this deployment's topics on a shared Kafka cluster. */
  topicPrefix?: string;
}

/** Wires Kafka, the outbox relay and the dedupe store together for one service process. */
export async function connectEventBackbone(options: BackboneOptions): Promise<EventBackbone> {
  const kafka = createKafka(options.brokers, options.clientId, options.logger);
  await ensureIndexes(options.db, processedEventIndexes);
  const prefix = options.topicPrefix ?? '';
  await ensureTopics(kafka, options.regions, prefix);
  const publisher = new KafkaPublisher(kafka, prefix);
  const deadLetters = new DeadLetterQueue(kafka, prefix);
  const subscriber = new KafkaSubscriber({
    kafka,
    catalog: options.catalog ?? defaultCatalog,
    processed: new ProcessedEvents(options.db),
    deadLetters,
    logger: options.logger,
    topicPrefix: prefix,
  });
  const subscriptions: { stop(): Promise<void> }[] = [];
  const relay = new OutboxRelay({
    db: options.db,
    collections: options.outboxCollections,
    elsewhere: options.outboxesElsewhere,
    publisher,
    logger: options.logger,
  });
  relay.start();
  const admin = kafka.admin();
  let adminConnected = false;
  return {
    kafka,
    bus: {
      publish: (events) => publisher.publish(events),
      subscribe: async (spec) => {
        const s = await subscriber.subscribe(spec);
        subscriptions.push(s);
        return s;
      },
    },
    relay,
    async ping() {
      try {
        if (!adminConnected) {
          await admin.connect();
          adminConnected = true;
        }
        await admin.describeCluster();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await relay.stop();
      await relay.flush(5000);
      await Promise.allSettled(subscriptions.map((s) => s.stop()));
      await Promise.allSettled([
        publisher.disconnect(),
        deadLetters.disconnect(),
        adminConnected ? admin.disconnect() : undefined,
      ]);
    },
  };
}
