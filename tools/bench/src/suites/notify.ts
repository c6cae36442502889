import { performance } from 'node:perf_hooks';
import { outboxRecords, Topics, UserUnlockedV1, type CloudEvent, type EventBackbone } from '@idaas/events';
import type { ChildServer } from '../child-server';
import { BenchReceiver } from '../notify/receivers';
import { startNotifyStack, type NotifyStack } from '../notify/notify-stack';
import { formatTable, percentile } from '../stats';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const EVENTS = setting('BENCH_NOTIFY_EVENTS', 2000);
const USERS = setting('BENCH_NOTIFY_USERS', 200);
const SLOW_MS = setting('BENCH_NOTIFY_SLOW_MS', 200);
/** A scenario that has not finished by then is reported as it stands. */
const TIMEOUT_S = setting('BENCH_NOTIFY_TIMEOUT_S', 90);
const WARMUP = 20;
const BATCH = 100;

/** One receiver's share of a scenario. */
interface ReceiverFigures {
  label: string;
  delivered: number;
  requests: number;
  seconds: number;
  latencies: number[];
}

interface Scenario {
  name: string;
  receivers: ReceiverFigures[];
  cpuSeconds: number;
  /** Of the failing receiver: deliveries waiting for a retry, and never tried (circuit open). */
  retrying?: number;
  heldBack?: number;
}

/**
 * Event to signed webhook delivery (issue 6): events produced to the region's user topic in a
 * burst, each timestamped when produced; loopback receivers record when each event id first
 * arrived. Three scenarios, one after the other: a bare Kafka consumer forwarding to the fast
 * receiver (the floor: no delivery records, leases, retries or ordering checks), the
 * notification service delivering to the fast receiver alone, and the same with a slow (200 ms)
 * and an always-failing receiver subscribed to the same events in the mix.
 */
