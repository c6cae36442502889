import { createTenant, UnknownRegionError } from './tenant';

describe('createTenant', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('creates an active tenant at version 1 and one created event carrying it', () => {
    const { tenant, events } = createTenant(
      { slug: 'acme', displayName: 'Acme', homeRegion: 'eu' },
      ['eu', 'us'],
      now,
    );
    expect(tenant).toMatchObject({ slug: 'acme', status: 'active', version: 1, createdAt: now });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'idaas.tenant.created.v1',
      subject: tenant.tenantId,
      tenantid: tenant.tenantId,
      data: { slug: 'acme', homeRegion: 'eu', version: 1 },
    });
  });

  it('refuses a home region that runs no data plane', () => {
    expect(() =>
      createTenant({ slug: 'acme', displayName: 'Acme', homeRegion: 'mars' }, ['eu'], now),
    ).toThrow(UnknownRegionError);
  });
});
