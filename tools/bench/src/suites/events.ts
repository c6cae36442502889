import { performance } from 'node:perf_hooks';
import pino from 'pino';
import {
  connectEventBackbone,
  outboxRecords,
  pushToOutbox,
  Topics,
  UserRegisteredV1,
  type CloudEvent,
  type EventBackbone,
} from '@idaas/events';
import { connectDatabase } from '@idaas/store';
import { formatTable, median, percentile } from '../stats';

const EVENTS_PER_ROUND = Number(process.env.BENCH_EVENTS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 32;
const AGGREGATES = 'bench_users';

interface RoundResult {
  eventsPerSecond: number;
  p50: number;
  p99: number;
}

type Path = 'outbox' | 'direct';

/**
 * Outbox write to consumer effect, against producing straight to Kafka (the baseline: what the
 * outbox costs on top of the broker round trip). Both paths end in the same consumer with the
 * same dedupe and effect, so the ratio isolates the outbox.
 */
export async function eventsBenchmark(log: (m: string) => void): Promise<string> {
  const region = `bench${Date.now().toString(36)}`;
  const database = await connectDatabase(process.env.MONGODB_URI ?? '', `bench_${region}`);
  const events = await connectEventBackbone({
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    clientId: `bench-${region}`,
    db: database.db,
    logger: pino({ level: 'error' }),
    outboxCollections: [AGGREGATES],
    regions: [region],
  });
  const writtenAt = new Map<string, number>();
  const latencies: number[] = [];
  let effects = 0;
  const counters = database.db.collection<{ _id: string; count: number }>('bench_effects');
  const sub = await events.bus.subscribe({
    groupId: `${region}.bench`,
    topics: [Topics.user(region)],
    handlers: {
      [UserRegisteredV1.type]: async ({ event }) => {
        await counters.updateOne({ _id: event.subject }, { $inc: { count: 1 } }, { upsert: true });
        const at = writtenAt.get(event.id);
        if (at !== undefined) latencies.push(performance.now() - at);
        effects += 1;
      },
    },
  });

  const results: Record<Path, RoundResult[]> = { outbox: [], direct: [] };
  try {
    // Warm up connections, the consumer group and the relay before measuring.
    await runRound(events, database.db, region, 'outbox', 200, writtenAt, () => effects, log);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const path of ['direct', 'outbox'] as const) {
        latencies.length = 0;
        const before = effects;
        const started = performance.now();
        await runRound(
          events,
          database.db,
          region,
          path,
          EVENTS_PER_ROUND,
          writtenAt,
          () => effects - before,
          log,
        );
        const seconds = (performance.now() - started) / 1000;
        results[path].push({
          eventsPerSecond: EVENTS_PER_ROUND / seconds,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
        });
        log(`round ${round}/${ROUNDS} ${path}: ${(EVENTS_PER_ROUND / seconds).toFixed(0)} events/s`);
      }
    }
  } finally {
    await sub.stop();
    await events.close();
    await database.db.dropDatabase().catch(() => undefined);
    await database.close();
  }

  const summary = (path: Path) => ({
    rate: median(results[path].map((r) => r.eventsPerSecond)),
    p50: median(results[path].map((r) => r.p50)),
    p99: median(results[path].map((r) => r.p99)),
  });
  const outbox = summary('outbox');
  const direct = summary('direct');
  return [
    `${EVENTS_PER_ROUND} events per round, ${ROUNDS} rounds, ${CONCURRENCY} concurrent writers; medians of the rounds.`,
    '',
    formatTable(
      ['path', 'events/s', 'latency p50 (ms)', 'latency p99 (ms)'],
      [
        [
          'outbox write -> relay -> consumer effect',
          outbox.rate.toFixed(0),
          outbox.p50.toFixed(1),
          outbox.p99.toFixed(1),
        ],
        [
          'baseline: produce directly -> consumer effect',
          direct.rate.toFixed(0),
          direct.p50.toFixed(1),
          direct.p99.toFixed(1),
        ],
        [
          'ratio outbox / baseline',
          (outbox.rate / direct.rate).toFixed(2),
          (outbox.p50 / direct.p50).toFixed(2),
          (outbox.p99 / direct.p99).toFixed(2),
        ],
      ],
    ),
  ].join('\n');
}

async function runRound(
  backbone: EventBackbone,
  db: import('mongodb').Db,
  region: string,
  path: Path,
  count: number,
  writtenAt: Map<string, number>,
  applied: () => number,
  log: (m: string) => void,
): Promise<void> {
  const aggregates = db.collection<{ _id: string }>(AGGREGATES);
  let next = 0;
  const writer = async () => {
    while (next < count) {
      const i = next++;
      const userId = `user-${i % 500}`;
      const event: CloudEvent = UserRegisteredV1.create(
        userId,
        { userId, status: 'active', via: 'import' },
        { source: '/idaas/bench', tenantId: 'bench', region },
      );
      writtenAt.set(event.id, performance.now());
      const records = outboxRecords([{ event, stream: 'user' }]);
      if (path === 'outbox') {
        await aggregates.updateOne(
          { _id: userId },
          { $set: { status: 'active' }, ...pushToOutbox(records) },
          { upsert: true },
        );
        backbone.relay.kick();
      } else {
        await backbone.bus.publish(records);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, writer));
  let lastReport = 0;
  while (applied() < count) {
    if (applied() - lastReport >= 1000) {
      lastReport = applied();
      log(`${path}: ${lastReport}/${count} applied`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
