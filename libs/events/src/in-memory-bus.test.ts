import { PoisonEventError, type DeliveredEvent } from './bus';
import { InMemoryEventBus } from './in-memory-bus';
import { outboxRecords } from './outbox';
import { Topics } from './topics';
import { TenantCreatedV1, TenantUpdatedV1 } from './types';

const tenant = {
  tenantId: 't1',
  slug: 'acme',
  displayName: 'Acme',
  homeRegion: 'eu',
  status: 'active',
  version: 1,
} as const;
const origin = { source: '/idaas/tenant', tenantId: 't1' };

describe('InMemoryEventBus', () => {
  it('delivers each event once per group, including events published before subscribing', async () => {
    const bus = new InMemoryEventBus();
    const created = TenantCreatedV1.create('t1', tenant, origin);
    await bus.publish(outboxRecords([{ event: created, stream: 'config' }]));
    const seenA: string[] = [];
    const seenB: string[] = [];
    const handler = (seen: string[]) => async (d: DeliveredEvent) => void seen.push(d.event.id);
    await bus.subscribe({
      groupId: 'a',
      topics: [Topics.config],
      handlers: { [TenantCreatedV1.type]: handler(seenA) },
    });
    await bus.subscribe({
      groupId: 'b',
      topics: [Topics.config],
      handlers: { [TenantCreatedV1.type]: handler(seenB) },
    });
    const records = outboxRecords([
      { event: TenantCreatedV1.create('t2', { ...tenant, tenantId: 't2' }, origin), stream: 'config' },
    ]);
    await bus.publish(records);
    await bus.publish(records); // a relay re-publish after a crash
    expect(seenA).toEqual([created.id, records[0]!.event.id]);
    expect(seenB).toEqual(seenA);
  });

  it('parks events a handler refuses and keeps going', async () => {
    const bus = new InMemoryEventBus();
    const handled: string[] = [];
    await bus.subscribe({
      groupId: 'g',
      topics: [Topics.config],
      handlers: {
        [TenantUpdatedV1.type]: async ({ event }) => {
          if (event.subject === 'bad') throw new PoisonEventError('cannot apply');
          handled.push(event.subject);
        },
      },
    });
    await bus.publish(
      outboxRecords([
        { event: TenantUpdatedV1.create('bad', tenant, origin), stream: 'config' },
        { event: TenantUpdatedV1.create('good', tenant, origin), stream: 'config' },
      ]),
    );
    expect(handled).toEqual(['good']);
    expect(bus.deadLetters.map((d) => d.error)).toEqual(['cannot apply']);
  });
});
