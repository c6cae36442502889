import { ConfigResourceTypes } from 'kafkajs';
import { outboxRecords, Topics, UserRegisteredV1, type DeliveredEvent } from '@idaas/events';
import { backboneFor } from './support/backbone';
import { uniqueRegion } from './support/names';
import { eventually } from './support/wait';

describe('Kafka backbone', () => {
  const region = uniqueRegion('kb');
  let backbone: Awaited<ReturnType<typeof backboneFor>>;

  beforeAll(async () => {
    backbone = await backboneFor(region, `kb_${region}`);
  });

  afterAll(async () => {
    await backbone?.close();
  });

  it("creates the region's topics, and keeps config events forever", async () => {
    const admin = backbone.events.kafka.admin();
    await admin.connect();
    try {
      const topics = await admin.listTopics();
      expect(topics).toEqual(
        expect.arrayContaining([
          Topics.config,
          Topics.keys,
          Topics.deadLetter,
          Topics.user(region),
          Topics.auth(region),
        ]),
      );
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: Topics.config, configNames: ['retention.ms'] }],
      });
      expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('-1');
    } finally {
      await admin.disconnect();
    }
  });

  it('gives every consumer group each event once, keyed and ordered per user', async () => {
    const { bus } = backbone.events;
    const seen: Record<string, string[]> = { a: [], b: [] };
    const subs = await Promise.all(
      (['a', 'b'] as const).map((g) =>
        bus.subscribe({
          groupId: `${region}.${g}`,
          topics: [Topics.user(region)],
          handlers: {
            [UserRegisteredV1.type]: async ({ event }: DeliveredEvent) => void seen[g]!.push(event.id),
          },
        }),
      ),
    );
    const events = Array.from({ length: 20 }, (_, i) =>
      UserRegisteredV1.create(
        'same-user',
        { userId: 'same-user', status: 'active', via: 'admin' },
        { source: '/t', tenantId: `t${i}`, region },
      ),
    );
    for (const e of events) await bus.publish(outboxRecords([{ event: e, stream: 'user' }]));
    await eventually(async () => seen.a!.length >= 20 && seen.b!.length >= 20, { what: 'both groups' });
    await Promise.all(subs.map((s) => s.stop()));
    expect(seen.a).toEqual(events.map((e) => e.id)); // one key, one partition: order kept
    expect(seen.b).toEqual(seen.a);
  });
});
