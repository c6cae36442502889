import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import {
  catalog,
  createKafka,
  DeadLetterQueue,
  ensureTopics,
  KafkaPublisher,
  KafkaSubscriber,
  OutboxRelay,
  ProcessedEvents,
  processedEventIndexes,
} from '@idaas/events';
import { ensureIndexes } from '@idaas/store';

export const quietLogger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

/** The backbone's parts wired by hand, for suites that exercise them below the service level. */
export async function backboneFor(region: string, dbName: string) {
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  await mongo.connect();
  const db: Db = mongo.db(dbName);
  await ensureIndexes(db, processedEventIndexes);
  const kafka = createKafka((process.env.KAFKA_BROKERS ?? '').split(','), `test-${region}`, quietLogger);
  await ensureTopics(kafka, [region]);
  const publisher = new KafkaPublisher(kafka);
  const deadLetters = new DeadLetterQueue(kafka);
  const subscriber = new KafkaSubscriber({
    kafka,
    catalog,
    processed: new ProcessedEvents(db),
    deadLetters,
    logger: quietLogger,
  });
  const relay = (collections: string[]) =>
    new OutboxRelay({ db, collections, publisher, logger: quietLogger, idleMs: 50 });
  return {
    kafka,
    db,
    subscriber,
    publisher,
    relay,
    async close() {
      await Promise.allSettled([publisher.disconnect(), deadLetters.disconnect()]);
      await mongo.close();
    },
  };
}
