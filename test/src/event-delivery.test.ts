import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MongoClient } from 'mongodb';
import { main as startAuthentication } from '@idaas/authentication-service';
import { main as startTenant } from '@idaas/tenant-service';
import { env, uniqueRegion } from './support/names';
import { eventually } from './support/wait';

/**
 * An event written through the outbox of the management plane reaches the authentication
 * service of a region through the real broker, exactly once, inside one trace.
 */
describe('outbox to consumer across services', () => {
  const spans = new InMemorySpanExporter();
  const region = uniqueRegion('ev');
  const operatorToken = 'integration-test-operator-token-0123456789';
  let tenant: Awaited<ReturnType<typeof startTenant>>;
  let authentication: Awaited<ReturnType<typeof startAuthentication>>;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');

  beforeAll(async () => {
    await mongo.connect();
    const spanProcessors = [new SimpleSpanProcessor(spans)];
    tenant = await startTenant({
      env: env({ MONGODB_DATABASE: `mgmt_${region}`, REGIONS: region, OPERATOR_TOKEN: operatorToken }),
      spanProcessors,
    });
    authentication = await startAuthentication({
      env: env({ REGION: region, REGIONS: region }),
      spanProcessors,
    });
  });

  afterAll(async () => {
    await tenant?.close();
    await authentication?.close();
    await mongo.close();
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${tenant.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${operatorToken}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  it('delivers a tenant created on the management plane to the region, once, in one trace', async () => {
    const slug = `acme-${region}`;
    const created = await admin('/admin/tenants', {
      method: 'POST',
      body: JSON.stringify({ slug, displayName: 'Acme Corp', homeRegion: region }),
    });
    expect(created.status).toBe(201);
    const { tenantId } = (await created.json()) as { tenantId: string };

    const info = await eventually(
      async () => {
        const r = await fetch(`${authentication.url}/t/${slug}`);
        return r.status === 200 ? ((await r.json()) as Record<string, string>) : undefined;
      },
      { what: 'the tenant in the region replica' },
    );
    expect(info).toEqual({ tenant: slug, displayName: 'Acme Corp', homeRegion: region, servedBy: region });

    // The relay removed what it published from the tenant's outbox.
    const authDb = mongo.db(`idaas_${region}_authentication`);
    const tenants = mongo.db(`mgmt_${region}`).collection<{ _id: string; outbox?: unknown[] }>('tenants');
    await eventually(async () => (await tenants.findOne({ _id: tenantId }))?.outbox?.length === 0, {
      what: 'the outbox to be emptied',
    });

    // One trace: the consumer span continues the trace of the HTTP request that wrote the event.
    const finished = await eventually(
      async () => {
        const all = spans.getFinishedSpans();
        const request = all.find((s) => s.name === 'POST /admin/tenants');
        const consume = all.find(
          (s) =>
            s.name === 'idaas.config.v1 process' &&
            s.attributes['messaging.consumer.group.name'] === `${region}.authentication.config-replica` &&
            request &&
            s.spanContext().traceId === request.spanContext().traceId,
        );
        return request && consume ? { request, consume } : undefined;
      },
      { what: 'the consumer span in the request trace' },
    );
    expect(finished.consume.spanContext().traceId).toBe(finished.request.spanContext().traceId);
    expect(finished.consume.attributes['cloudevents.event_type']).toBe('idaas.tenant.created.v1');
    // Exactly once: the replica's consumer group recorded the event id once.
    const eventId = finished.consume.attributes['messaging.message.id'];
    expect(await authDb.collection('processed_events').countDocuments({ eventId })).toBe(1);
  });

  it('answers bad input on the admin API with a 400 problem naming the field', async () => {
    const res = await admin('/admin/tenants', {
      method: 'POST',
      body: JSON.stringify({ slug: 'Not A Slug!', displayName: 'x', homeRegion: region }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(['body.slug']);
  });

  it('refuses a duplicate slug with 409 and no unauthenticated caller gets in', async () => {
    const slug = `dup-${region}`;
    const body = JSON.stringify({ slug, displayName: 'Dup', homeRegion: region });
    expect((await admin('/admin/tenants', { method: 'POST', body })).status).toBe(201);
    expect((await admin('/admin/tenants', { method: 'POST', body })).status).toBe(409);
    const anonymous = await fetch(`${tenant.url}/admin/tenants`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('suspends a tenant everywhere: the region stops serving it, and serves it again on resume', async () => {
    const slug = `susp-${region}`;
    const created = await admin('/admin/tenants', {
      method: 'POST',
      body: JSON.stringify({ slug, displayName: 'Suspendable', homeRegion: region }),
    });
    const { tenantId } = (await created.json()) as { tenantId: string };
    const regionStatus = async () => (await fetch(`${authentication.url}/t/${slug}`)).status;
    await eventually(async () => (await regionStatus()) === 200, { what: 'the tenant in the region' });

    const suspended = await admin(`/admin/tenants/${tenantId}/suspend`, { method: 'POST' });
    expect(suspended.status).toBe(200);
    expect(((await suspended.json()) as { status: string; version: number }).version).toBe(2);
    await eventually(async () => (await regionStatus()) === 404, { what: 'the region to stop serving it' });
    expect((await admin(`/admin/tenants/${tenantId}/suspend`, { method: 'POST' })).status).toBe(409);

    expect((await admin(`/admin/tenants/${tenantId}/resume`, { method: 'POST' })).status).toBe(200);
    await eventually(async () => (await regionStatus()) === 200, { what: 'the region to serve it again' });

    const listed = await admin(`/admin/tenants?status=active&homeRegion=${region}&limit=200`);
    const page = (await listed.json()) as { items: { slug: string }[] };
    expect(page.items.map((t) => t.slug)).toContain(slug);
    expect((await admin('/admin/tenants?cursor=not-a-cursor')).status).toBe(400);
  });
});
