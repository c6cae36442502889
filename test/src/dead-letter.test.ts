import { Topics, UserRegisteredV1, type DeliveredEvent } from '@idaas/events';
import { backboneFor } from './support/backbone';
import { uniqueRegion } from './support/names';
import { eventually } from './support/wait';

describe('poison messages', () => {
  const region = uniqueRegion('dlq');
  let backbone: Awaited<ReturnType<typeof backboneFor>>;

  beforeAll(async () => {
    backbone = await backboneFor(region, `dlq_${region}`);
  });

  afterAll(async () => {
    await backbone?.close();
  });

  it('parks bad JSON, unknown types and schema violations on the dead-letter topic and keeps consuming', async () => {
    const { kafka, bus } = backbone.events;
    const topic = Topics.user(region);
    const good = UserRegisteredV1.create(
      'u-1',
      { userId: 'u-1', status: 'active', via: 'admin' },
      { source: '/test', tenantId: 't', region },
    );
    const handled: string[] = [];
    const sub = await bus.subscribe({
      groupId: `${region}.poison`,
      topics: [topic],
      handlers: { [UserRegisteredV1.type]: async ({ event }: DeliveredEvent) => void handled.push(event.id) },
    });

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'u-1', value: '{"specversion": "1.0", "id": ' },
        { key: 'u-1', value: JSON.stringify({ ...good, id: 'unknown-1', type: 'idaas.user.teleported.v1' }) },
        {
          key: 'u-1',
          value: JSON.stringify({ ...good, id: 'invalid-1', data: { userId: 'u-1', status: 'sleeping' } }),
        },
        { key: 'u-1', value: JSON.stringify(good) },
      ],
    });

    await eventually(async () => handled.includes(good.id), { what: 'the good event after the poison ones' });
    expect(handled).toEqual([good.id]);

    const parked: { error: string; offset: string }[] = [];
    const dlq = kafka.consumer({ groupId: `${region}.dlq-reader` });
    await dlq.connect();
    await dlq.subscribe({ topics: [Topics.deadLetter], fromBeginning: true });
    await dlq.run({
      eachMessage: async ({ message }) => {
        if (message.headers?.['x-original-topic']?.toString() !== topic) return;
        parked.push({
          error: String(message.headers['x-dead-letter-error']),
          offset: String(message.headers['x-original-offset']),
        });
      },
    });
    await eventually(async () => parked.length >= 3, { what: 'three dead letters' });
    await dlq.disconnect();
    await producer.disconnect();
    await sub.stop();

    expect(parked.map((p) => p.error)).toEqual([
      'malformed JSON',
      'unknown event type idaas.user.teleported.v1',
      expect.stringMatching(/^idaas.user.registered.v1 data invalid: status/),
    ]);
  });
});
