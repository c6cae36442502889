import { createTenant, type Tenant } from './tenant';
import { changeTenant, TenantChangeRefused } from './tenant-changes';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-02T00:00:00Z');
const fresh = (): Tenant =>
  createTenant({ slug: 'acme', displayName: 'Acme', homeRegion: 'eu' }, ['eu'], t0).tenant;

describe('changeTenant', () => {
  it('suspends, resumes and renames with a new version and one updated event each', () => {
    const suspended = changeTenant(fresh(), { kind: 'suspend' }, t1);
    expect(suspended.tenant).toMatchObject({ status: 'suspended', version: 2, updatedAt: t1 });
    expect(suspended.events).toHaveLength(1);
    expect(suspended.events[0]).toMatchObject({
      type: 'idaas.tenant.updated.v1',
      data: { status: 'suspended', version: 2 },
    });
    const resumed = changeTenant(suspended.tenant, { kind: 'resume' }, t1);
    expect(resumed.tenant).toMatchObject({ status: 'active', version: 3 });
    const renamed = changeTenant(resumed.tenant, { kind: 'rename', displayName: 'Acme Inc' }, t1);
    expect(renamed.events[0]?.data).toMatchObject({ displayName: 'Acme Inc', version: 4 });
  });

  it.each([
    ['resume', 'active'],
    ['suspend', 'suspended'],
  ] as const)('refuses to %s a tenant that is %s', (kind, status) => {
    expect(() => changeTenant({ ...fresh(), status }, { kind }, t1)).toThrow(TenantChangeRefused);
  });

  it('keeps a deleted tenant deleted', () => {
    const deleted = changeTenant(fresh(), { kind: 'delete' }, t1).tenant;
    expect(deleted.status).toBe('deleted');
    for (const kind of ['suspend', 'resume', 'delete'] as const) {
      expect(() => changeTenant(deleted, { kind }, t1)).toThrow(/is deleted/);
    }
    expect(() => changeTenant(deleted, { kind: 'rename', displayName: 'x' }, t1)).toThrow(
      TenantChangeRefused,
    );
  });
});
