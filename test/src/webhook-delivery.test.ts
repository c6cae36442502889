import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { TENANT_ROLES } from '@idaas/identity';
import {
  connectEventBackbone,
  Topics,
  UserLockedV1,
  UserRegisteredV1,
  UserUnlockedV1,
  type CloudEvent,
  type EventBackbone,
} from '@idaas/events';
import { connectDatabase } from '@idaas/store';
import { main as startNotification } from '@idaas/notification-service';
import { quietLogger } from './support/backbone';
import { env, uniqueRegion } from './support/names';
import { managementToken, startStack, WEBHOOK_SECRET_KEY } from './support/stack';
import { eventually } from './support/wait';
import { WebhookReceiver } from './support/webhook-receiver';

interface Delivery {
  deliveryId: string;
  eventId: string;
  status: string;
  attempts: number;
  lastStatusCode?: number;
  history: { statusCode?: number; error?: string; latencyMs: number }[];
}
interface Page {
  items: Delivery[];
  next?: string;
}

const NOTIFICATION = path.join(__dirname, '..', '..', 'services', 'notification', 'src', 'main.ts');

describe('signed webhook delivery', () => {
  const region = uniqueRegion('wd');
  const database = `mgmt_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const serviceEnv = {
    REGION: region,
    REGIONS: region,
    KAFKA_TOPIC_PREFIX: `${database}.`,
    WEBHOOK_SECRET_KEY,
    // 5 s .. 6 h become 1 ms .. 4.3 s: the whole 24-hour budget runs out in about 16 s.
    WEBHOOK_RETRY_SCALE: '0.0002',
    WEBHOOK_TIMEOUT_MS: '2000',
    WEBHOOK_POLL_MS: '50',
  };
  let stack: Awaited<ReturnType<typeof startStack>>;
  let notification: Awaited<ReturnType<typeof startNotification>> | undefined;
  let producer: { events: EventBackbone; close: () => Promise<void> };
  let child: ChildProcess | undefined;
  let tenantId: string;
  let other: { id: string; slug: string; admin: string };
  const secrets: Record<string, string> = {};
  const receivers: Record<string, WebhookReceiver> = {};
  const webhookOf: Record<string, string> = {};

  const receiver = (name: string) => {
    receivers[name] = new WebhookReceiver(() => secrets[name]);
    return receivers[name];
  };

  const notificationCall = async <T>(p: string, method = 'GET', token = stack.operatorToken) => {
    const res = await fetch(`${notification!.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  /** Subscribes a receiver, and waits until the region's notification replica has it. */
  async function subscribe(name: string, eventTypes: string[]) {
    const created = await stack.admin<{ webhookId: string; secret: string }>(
      `/admin/tenants/${tenantId}/webhooks`,
      'POST',
      { url: receivers[name]!.url, eventTypes },
    );
    expect(created.status).toBe(201);
    secrets[name] = created.body.secret;
    webhookOf[name] = created.body.webhookId;
    await eventually(
      async () =>
        (await mongo
          .db(`idaas_${region}_notification`)
          .collection('replica_webhooks')
          .findOne({ _id: created.body.webhookId } as object)) ?? undefined,
      { what: 'the subscription in the notification replica' },
    );
  }

  const publish = (events: CloudEvent[]) =>
    producer.events.bus.publish(events.map((event) => ({ topic: Topics.user(region), event, trace: {} })));
  const origin = () => ({ source: `/idaas/${region}/test`, tenantId, region });

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([region], database);
    tenantId = await stack.createTenant(`wd-${region}`, region);
    notification = await startNotification({ env: env(serviceEnv) });
    const db = await connectDatabase(process.env.MONGODB_URI ?? '', `producer_${region}`);
    const events = await connectEventBackbone({
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      clientId: `producer-${region}`,
      db: db.db,
      logger: quietLogger,
      outboxCollections: [],
      regions: [region],
      topicPrefix: `${database}.`,
    });
    producer = { events, close: () => events.close().then(() => db.close()) };
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await notification?.close();
    await producer?.close();
    await Promise.all(Object.values(receivers).map((r) => r.down()));
    await stack?.close();
    await mongo.close();
  });

  it('gets every event to a receiver that was down and then failing, signed, in order per user', async () => {
    const flaky = receiver('flaky');
    await flaky.up();
    await flaky.down(); // keeps its port, refuses connections for now
    await subscribe('flaky', ['idaas.user.*']);

    const users = ['u-1', 'u-2', 'u-3'];
    const sent: Record<string, string[]> = {};
    const events: CloudEvent[] = [];
    for (let round = 0; round < 4; round++) {
      for (const user of users) {
        const event =
          round % 2 === 0
            ? UserLockedV1.create(user, { userId: user, from: 'active' }, origin())
            : UserUnlockedV1.create(user, { userId: user, via: 'admin' }, origin());
        events.push(event);
        (sent[user] ??= []).push(event.id);
      }
    }
    // An event of a type nobody defined: parked by the backbone, the consumer goes on.
    const unknown = {
      ...UserRegisteredV1.create('u-1', { userId: 'u-1', status: 'active', via: 'admin' }, origin()),
    };
    unknown.type = 'idaas.user.exploded.v1';
    await publish([events[0]!, unknown, ...events.slice(1)]);

    await new Promise((r) => setTimeout(r, 600));
    let failures = 3;
    flaky.answer = () => (failures-- > 0 ? 500 : 204);
    await flaky.up();

    await eventually(async () => flaky.accepted().length >= events.length, {
      what: 'every event accepted',
      timeoutMs: 60000,
    });
    expect(flaky.received.every((r) => r.signatureValid)).toBe(true);
    expect(new Set(flaky.received.map((r) => r.contentType))).toEqual(
      new Set(['application/cloudevents+json']),
    );
    expect(flaky.received.filter((r) => r.answered === 500)).toHaveLength(3);
    for (const user of users) {
      const order = flaky
        .accepted()
        .filter((r) => r.subject === user)
        .map((r) => r.eventId);
      expect(order).toEqual(sent[user]);
    }
    // Every retry of one event carried the same webhook-id, and ids differ between events.
    const idsByEvent = new Map<string, Set<string>>();
    for (const r of flaky.received)
      idsByEvent.set(r.eventId, (idsByEvent.get(r.eventId) ?? new Set()).add(r.webhookId));
    expect([...idsByEvent.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(new Set(flaky.received.map((r) => r.webhookId)).size).toBe(events.length);
    expect(flaky.received.some((r) => r.type === 'idaas.user.exploded.v1')).toBe(false);
  });

  it('keeps a delivery log with attempts and response codes, newest first, paginated', async () => {
    const base = `/admin/tenants/${tenantId}/webhooks/${webhookOf.flaky}/deliveries`;
    const first = await notificationCall<Page>(`${base}?limit=5`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(5);
    const rest = await notificationCall<Page>(`${base}?limit=50&cursor=${first.body.next}`);
    const all = [...first.body.items, ...rest.body.items];
    expect(all).toHaveLength(12);
    expect(new Set(all.map((d) => d.deliveryId)).size).toBe(12);
    expect(all.every((d) => d.status === 'succeeded' && d.lastStatusCode === 204)).toBe(true);
    const attempts = all.flatMap((d) => d.history);
    expect(attempts.filter((a) => a.statusCode === 500)).toHaveLength(3);
    expect(attempts.some((a) => a.statusCode === undefined && a.error)).toBe(true); // while it was down
    expect(all.reduce((n, d) => n + d.attempts, 0)).toBe(attempts.length);
    const received = new Set(receivers.flaky!.received.map((r) => r.webhookId));
    expect(all.every((d) => received.has(d.deliveryId))).toBe(true);

    const bad = await notificationCall<{ errors: { field: string }[] }>(`${base}?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['query.limit']);
  });

  it('dead-letters what a receiver never accepts, lists it, and replays it with the same webhook-id', async () => {
    const broken = receiver('broken');
    broken.answer = () => 500;
    await broken.up();
    await subscribe('broken', ['idaas.user.registered.v1']);
    const event = UserRegisteredV1.create('u-9', { userId: 'u-9', status: 'active', via: 'admin' }, origin());
    await publish([event]);

    const dead = await eventually(
      async () => {
        const page = await notificationCall<Page>(`/admin/tenants/${tenantId}/dead-letters`);
        return page.body.items.find((d) => d.eventId === event.id);
      },
      { what: 'the dead letter', timeoutMs: 90000 },
    );
    expect(dead).toMatchObject({ status: 'dead', attempts: 10, lastStatusCode: 500 });
    expect(broken.received.every((r) => r.webhookId === dead.deliveryId && r.signatureValid)).toBe(true);
    expect(broken.received).toHaveLength(10);

    broken.answer = () => 200;
    const replay = `/admin/tenants/${tenantId}/dead-letters/${dead.deliveryId}/replay`;
    const replayed = await notificationCall<Delivery>(replay, 'POST');
    expect(replayed.status).toBe(200);
    await eventually(async () => broken.accepted().length === 1, { what: 'the replayed delivery' });
    expect(broken.accepted()[0]).toMatchObject({ webhookId: dead.deliveryId, eventId: event.id });
    const after = await notificationCall<Page>(`/admin/tenants/${tenantId}/dead-letters`);
    expect(after.body.items.map((d) => d.eventId)).not.toContain(event.id);
    expect((await notificationCall(replay, 'POST')).status).toBe(409);
    expect(
      (await notificationCall(`/admin/tenants/${tenantId}/dead-letters/msg_nothing/replay`, 'POST')).status,
    ).toBe(404);
  });

  it("answers another tenant's admin 404 on this tenant's deliveries and dead letters", async () => {
    const slug = `wo-${region}`;
    other = { id: await stack.createTenant(slug, region), slug, admin: '' };
    const app = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${other.id}/applications`,
      'POST',
      { name: 'admin', kind: 'm2m', scopes: [...TENANT_ROLES.tenant_admin] },
    );
    other.admin = await eventually(
      () =>
        managementToken(stack.authentication[region]!.url, slug, app.body.clientId, app.body.clientSecret),
      { what: 'a token of the other tenant' },
    );
    const own = await eventually(
      async () => {
        const r = await notificationCall<Page>(`/admin/tenants/${other.id}/dead-letters`, 'GET', other.admin);
        return r.status === 200 ? r : undefined;
      },
      { what: 'the other tenant in the notification replica' },
    );
    expect(own.body.items).toEqual([]);
    const probes: [string, string][] = [
      [`/admin/tenants/${tenantId}/webhooks/${webhookOf.flaky}/deliveries`, 'GET'],
      [`/admin/tenants/${tenantId}/dead-letters`, 'GET'],
      [`/admin/tenants/${tenantId}/dead-letters/msg_nothing/replay`, 'POST'],
      [`/admin/tenants/${other.id}/webhooks/${webhookOf.flaky}/deliveries`, 'GET'],
    ];
    for (const [p, method] of probes) {
      expect({ p, status: (await notificationCall(p, method, other.admin)).status }).toEqual({
        p,
        status: 404,
      });
    }
    expect((await notificationCall(`/admin/tenants/${tenantId}/dead-letters`, 'GET', '')).status).toBe(401);
  });

  it('delivers every webhook at least once, with the same webhook-id, across a SIGKILL mid-delivery', async () => {
    const slow = receiver('slow');
    let holding = true;
    slow.answer = async () => {
      // Hold the first requests open until the process that sent them is killed.
      while (holding) await new Promise((r) => setTimeout(r, 50));
      return 200;
    };
    await slow.up();
    await subscribe('slow', ['idaas.user.unlocked.v1']);
    // From here on only the child process delivers.
    await notification!.close();
    notification = undefined;
    const events = ['k-1', 'k-2', 'k-3', 'k-4'].map((u) =>
      UserUnlockedV1.create(u, { userId: u, via: 'admin' }, origin()),
    );
    await publish(events);

    const start = () =>
      spawn(process.execPath, ['--import', 'tsx', NOTIFICATION], {
        env: { ...env(serviceEnv), LOG_LEVEL: 'error' },
        stdio: 'ignore',
      });
    child = start();
    // Requests reach the receiver but their answers are held: the kill lands mid-delivery.
    await eventually(async () => slow.arrived >= 1, { what: 'a delivery in flight' });
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const killedAt = Date.now();
    holding = false;
    child = start();
    const afterRestart = () => slow.received.filter((r) => r.arrivedAt > killedAt && r.answered === 200);
    await eventually(async () => events.every((e) => afterRestart().some((r) => r.eventId === e.id)), {
      what: 'every webhook after the restart',
      timeoutMs: 60000,
    });
    child.kill('SIGKILL');
    child = undefined;
    expect(slow.received.every((r) => r.signatureValid)).toBe(true);
    // Those in flight at the kill went out again after the restart (leases expired), same id.
    const inFlightAtKill = slow.received.filter((r) => r.arrivedAt <= killedAt);
    expect(inFlightAtKill.length).toBeGreaterThan(0);
    for (const e of events) {
      const ids = new Set(slow.received.filter((r) => r.eventId === e.id).map((r) => r.webhookId));
      expect(ids.size).toBe(1);
    }
  });
});
