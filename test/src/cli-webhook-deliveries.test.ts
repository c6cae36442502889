import { Topics, UserRegisteredV1, type CloudEvent } from '@idaas/events';
import { backboneFor } from './support/backbone';
import { idaasCli, type CliRun } from './support/idaas-cli';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';
import { WebhookReceiver } from './support/webhook-receiver';
import { startRegionNotification, type RunningNotification } from './support/mailbox';

interface Delivery {
  deliveryId: string;
  eventId: string;
  status: string;
  attempts: number;
  lastStatusCode?: number;
  history: { statusCode?: number }[];
}
interface Page {
  items: Delivery[];
  next?: string;
}

/** The delivery log, dead letters and replay through `idaas`, against a region's notification service. */
describe('idaas CLI: webhook deliveries, dead letters and replay', () => {
  const region = uniqueRegion('cliw');
  const database = `mgmt_${region}`;
  let stack: Awaited<ReturnType<typeof startStack>>;
  let notification: RunningNotification;
  let producer: Awaited<ReturnType<typeof backboneFor>>;
  let idaas: (...args: string[]) => Promise<CliRun>;
  let tenantId: string;
  let secret: string | undefined;
  const receiver = new WebhookReceiver(() => secret);

  /** A command that must succeed; its JSON output and what it said on stderr. */
  async function ok<T>(...args: string[]): Promise<{ body: T; err: string }> {
    const res = await idaas(...args);
    expect({ code: res.code, err: res.err.replace(/^next page: .*\n$/, '') }).toEqual({ code: 0, err: '' });
    return { body: JSON.parse(res.out) as T, err: res.err };
  }

  beforeAll(async () => {
    stack = await startStack([region], database);
    tenantId = await stack.createTenant(`cliw-${region}`, region);
    notification = await startRegionNotification(region, database, {
      // 5 s .. 6 h become 0.1 ms .. 0.4 s: ten attempts and a dead letter in about two seconds.
      WEBHOOK_RETRY_SCALE: '0.00002',
      WEBHOOK_POLL_MS: '50',
    });
    producer = await backboneFor(region, `producer_${region}`, [], `${database}.`);
    idaas = idaasCli(stack, region, undefined, { IDAAS_NOTIFICATION_URL: notification.url });
    await receiver.up();
  });

  afterAll(async () => {
    await notification?.close();
    await producer?.close();
    await receiver.down();
    await stack?.close();
  });

  const registered = (user: string): CloudEvent =>
    UserRegisteredV1.create(
      user,
      { userId: user, status: 'active', via: 'admin' },
      { source: `/idaas/${region}/test`, tenantId, region },
    );

  it('lists what a failing receiver never accepted as dead letters, replays one with the same webhook-id and shows every attempt', async () => {
    receiver.answer = () => 500;
    const created = await ok<{ webhookId: string; secret: string }>(
      'webhooks',
      'create',
      '--tenant',
      tenantId,
      '--url',
      receiver.url,
      '--events',
      'idaas.user.registered.v1',
    );
    secret = created.body.secret;
    const webhookId = created.body.webhookId;
    // The region answers 404 until its replica has the subscription.
    await eventually(
      async () =>
        (await idaas('webhooks', 'deliveries', '--tenant', tenantId, '--webhook', webhookId)).code === 0,
      { what: "the subscription at the region's notification service" },
    );

    const events = [registered('u-1'), registered('u-2')];
    await producer.events.bus.publish(
      events.map((event) => ({ topic: Topics.user(region), event, trace: {} })),
    );
    const dead = await eventually(
      async () => {
        const { body } = await ok<Page>('webhooks', 'dead-letters', '--tenant', tenantId);
        return body.items.length === 2 ? body.items : undefined;
      },
      { what: 'two dead letters' },
    );
    expect(new Set(dead.map((d) => d.eventId))).toEqual(new Set(events.map((e) => e.id)));
    expect(dead.every((d) => d.status === 'dead' && d.attempts === 10 && d.lastStatusCode === 500)).toBe(
      true,
    );

    // One at a time: the first page says how to get the next, the last says nothing.
    const first = await ok<Page>('webhooks', 'dead-letters', '--tenant', tenantId, '--limit', '1');
    expect(first.body.items).toHaveLength(1);
    const [, nextCommand] = /^next page: (idaas .*)\n$/.exec(first.err) ?? [];
    expect(nextCommand).toBe(
      `idaas webhooks dead-letters --tenant ${tenantId} --limit 1 --cursor ${first.body.next}`,
    );
    const second = await ok<Page>(...nextCommand!.split(' ').slice(1));
    expect(second.err).toBe('');
    expect([...first.body.items, ...second.body.items].map((d) => d.deliveryId)).toEqual(
      dead.map((d) => d.deliveryId),
    );

    const replayed = dead.find((d) => d.eventId === events[0]!.id)!;
    receiver.answer = () => 204;
    await ok('webhooks', 'replay', '--tenant', tenantId, '--delivery', replayed.deliveryId);
    await eventually(async () => receiver.accepted().length === 1, { what: 'the replayed delivery' });
    expect(receiver.accepted()[0]).toMatchObject({
      webhookId: replayed.deliveryId,
      eventId: events[0]!.id,
      signatureValid: true,
    });

    const log = await ok<Page>('webhooks', 'deliveries', '--tenant', tenantId, '--webhook', webhookId);
    const delivered = log.body.items.find((d) => d.deliveryId === replayed.deliveryId);
    expect(delivered).toMatchObject({ status: 'succeeded', attempts: 11, lastStatusCode: 204 });
    expect(delivered!.history.map((a) => a.statusCode)).toEqual([...Array<number>(10).fill(500), 204]);
    const left = await ok<Page>('webhooks', 'dead-letters', '--tenant', tenantId);
    expect(left.body.items.map((d) => d.eventId)).toEqual([events[1]!.id]);

    const again = await idaas('webhooks', 'replay', '--tenant', tenantId, '--delivery', replayed.deliveryId);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/answered 409 Conflict: Only dead letters can be replayed/);
  });

  it('prints each refused field once, and stops with a usage line when the region is not configured', async () => {
    const refused = await idaas('webhooks', 'dead-letters', '--tenant', tenantId, '--limit', '500');
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^idaas: GET \/admin\/tenants\/\S+\/dead-letters\?limit=500 answered 400 Bad Request$/,
      ),
      expect.stringMatching(/^ {2}query\.limit: /),
    ]);

    const unknown = await idaas('webhooks', 'replay', '--tenant', tenantId, '--delivery', 'msg_nothing');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/answered 404 Not Found/);

    const unconfigured = idaasCli(stack, region, undefined, { IDAAS_NOTIFICATION_URL: '' });
    const res = await unconfigured('webhooks', 'dead-letters', '--tenant', tenantId);
    expect(res.code).toBe(2);
    expect(res.err.trim().split('\n')).toEqual([
      expect.stringMatching(/^idaas: IDAAS_NOTIFICATION_URL is required/),
    ]);
  });
});
