import { performance } from 'node:perf_hooks';
import pino from 'pino';
import {
  ApplicationChangedV1,
  ApplicationGroupChangedV1,
  connectEventBackbone,
  outboxRecords,
  policySchema,
  TenantCreatedV1,
  TenantPolicyChangedV1,
  Topics,
  type CloudEvent,
  type DeliveredEvent,
  type EventBackbone,
  type EventData,
  type EventHandler,
} from '@idaas/events';
import { operatorToken } from '@idaas/dev/src/seed';
import { main as startAuthentication } from '@idaas/authentication-service';
import { main as startTenant } from '@idaas/tenant-service';
import { ApplicationReplica, PolicyReplica, TenantReplica } from '@idaas/replica';
import { connectDatabase } from '@idaas/store';
import type { Db } from 'mongodb';
import { formatTable, median, percentile } from '../stats';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 200);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 2000);
const LOOKUP_SECONDS = Number(process.env.BENCH_LOOKUP_SECONDS ?? 3);
const SECRET = 'bench-operator-client-secret-0123456789abcdef';

type Latencies = { management: number[]; direct: number[] };

/**
 * Two figures of the configuration path. Propagation: a policy saved through the admin API
 * until a region's read model (the same replica code and consumer group a region runs) holds
 * it, beside the floor of that path: the same event produced straight to the config topic.
 * Lookups: what a token request asks the read model (tenant by slug, client, effective policy)
 * with thousands of tenants loaded, from memory on one core, beside the same reads from the
 * region's MongoDB, which is what answering without the in-memory model would cost.
 */
export async function configBenchmark(log: (m: string) => void): Promise<string> {
  const run = `bc${Date.now().toString(36)}`;
  const region = run;
  const prefix = `${run}.`;
  const env = (extra: Record<string, string>) => ({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGODB_URI: process.env.MONGODB_URI,
    LOG_LEVEL: 'error',
    PORT: '0',
    KAFKA_TOPIC_PREFIX: prefix,
    REGIONS: region,
    ...extra,
  });
  log('starting the management plane and one region');
  const management = await startTenant({
    env: env({ MONGODB_DATABASE: `mgmt_${run}`, OPERATOR_CLIENT_SECRET: SECRET }),
  });
  const authentication = await startAuthentication({ env: env({ REGION: region }) });
  const probe = await connectDatabase(process.env.MONGODB_URI ?? '', `bench_${run}_probe`);
  const backbone = await connectEventBackbone({
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    clientId: `bench-${run}`,
    db: probe.db,
    logger: pino({ level: 'error' }),
    outboxCollections: [],
    regions: [region],
    topicPrefix: prefix,
  });
  try {
    const token = await operatorToken(authentication.url, SECRET);
    const tenantId = await createTenant(management.url, token, `bench-${run}`, region);
    const latencies = await propagation(backbone, probe.db, management.url, token, tenantId, log);
    const lookups = await lookupRates(probe.db, log);
    return report(latencies, lookups);
  } finally {
    await backbone.close();
    await probe.close();
    await authentication.close();
    await management.close();
  }
}