export async function notifyBenchmark(log: (m: string) => void): Promise<string> {
  const fast = new BenchReceiver('fast', 200);
  const slow = new BenchReceiver('slow', 200, SLOW_MS);
  const failing = new BenchReceiver('failing', 500);
  const baselineFast = new BenchReceiver('fast', 200);
  for (const r of [fast, slow, failing, baselineFast]) await r.start();
  const stack = await startNotifyStack({ alone: [fast], mix: [fast, slow, failing] }, log);
  try {
    const producedAt = new Map<string, number>();
    const produce = producer(stack.producer, producedAt);

    log('baseline: starting the bare forwarder (child process)');
    const forwarder = await stack.startChild('bare-forwarder', 'tools/bench/src/notify/bare-forwarder.ts', {
      FORWARD_URL: baselineFast.url,
      FORWARD_SECRET: stack.subscribed['alone/fast']!.secret,
      FORWARD_TOPIC: stack.topicPrefix + Topics.user(stack.baselineRegion),
      FORWARD_GROUP: `${stack.region}.bench-forwarder`,
    });
    const baselineOrigin = { tenantId: 'baseline', region: stack.baselineRegion };
    await warmUp('baseline', produce, baselineOrigin, [baselineFast], log);
    const baseline = await scenario('baseline', forwarder, produce, baselineOrigin, producedAt, [
      { label: 'fast', receiver: baselineFast },
    ]);
    await forwarder.stop();

    const alone = { tenantId: stack.tenant('alone'), region: stack.region };
    await warmUp('notification', produce, alone, [fast], log);
    const fastAlone = await scenario('fast alone', stack.notification, produce, alone, producedAt, [
      { label: 'fast', receiver: fast },
    ]);
    const mixOrigin = { tenantId: stack.tenant('mix'), region: stack.region };
    const mix = await scenario(
      'mix',
      stack.notification,
      produce,
      mixOrigin,
      producedAt,
      [
        { label: 'fast', receiver: fast },
        { label: 'slow', receiver: slow },
        { label: 'failing', receiver: failing },
      ],
      log,
    );
    const backlog = await failingBacklog(stack, stack.subscribed['mix/failing']!.webhookId);
    return report(baseline, fastAlone, { ...mix, ...backlog });

    async function scenario(
      name: string,
      server: ChildServer,
      send: ReturnType<typeof producer>,
      origin: Origin,
      produced: Map<string, number>,
      receivers: { label: string; receiver: BenchReceiver }[],
      progress: (m: string) => void = log,
    ): Promise<Scenario> {
      const requestsBefore = receivers.map((r) => r.receiver.requests);
      const cpuBefore = server.cpuSeconds();
      const started = performance.now();
      progress(`${name}: producing ${EVENTS} events of ${USERS} users`);
      const ids = await send(EVENTS, origin);
      const finished = new Map<string, number>();
      const deadline = started + TIMEOUT_S * 1000;
      const counting = receivers.filter((r) => r.receiver.name !== 'failing');
      let lastReport = performance.now();
      while (performance.now() < deadline) {
        for (const { label, receiver } of counting) {
          if (!finished.has(label) && ids.every((id) => receiver.arrivedAt.has(id)))
            finished.set(label, performance.now());
        }
        if (finished.size === counting.length) break;
        if (performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          const counts = counting.map(
            ({ label, receiver }) => `${label} ${ids.filter((id) => receiver.arrivedAt.has(id)).length}`,
          );
          progress(`${name}: ${counts.join(', ')} of ${EVENTS} delivered`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      const ended = performance.now();
      const cpuSeconds = server.cpuSeconds() - cpuBefore;
      const figures = receivers.map(({ label, receiver }, i): ReceiverFigures => {
        const arrived = ids.filter((id) => receiver.arrivedAt.has(id));
        const last = Math.max(...arrived.map((id) => receiver.arrivedAt.get(id)!), started);
        // A receiver that got everything is timed to its last arrival; the others to the end.
        const until = label !== 'failing' && finished.has(label) ? last : ended;
        return {
          label,
          delivered: receiver.status < 300 ? arrived.length : 0,
          requests: receiver.requests - requestsBefore[i]!,
          seconds: (until - started) / 1000,
          latencies: arrived.map((id) => receiver.arrivedAt.get(id)! - produced.get(id)!),
        };
      });
      progress(`${name}: done in ${((ended - started) / 1000).toFixed(1)} s`);
      return { name, receivers: figures, cpuSeconds };
    }
  } finally {
    await stack.close();
    for (const r of [fast, slow, failing, baselineFast]) await r.stop();
  }
}

type Origin = { tenantId: string; region: string };

/** Produces `count` events of USERS users in batches; returns their ids, each timestamped when sent. */
function producer(backbone: EventBackbone, producedAt: Map<string, number>) {
  return async (count: number, origin: Origin): Promise<string[]> => {
    const ids: string[] = [];
    for (let start = 0; start < count; start += BATCH) {
      const events: CloudEvent[] = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const userId = `user-${i % USERS}`;
        events.push(
          UserUnlockedV1.create(
            userId,
            { userId, via: 'admin' },
            { source: '/idaas/bench', tenantId: origin.tenantId, region: origin.region },
          ),
        );
      }
      const at = performance.now();
      for (const e of events) {
        producedAt.set(e.id, at);
        ids.push(e.id);
      }
      await backbone.bus.publish(outboxRecords(events.map((event) => ({ event, stream: 'user' as const }))));
    }
    return ids;
  };
}

/** Until a few events went all the way: the consumer group has its partitions, connections are open. */
async function warmUp(
  what: string,
  send: ReturnType<typeof producer>,
  origin: Origin,
  receivers: BenchReceiver[],
  log: (m: string) => void,
): Promise<void> {
  log(`${what}: warming up`);
  const ids = await send(WARMUP, origin);
  const deadline = performance.now() + 60000;
  while (!receivers.every((r) => ids.every((id) => r.arrivedAt.has(id)))) {
    if (performance.now() > deadline) throw new Error(`${what}: warm-up events never arrived`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What became of the failing receiver's deliveries: waiting for a retry, or never tried yet. */
async function failingBacklog(stack: NotifyStack, webhookId: string) {
  const deliveries = stack.notificationDb.collection('webhook_deliveries');
  const retrying = await deliveries.countDocuments({ webhookId, status: 'pending', attempts: { $gt: 0 } });
  const heldBack = await deliveries.countDocuments({ webhookId, status: 'pending', attempts: 0 });
  return { retrying, heldBack };
}

function report(baseline: Scenario, alone: Scenario, mix: Scenario): string {
  const ms = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(0));
  const rate = (n: number, s: number) => (s > 0 ? n / s : 0);
  const row = (path: string, s: Scenario, r: ReceiverFigures) => [
    path,
    r.label,
    `${r.delivered}/${EVENTS}`,
    rate(r.delivered, r.seconds).toFixed(0),
    ms(percentile(r.latencies, 50)),
    ms(percentile(r.latencies, 99)),
  ];
  const fastOf = (s: Scenario) => s.receivers.find((r) => r.label === 'fast')!;
  const perCpu = (s: Scenario) => {
    const delivered = s.receivers.reduce((n, r) => n + r.delivered, 0);
    const attempts = s.receivers.reduce((n, r) => n + r.requests, 0);
    return [
      s.name,
      String(delivered),
      String(attempts),
      s.cpuSeconds.toFixed(2),
      rate(delivered, s.cpuSeconds).toFixed(0),
    ];
  };
  const failing = mix.receivers.find((r) => r.label === 'failing')!;
  const durable = fastOf(alone);
  const floor = fastOf(baseline);
  const inMix = fastOf(mix);
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '-');
  return [
    `${EVENTS} idaas.user.unlocked.v1 events of ${USERS} users produced in one burst (batches of ${BATCH}) ` +
      `per scenario; latency = first arrival at the receiver - produce time, so it includes the wait ` +
      `behind the burst. Slow receiver: ${SLOW_MS} ms per answer; failing receiver: always 500. ` +
      `The notification service and the bare forwarder each run as one node process.`,
    '',
    formatTable(
      ['path', 'receiver', 'delivered', 'deliveries/s', 'latency p50 (ms)', 'latency p99 (ms)'],
      [
        row('baseline: bare Kafka consumer -> POST', baseline, floor),
        row('notification service, fast receiver alone', alone, durable),
        ...mix.receivers
          .filter((r) => r.label !== 'failing')
          .map((r) => row('notification service, mix of three', mix, r)),
      ],
    ),
    '',
    formatTable(
      ['failing receiver (in the mix)', 'value'],
      [
        ['attempts', String(failing.requests)],
        ['attempts/s', rate(failing.requests, failing.seconds).toFixed(1)],
        ['delivered', '0'],
        ['deliveries waiting for a retry', String(mix.retrying ?? 0)],
        ['deliveries not tried yet (circuit open)', String(mix.heldBack ?? 0)],
      ],
    ),
    '',
    formatTable(
      ['process under test', 'deliveries', 'HTTP attempts', 'CPU seconds', 'deliveries per CPU-second'],
      [perCpu(baseline), perCpu(alone), perCpu(mix)],
    ),
    '',
    formatTable(
      ['ratio (fast receiver)', 'deliveries/s', 'latency p50', 'latency p99'],
      [
        [
          'notification alone / baseline',
          ratio(rate(durable.delivered, durable.seconds), rate(floor.delivered, floor.seconds)),
          ratio(percentile(durable.latencies, 50), percentile(floor.latencies, 50)),
          ratio(percentile(durable.latencies, 99), percentile(floor.latencies, 99)),
        ],
        [
          'in the mix / alone',
          ratio(rate(inMix.delivered, inMix.seconds), rate(durable.delivered, durable.seconds)),
          ratio(percentile(inMix.latencies, 50), percentile(durable.latencies, 50)),
          ratio(percentile(inMix.latencies, 99), percentile(durable.latencies, 99)),
        ],
      ],
    ),
  ].join('\n');
}
