import { isPermission, PLATFORM_ROLES, TENANT_ROLES } from './permissions';

describe('permissions', () => {
  it('gives the platform operator everything and the auditor only reads', () => {
    expect(PLATFORM_ROLES.platform_operator).toContain('tenants:write');
    expect(PLATFORM_ROLES.platform_auditor.every((p) => p.endsWith(':read'))).toBe(true);
  });

  it('never lets a tenant role manage tenants', () => {
    for (const perms of Object.values(TENANT_ROLES)) expect(perms).not.toContain('tenants:write');
  });

  it("lets a tenant admin change the tenant's branding and templates, and an auditor only read them", () => {
    expect(TENANT_ROLES.tenant_admin).toEqual(expect.arrayContaining(['branding:read', 'branding:write']));
    expect(TENANT_ROLES.auditor).toContain('branding:read');
    expect(TENANT_ROLES.auditor).not.toContain('branding:write');
  });

  it('recognises resource:action strings only', () => {
    expect(isPermission('users:read')).toBe(true);
    expect(isPermission('users:delete')).toBe(false);
    expect(isPermission('openid')).toBe(false);
    expect(isPermission('users:read:x')).toBe(false);
  });
});
