import { createServer } from 'node:http';
import pino from 'pino';
import { createKafka } from '@idaas/events';
import { webhookHeaders } from '@idaas/notification-service/src/webhooks/signature';

/**
 * The floor of `bench notify`, run as a process of its own like the notification service: a
 * bare Kafka consumer that signs each event and POSTs it to one receiver, with no delivery
 * record, no lease, no retry and no processed-ids check. Per-partition order comes from
 * awaiting each POST. Serves /readyz once its consumer runs.
 */
async function main(): Promise<void> {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  const target = env('FORWARD_URL');
  const secret = env('FORWARD_SECRET');
  const logger = pino({ level: 'error' });
  const kafka = createKafka(env('KAFKA_BROKERS').split(','), 'bench-bare-forwarder', logger);
  const consumer = kafka.consumer({ groupId: env('FORWARD_GROUP') });
  await consumer.connect();
  await consumer.subscribe({ topics: [env('FORWARD_TOPIC')], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      if (!message.value) return;
      const body = message.value.toString('utf8');
      const { id } = JSON.parse(body) as { id: string };
      const headers = {
        'content-type': 'application/cloudevents+json',
        ...webhookHeaders({ id, timestamp: Math.floor(Date.now() / 1000), body }, [secret]),
      };
      const res = await fetch(target, { method: 'POST', body, headers });
      await res.arrayBuffer();
    },
  });
  const server = createServer((_req, res) => res.writeHead(200).end('ok'));
  server.listen(Number(env('PORT')), '127.0.0.1');
  const stop = () => {
    server.close();
    void consumer.disconnect().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
