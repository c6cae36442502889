import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { MongoClient } from 'mongodb';
import { connectEventBackbone, type EventBackbone } from '@idaas/events';
import { operatorToken } from '@idaas/dev/src/seed';
import { main as startAuthentication } from '@idaas/authentication-service';
import { main as startTenant } from '@idaas/tenant-service';
import { connectDatabase } from '@idaas/store';
import { startChildServer, type ChildServer } from '../child-server';
import { BenchReceiver } from './receivers';
import { stackEnv, until } from '../stack-env';

const OPERATOR_SECRET = 'bench-operator-client-secret-0123456789abcdef';

export interface Subscribed {
  receiver: BenchReceiver;
  webhookId: string;
  secret: string;
}

/**
 * Everything `bench notify` measures against: the management plane and an authentication
 * service in this process (not measured: they only set up tenants and subscriptions), the
 * region's notification service as a child process (one core for its JavaScript), and a
 * producer for the region's user topic and for a second region's topic the baseline reads.
 */
export interface NotifyStack {
  region: string;
  baselineRegion: string;
  topicPrefix: string;
  producer: EventBackbone;
  notification: ChildServer;
  /** The region's notification database (delivery records). */
  notificationDb: import('mongodb').Db;
  /** A tenant of its own per scenario, so each scenario's events reach only its subscriptions. */
  tenant(name: string): string;
  subscribed: Record<string, Subscribed>;
  /** Starts a process of its own with the given script, in the stack's environment. */
  startChild(name: string, script: string, extra: Record<string, string>): Promise<ChildServer>;
  close(): Promise<void>;
}

/** WEBHOOK_* settings given to the bench reach the notification service (defaults otherwise). */
const webhookOverrides = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[0].startsWith('WEBHOOK_') && e[0] !== 'WEBHOOK_SECRET_KEY' && !!e[1],
    ),
  );

/**
 * @param scenarios tenant name -> the receivers subscribed (to every user event) in that tenant
 */
export async function startNotifyStack(
  scenarios: Record<string, BenchReceiver[]>,
  log: (m: string) => void,
): Promise<NotifyStack> {
  const run = `bn${Date.now().toString(36)}`;
  const region = run;
  const baselineRegion = `${run}b`;
  const topicPrefix = `${run}.`;
  const webhookSecretKey = randomBytes(32).toString('base64');
  const common = { REGIONS: region, KAFKA_TOPIC_PREFIX: topicPrefix, PORT: '0' };
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    log('starting the management plane and an authentication service (in process)');
    const management = await startTenant({
      env: stackEnv({
        ...common,
        MONGODB_DATABASE: `mgmt_${run}`,
        OPERATOR_CLIENT_SECRET: OPERATOR_SECRET,
        WEBHOOK_SECRET_KEY: webhookSecretKey,
      }),
    });
    closers.push(() => management.close());
    const authentication = await startAuthentication({ env: stackEnv({ ...common, REGION: region }) });
    closers.push(() => authentication.close());
    const token = await operatorToken(authentication.url, OPERATOR_SECRET);
    const admin = async <T>(path: string, body: unknown) => {
      const res = await fetch(`${management.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T };
    };

    const tenants: Record<string, string> = {};
    const subscribed: Record<string, Subscribed> = {};
    for (const [name, receivers] of Object.entries(scenarios)) {
      const slug = `${name}-${run}`;
      // 401 until the region's new signing key has reached the management plane.
      tenants[name] = await until(`tenant ${slug}`, async () => {
        const res = await admin<{ tenantId: string }>('/admin/tenants', {
          slug,
          displayName: slug,
          homeRegion: region,
        });
        return res.status === 201 ? res.body.tenantId : undefined;
      });
      for (const receiver of receivers) {
        const res = await admin<{ webhookId: string; secret: string }>(
          `/admin/tenants/${tenants[name]}/webhooks`,
          { url: receiver.url, eventTypes: ['idaas.user.*'] },
        );
        if (res.status !== 201) throw new Error(`subscribing ${receiver.name} answered ${res.status}`);
        subscribed[`${name}/${receiver.name}`] = { receiver, ...res.body };
      }
    }

    const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
    await mongo.connect();
    closers.push(() => mongo.close());
    const notificationDb = mongo.db(`idaas_${region}_notification`);
    const startChild = async (name: string, script: string, extra: Record<string, string>) => {
      const child = await startChildServer(
        name,
        script,
        stackEnv({ ...common, REGION: region, ...extra }),
        '/readyz',
      );
      closers.push(() => child.stop());
      return child;
    };
    log('starting the notification service (child process)');
    const notification = await startChild('notification', 'services/notification/src/main.ts', {
      WEBHOOK_SECRET_KEY: webhookSecretKey,
      ...webhookOverrides(),
    });
    const ids = Object.values(subscribed).map((s) => s.webhookId);
    await until('the subscriptions in the notification replica', async () => {
      const n = await notificationDb
        .collection('replica_webhooks')
        .countDocuments({ _id: { $in: ids } } as object);
      return n === ids.length ? true : undefined;
    });

    const producerDb = await connectDatabase(process.env.MONGODB_URI ?? '', `bench_${run}_producer`);
    closers.push(() => producerDb.close());
    const producer = await connectEventBackbone({
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      clientId: `bench-${run}`,
      db: producerDb.db,
      logger: pino({ level: 'error' }),
      outboxCollections: [],
      regions: [region, baselineRegion],
      topicPrefix,
    });
    closers.push(() => producer.close());

    return {
      region,
      baselineRegion,
      topicPrefix,
      producer,
      notification,
      notificationDb,
      tenant: (name) => tenants[name]!,
      subscribed,
      startChild,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