async function createTenant(url: string, token: string, slug: string, region: string): Promise<string> {
  for (;;) {
    const res = await fetch(`${url}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug, displayName: slug, homeRegion: region }),
    });
    if (res.status === 201) return ((await res.json()) as { tenantId: string }).tenantId;
    // 401 until the region's new signing key has reached the management plane.
    if (res.status !== 401) throw new Error(`creating the bench tenant answered ${res.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function propagation(
  backbone: EventBackbone,
  db: Db,
  managementUrl: string,
  token: string,
  tenantId: string,
  log: (m: string) => void,
): Promise<Latencies> {
  const replica = new PolicyReplica(db);
  const waiting = new Map<string, () => void>();
  const handlers = replica.handlers();
  const apply = handlers[TenantPolicyChangedV1.type]!;
  const observed: EventHandler = async (delivery) => {
    await apply(delivery);
    const { version, tenantId: of } = delivery.event.data as EventData<typeof TenantPolicyChangedV1>;
    waiting.get(`${of}/${version}`)?.();
  };
  const sub = await backbone.bus.subscribe({
    groupId: `${tenantId}.bench-probe`,
    topics: [Topics.config],
    handlers: { ...handlers, [TenantPolicyChangedV1.type]: observed },
  });
  const visible = (of: string, version: number) =>
    new Promise<void>((resolve) => {
      waiting.set(`${of}/${version}`, resolve);
    });
  // The floor's events name a tenant of their own, so the two paths never share versions.
  const floorTenant = `${tenantId}-floor`;
  const latencies: Latencies = { management: [], direct: [] };
  try {
    // Change 0 also waits for the consumer group to be assigned its partitions: not measured.
    for (let version = 1; version <= CHANGES + 1; version++) {
      const policy = { lockout: { maxAttempts: 1 + (version % 50), durationSeconds: 60 } };
      let seen = visible(tenantId, version);
      let started = performance.now();
      const res = await fetch(`${managementUrl}/admin/tenants/${tenantId}/policy`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(policy),
      });
      if (res.status !== 200) throw new Error(`policy change answered ${res.status}: ${await res.text()}`);
      await seen;
      if (version > 1) latencies.management.push(performance.now() - started);

      seen = visible(floorTenant, version);
      started = performance.now();
      const event = TenantPolicyChangedV1.create(
        floorTenant,
        { tenantId: floorTenant, policy: policySchema.parse(policy), version },
        { source: '/idaas/bench', tenantId: floorTenant },
      );
      await backbone.bus.publish(outboxRecords([{ event, stream: 'config' }]));
      await seen;
      if (version > 1) latencies.direct.push(performance.now() - started);
      if (version % 50 === 0) log(`propagation: ${version}/${CHANGES} changes`);
    }
  } finally {
    await sub.stop();
  }
  return latencies;
}

interface LookupRates {
  memory: number;
  database: number;
}

async function lookupRates(db: Db, log: (m: string) => void): Promise<LookupRates> {
  const tenants = new TenantReplica(db);
  const applications = new ApplicationReplica(db);
  const policies = new PolicyReplica(db);
  const tenantApply = tenants.handlers()[TenantCreatedV1.type]!;
  const appApply = applications.handlers()[ApplicationChangedV1.type]!;
  const policyApply = policies.handlers()[TenantPolicyChangedV1.type]!;
  const groupApply = policies.handlers()[ApplicationGroupChangedV1.type]!;
  log(`loading ${TENANTS} tenants, each with an application, a policy and a group, into a read model`);
  const ctx = (event: CloudEvent): DeliveredEvent => ({
    event,
    topic: Topics.config,
    partition: 0,
    offset: '0',
  });
  for (let i = 0; i < TENANTS; i++) {
    const tenantId = `t-${i}`;
    const origin = { source: '/idaas/bench', tenantId };
    await tenantApply(
      ctx(
        TenantCreatedV1.create(
          tenantId,
          {
            tenantId,
            slug: `tenant-${i}`,
            displayName: `Tenant ${i}`,
            homeRegion: 'bench',
            status: 'active',
            version: 1,
          },
          origin,
        ),
      ),
    );
    await appApply(ctx(ApplicationChangedV1.create(`app-${i}`, application(tenantId, `app-${i}`), origin)));
    await policyApply(
      ctx(
        TenantPolicyChangedV1.create(
          tenantId,
          { tenantId, policy: policySchema.parse({}), version: 1 },
          origin,
        ),
      ),
    );
    const group = {
      groupId: `group-${i}`,
      tenantId,
      name: 'strict',
      applicationIds: [`app-${i}`],
      overrides: { mfa: { mode: 'required' as const } },
      status: 'active' as const,
      version: 1,
    };
    await groupApply(ctx(ApplicationGroupChangedV1.create(group.groupId, group, origin)));
    if ((i + 1) % 500 === 0) log(`loaded ${i + 1}/${TENANTS}`);
  }

  let sink = 0;
  const memoryLookup = (i: number) => {
    const t = tenants.findBySlug(`tenant-${i}`);
    const app = t && applications.find(t.tenantId, `app-${i}`);
    if (app) sink += policies.effectiveFor(t.tenantId, app.applicationId).policy.lockout.maxAttempts;
  };
  const collections = {
    tenants: db.collection<{ _id: string; slug: string }>('replica_tenants'),
    applications: db.collection<{ _id: string; tenantId: string }>('replica_applications'),
    policies: db.collection<{ _id: string }>('replica_policies'),
    groups: db.collection<{ _id: string; tenantId: string; status: string }>('replica_application_groups'),
  };
  const databaseLookup = async (i: number) => {
    const t = await collections.tenants.findOne({ slug: `tenant-${i}` });
    const app = t && (await collections.applications.findOne({ _id: `app-${i}`, tenantId: t._id }));
    if (app) {
      const policy = await collections.policies.findOne({ _id: t._id });
      const groups = await collections.groups.find({ tenantId: t._id, status: 'active' }).toArray();
      sink += policy ? groups.length : 0;
    }
  };
  const rate = async (lookup: (i: number) => unknown) => {
    let done = 0;
    const until = performance.now() + LOOKUP_SECONDS * 1000;
    const started = performance.now();
    while (performance.now() < until) {
      for (let k = 0; k < 100; k++) await lookup((done + k * 7919) % TENANTS);
      done += 100;
    }
    return done / ((performance.now() - started) / 1000);
  };
  log('measuring lookups from memory');
  const memory = await rate(memoryLookup);
  log('measuring the same lookups from MongoDB');
  const database = await rate(databaseLookup);
  if (sink === 0) throw new Error('no lookup found anything');
  return { memory, database };
}

function application(tenantId: string, applicationId: string): EventData<typeof ApplicationChangedV1> {
  return {
    applicationId,
    tenantId,
    name: 'bench',
    kind: 'm2m',
    confidential: true,
    firstParty: true,
    redirectUris: [],
    postLogoutRedirectUris: [],
    grantTypes: ['client_credentials'],
    scopes: [],
    tokenEndpointAuthMethod: 'client_secret_basic',
    idTokenSigningAlg: 'RS256',
    accessTokenSigningAlg: 'ES256',
    accessTokenTtlSeconds: 600,
    idTokenTtlSeconds: 600,
    refreshTokenTtlSeconds: 86400,
    secretVerifiers: [],
    status: 'active',
    version: 1,
  };
}

function report(latencies: Latencies, lookups: LookupRates): string {
  const row = (name: string, values: number[]) => [
    name,
    median(values).toFixed(1),
    percentile(values, 99).toFixed(1),
  ];
  const ratio = (a: number[], b: number[]) => [
    'ratio management / floor',
    (median(a) / median(b)).toFixed(2),
    (percentile(a, 99) / percentile(b, 99)).toFixed(2),
  ];
  return [
    `${CHANGES} policy changes, one at a time; ${TENANTS} tenants in the read model for lookups.`,
    '',
    formatTable(
      ['policy change -> visible in the region', 'p50 (ms)', 'p99 (ms)'],
      [
        row('admin API PUT -> outbox -> relay -> Kafka -> read model', latencies.management),
        row('floor: produce to the config topic -> read model', latencies.direct),
        ratio(latencies.management, latencies.direct),
      ],
    ),
    '',
    formatTable(
      ['read-model lookup (tenant by slug + client + effective policy)', 'lookups/s on one core'],
      [
        ['from memory (the read model)', lookups.memory.toFixed(0)],
        ["baseline: the same reads from the region's MongoDB", lookups.database.toFixed(0)],
        ['ratio memory / MongoDB', (lookups.memory / lookups.database).toFixed(0)],
      ],
    ),
  ].join('\n');
}
