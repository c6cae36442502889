import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MongoClient } from 'mongodb';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

/**
 * An event written through the outbox of the management plane reaches the authentication
 * service of a region through the real broker, exactly once, inside one trace.
 */
describe('outbox to consumer across services', () => {
  const spans = new InMemorySpanExporter();
  const region = uniqueRegion('ev');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([region], `mgmt_${region}`, [new SimpleSpanProcessor(spans)]);
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  const regionUrl = () => stack.authentication[region]!.url;

  it('delivers a tenant created on the management plane to the region, once, in one trace', async () => {
    const slug = `acme-${region}`;
    const created = await stack.admin<{ tenantId: string }>('/admin/tenants', 'POST', {
      slug,
      displayName: 'Acme Corp',
      homeRegion: region,
    });
    expect(created.status).toBe(201);
    const { tenantId } = created.body;

    const info = await eventually(
      async () => {
        const r = await fetch(`${regionUrl()}/t/${slug}`);
        return r.status === 200 ? ((await r.json()) as Record<string, string>) : undefined;
      },
      { what: 'the tenant in the region replica' },
    );
    expect(info).toEqual({ tenant: slug, displayName: 'Acme Corp', homeRegion: region, servedBy: region });

    // The relay removed what it published from the tenant's outbox.
    const tenants = mongo.db(`mgmt_${region}`).collection<{ _id: string; outbox?: unknown[] }>('tenants');
    await eventually(async () => (await tenants.findOne({ _id: tenantId }))?.outbox?.length === 0, {
      what: 'the outbox to be emptied',
    });

    // One trace: the consumer span continues the trace of the HTTP request that wrote the event.
    const group = `${region}.authentication.config-replica`;
    const finished = await eventually(
      async () => {
        const all = spans.getFinishedSpans();
        const request = all.find(
          (s) => s.name === 'POST /admin/tenants' && s.attributes['http.response.status_code'] === 201,
        );
        const consume = all.find(
          (s) =>
            s.name === 'idaas.config.v1 process' &&
            s.attributes['messaging.consumer.group.name'] === group &&
            request !== undefined &&
            s.spanContext().traceId === request.spanContext().traceId,
        );
        return request && consume ? { request, consume } : undefined;
      },
      { what: 'the consumer span in the request trace' },
    );
    expect(finished.consume.attributes['cloudevents.event_type']).toBe('idaas.tenant.created.v1');
    // Exactly once: the replica's consumer group recorded the event id once.
    const eventId = finished.consume.attributes['messaging.message.id'];
    const processed = mongo.db(`idaas_${region}_authentication`).collection('processed_events');
    expect(await processed.countDocuments({ eventId })).toBe(1);
  });

  it('answers bad input on the admin API with a 400 problem naming the field', async () => {
    const res = await stack.admin<{ errors: { field: string }[] }>('/admin/tenants', 'POST', {
      slug: 'Not A Slug!',
      displayName: 'x',
      homeRegion: region,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field)).toEqual(['body.slug']);
  });

  it('refuses a duplicate slug with 409, leaving the first tenant as it was', async () => {
    const body = { slug: `dup-${region}`, displayName: 'Dup', homeRegion: region };
    const first = await stack.admin<{ tenantId: string }>('/admin/tenants', 'POST', body);
    expect(first.status).toBe(201);
    expect((await stack.admin('/admin/tenants', 'POST', { ...body, displayName: 'Other' })).status).toBe(409);
    const kept = await stack.admin<{ displayName: string }>(`/admin/tenants/${first.body.tenantId}`);
    expect(kept.body.displayName).toBe('Dup');
  });

  it('suspends a tenant everywhere: the region stops serving it, and serves it again on resume', async () => {
    const slug = `susp-${region}`;
    const tenantId = await stack.createTenant(slug, region);
    const regionStatus = async () => (await fetch(`${regionUrl()}/t/${slug}`)).status;

    const suspended = await stack.admin<{ version: number }>(`/admin/tenants/${tenantId}/suspend`, 'POST');
    expect(suspended.status).toBe(200);
    expect(suspended.body.version).toBe(2);
    await eventually(async () => (await regionStatus()) === 404, { what: 'the region to stop serving it' });
    expect((await stack.admin(`/admin/tenants/${tenantId}/suspend`, 'POST')).status).toBe(409);

    expect((await stack.admin(`/admin/tenants/${tenantId}/resume`, 'POST')).status).toBe(200);
    await eventually(async () => (await regionStatus()) === 200, { what: 'the region to serve it again' });

    const listed = await stack.admin<{ items: { slug: string }[] }>(
      `/admin/tenants?status=active&homeRegion=${region}&limit=200`,
    );
    expect(listed.body.items.map((t) => t.slug)).toContain(slug);
    expect((await stack.admin('/admin/tenants?cursor=not-a-cursor')).status).toBe(400);
  });
});
