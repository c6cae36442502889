import type { EventType } from './catalog';
import { decodeEvent } from './decode';
import { catalog, TenantCreatedV1 } from './types';

const tenant = {
  tenantId: 't1',
  slug: 'acme',
  displayName: 'Acme',
  homeRegion: 'eu',
  status: 'active',
  version: 1,
} as const;
const origin = { source: '/idaas/tenant', tenantId: 't1' };

describe('decodeEvent', () => {
  it('accepts a valid event of a known type', () => {
    const event = TenantCreatedV1.create('t1', tenant, origin);
    const decoded = decodeEvent(Buffer.from(JSON.stringify(event)), catalog);
    expect(decoded).toEqual({ ok: true, event });
  });

  it.each([
    ['bad JSON', Buffer.from('{"specversion":'), /malformed JSON/],
    ['not an envelope', Buffer.from('{"hello":"world"}'), /not a CloudEvent: specversion/],
    [
      'unknown type',
      Buffer.from(
        JSON.stringify({ ...TenantCreatedV1.create('t1', tenant, origin), type: 'idaas.nothing.here.v1' }),
      ),
      /unknown event type idaas.nothing.here.v1/,
    ],
    [
      'schema violation',
      Buffer.from(
        JSON.stringify({
          ...TenantCreatedV1.create('t1', tenant, origin),
          data: { ...tenant, slug: 'Not A Slug' },
        }),
      ),
      /idaas.tenant.created.v1 data invalid: slug/,
    ],
  ])('rejects %s with a reason', (_name, value, reason) => {
    const decoded = decodeEvent(value, catalog);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatch(reason);
  });

  it('refuses to create an event whose data breaks its schema', () => {
    expect(() => TenantCreatedV1.create('t1', { ...tenant, version: 0 }, origin)).toThrow();
  });
});

describe('catalog', () => {
  it('knows every event type the types module exports', async () => {
    const types = await import('./types');
    const defined = (Object.values(types) as unknown[]).filter(
      (v): v is EventType => typeof v === 'object' && v !== null && 'create' in v && 'type' in v,
    );
    expect(defined.length).toBeGreaterThan(0);
    for (const t of defined) expect(catalog.get(t.type)).toBe(t);
  });
});
