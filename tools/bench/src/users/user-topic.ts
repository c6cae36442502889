import pino from 'pino';
import type { Admin } from 'kafkajs';
import { createKafka } from '@idaas/events';

/** How many messages the region's user topic holds, read from the broker's offsets alone. */
export interface UserTopicCount {
  messages(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The sum of the topic's partition high-water marks. The producers are idempotent and not
 * transactional, so every offset is one message: counting costs the broker a metadata answer
 * and the database nothing, unlike a count of pending outboxes, which mongo-java-server answers
 * with a scan of every user that holds the collection while it runs.
 */
export async function userTopicCount(topic: string): Promise<UserTopicCount> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  const admin: Admin = createKafka(brokers, 'bench-users-topic', pino({ level: 'error' })).admin();
  await admin.connect();
  return {
    messages: async () => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0),
    close: () => admin.disconnect(),
  };
}
