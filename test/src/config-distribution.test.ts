import { createHash } from 'node:crypto';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { main as startAuthentication } from '@idaas/authentication-service';
import { Topics } from '@idaas/events';
import { env, uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

/**
 * Configuration made on the management plane reaches the read models of two regions through
 * the real broker, and the regions keep answering when the management plane is gone.
 */
describe('config distribution to regions', () => {
  const eu = uniqueRegion('eu');
  const us = uniqueRegion('us');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let tenantStopped = false;

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu, us], `mgmt_${eu}`);
  });

  afterAll(async () => {
    if (!tenantStopped) await stack?.tenant.close();
    await Promise.all(Object.values(stack?.authentication ?? {}).map((a) => a.close()));
    await mongo.close();
  });

  const admin = <T = Record<string, unknown>>(path: string, method = 'GET', body?: unknown) =>
    stack.admin<T>(path, method, body);
  const replica = (region: string) =>
    mongo
      .db(`idaas_${region}_authentication`)
      .collection<{ _id: string; version?: number }>('replica_applications');

  it('registers an application once, shows its secret once, and replicates only a verifier', async () => {
    const tenantId = await stack.createTenant(`dist-${eu}`, eu);
    const registered = await admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      {
        name: 'Portal',
        kind: 'web',
        redirectUris: ['https://portal.example/callback'],
      },
    );
    expect(registered.status).toBe(201);
    const app = registered.body;
    expect(app.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const read = await admin(`/admin/tenants/${tenantId}/applications/${app.clientId}`);
    expect(read.body.clientSecret).toBeUndefined();
    expect(read.text).not.toContain(app.clientSecret);

    const verifier = createHash('sha256').update(app.clientSecret).digest('base64url');
    for (const region of [eu, us]) {
      const doc = await eventually(
        async () => (await replica(region).findOne({ _id: app.clientId })) ?? undefined,
        {
          what: `the application in ${region}`,
        },
      );
      expect(doc).toMatchObject({ tenantId, redirectUris: ['https://portal.example/callback'], version: 1 });
      expect(doc).toMatchObject({ secretVerifiers: [expect.objectContaining({ sha256: verifier })] });
      expect(JSON.stringify(doc)).not.toContain(app.clientSecret);
    }

    // A change reaches both regions as a new version.
    const rotated = await admin(`/admin/tenants/${tenantId}/applications/${app.clientId}/secret`, 'POST', {
      overlapSeconds: 60,
    });
    expect(rotated.status).toBe(200);
    for (const region of [eu, us]) {
      await eventually(async () => (await replica(region).findOne({ _id: app.clientId }))?.version === 2, {
        what: `version 2 in ${region}`,
      });
    }
  });

  it('answers bad application input with a 400 naming each field, and unknown tenants with 404', async () => {
    const created = await admin<{ tenantId: string }>('/admin/tenants', 'POST', {
      slug: `bad-${eu}`,
      displayName: 'Bad',
      homeRegion: eu,
    });
    const { tenantId } = created.body;
    const res = await admin<{ errors: { field: string }[] }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      {
        name: 'x',
        kind: 'web',
        redirectUris: ['https://ok.example/cb', 'http://evil.example/cb#frag'],
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field)).toEqual(['body.redirectUris.1']);
    expect(await mongo.db(`mgmt_${eu}`).collection('applications').countDocuments({ tenantId })).toBe(0);

    const unknown = await admin('/admin/tenants/00000000-0000-4000-8000-000000000000/applications', 'POST', {
      name: 'x',
      kind: 'm2m',
    });
    expect(unknown.status).toBe(404);
  });

  it('lets a region that joins later catch up from the compacted config topic', async () => {
    const slug = `late-${eu}`;
    const tenantId = await stack.createTenant(slug, eu);
    const app = await admin<{ clientId: string }>(`/admin/tenants/${tenantId}/applications`, 'POST', {
      name: 'Before the region existed',
      kind: 'm2m',
    });
    await admin(`/admin/tenants/${tenantId}/applications/${app.body.clientId}/secret`, 'POST', {});

    const late = uniqueRegion('late');
    const joined = await startAuthentication({
      env: env({ REGION: late, REGIONS: [eu, us, late].join(','), KAFKA_TOPIC_PREFIX: `mgmt_${eu}.` }),
    });
    try {
      await eventually(async () => (await fetch(`${joined.url}/t/${slug}`)).ok, {
        what: 'the tenant in the new region',
      });
      await eventually(async () => (await replica(late).findOne({ _id: app.body.clientId }))?.version === 2, {
        what: 'the latest application snapshot in the new region',
      });
    } finally {
      await joined.close();
    }

    const kafka = new Kafka({
      clientId: 'suite-topic-check',
      brokers: process.env.KAFKA_BROKERS!.split(','),
    });
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    try {
      const described = await kafkaAdmin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: `mgmt_${eu}.${Topics.config}` }],
      });
      const entries = described.resources[0]?.configEntries ?? [];
      expect(entries.find((e) => e.configName === 'cleanup.policy')?.configValue).toBe('compact');
      expect(entries.find((e) => e.configName === 'retention.ms')?.configValue).toBe('-1');
    } finally {
      await kafkaAdmin.disconnect();
    }
  });

  it('keeps both regions answering from their read models with the management plane stopped', async () => {
    const slug = `static-${eu}`;
    await stack.createTenant(slug, us);
    await stack.tenant.close();
    tenantStopped = true;
    for (const region of [eu, us])
      expect((await fetch(`${stack.authentication[region]!.url}/t/${slug}`)).status).toBe(200);

    // A regional process restarted while the management plane is down loads its replica from its database.
    const restarted = await stack.restartRegion(eu);
    const answer = await fetch(`${restarted.url}/t/${slug}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ tenant: slug, homeRegion: us, servedBy: eu });
  });
});
