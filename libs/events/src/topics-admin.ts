import type { Kafka } from 'kafkajs';
import { Topics } from './topics';

/**
 * Config and key events carry whole snapshots keyed by aggregate (`aggregateKey`), so those
 * topics are compacted and never expire: a new region replays the latest snapshot of every
 * aggregate, however long the deployment has run. The dead-letter topic keeps a month.
 */
const SNAPSHOT_TOPIC = [
  { name: 'cleanup.policy', value: 'compact' },
  { name: 'retention.ms', value: '-1' },
];

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
      { topic: Topics.config, numPartitions: 3, configEntries: SNAPSHOT_TOPIC },
      { topic: Topics.keys, numPartitions: 3, configEntries: SNAPSHOT_TOPIC },
      {
        topic: Topics.deadLetter,
        numPartitions: 1,
        configEntries: [{ name: 'retention.ms', value: String(30 * 86400000) }],
      },
      ...regions.flatMap((r) => [
        { topic: Topics.user(r), numPartitions: 3, configEntries: [] },
        { topic: Topics.auth(r), numPartitions: 3, configEntries: [] },
        { topic: Topics.notify(r), numPartitions: 3, configEntries: [] },
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
