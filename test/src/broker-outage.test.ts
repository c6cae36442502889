import { startKafka, stopKafka } from '@idaas/infra-local';
import { Topics } from '@idaas/events';
import { backboneFor } from './support/backbone';
import { appliedEventIds, countingHandler } from './support/counting';
import { uniqueRegion } from './support/names';
import { AGGREGATES, registerUser } from './support/user-events';
import { eventually } from './support/wait';

/**
 * The broker goes away while 1,000 outbox writes happen. Writes still succeed (they only touch
 * MongoDB); once the broker is back, every event is delivered and applied exactly once.
 */
describe('broker outage during outbox writes', () => {
  const region = uniqueRegion('out');
  let backbone: Awaited<ReturnType<typeof backboneFor>>;

  beforeAll(async () => {
    backbone = await backboneFor(region, `outage_${region}`, [AGGREGATES]);
  });

  afterAll(async () => {
    await startKafka(); // leave the stack as we found it, even if the test failed midway
    await backbone?.close();
  });

  it('delivers all 1,000 events after the broker returns, none applied twice', async () => {
    const { db, events } = backbone;
    const subscription = await events.bus.subscribe({
      groupId: `${region}.counter`,
      topics: [Topics.user(region)],
      handlers: countingHandler(db),
    });

    const written: string[] = [];
    const write = async (from: number, to: number) => {
      for (let i = from; i < to; i += 50) {
        const batch = Array.from({ length: Math.min(50, to - i) }, (_, k) =>
          registerUser(db, region, `user-${(i + k) % 100}`),
        );
        written.push(...(await Promise.all(batch)));
      }
    };

    await write(0, 200);
    const stopping = stopKafka();
    await write(200, 800); // while the broker shuts down and is away
    await stopping;
    await write(800, 1000);
    expect(written).toHaveLength(1000);
    expect(await events.relay.backlog()).toBeGreaterThan(0);

    await startKafka();
    const applied = await eventually(
      async () => {
        const ids = await appliedEventIds(db);
        return ids.length >= 1000 ? ids : undefined;
      },
      { timeoutMs: 150000, intervalMs: 500, what: '1,000 applied events' },
    );
    await subscription.stop();

    expect(new Set(applied).size).toBe(applied.length); // none twice
    expect(new Set(applied)).toEqual(new Set(written)); // none lost
    expect(await events.relay.backlog()).toBe(0);
  });
});
