import type { Kafka } from 'kafkajs';
import { Topics } from './topics';

/**
 * Topics are created explicitly with their retention: config events are kept forever so a new
 * region can replay them; the dead-letter topic keeps what failed for a month.
 */
export async function ensureTopics(
  kafka: Kafka,
  regions: readonly string[],
  topicPrefix = '',
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      { topic: Topics.config, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '-1' }] },
      { topic: Topics.keys, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '-1' }] },
      {
        topic: Topics.deadLetter,
        numPartitions: 1,
        configEntries: [{ name: 'retention.ms', value: String(30 * 86400000) }],
      },
      ...regions.flatMap((r) => [
        { topic: Topics.user(r), numPartitions: 3, configEntries: [] },
        { topic: Topics.auth(r), numPartitions: 3, configEntries: [] },
      ]),
    ]
      .map((t) => ({ ...t, topic: topicPrefix + t.topic }))
      .filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) {
      // Replication factor is left to the broker's default.replication.factor (1 locally, 3 in production).
      await admin.createTopics({ topics: wanted, waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
