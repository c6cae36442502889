import { resolveGrants, type RoleView } from './grants';

const role = (over: Partial<RoleView> & Pick<RoleView, 'roleId' | 'name'>): RoleView => ({
  tenantId: 't1',
  description: '',
  permissions: [],
  assignees: { users: [], groups: [], applications: [] },
  status: 'active',
  version: 1,
  ...over,
});

const approver = role({
  roleId: 'r1',
  name: 'approver',
  permissions: ['invoices:approve'],
  assignees: { users: ['u1'], groups: [], applications: ['app-1'] },
});
const reader = role({
  roleId: 'r2',
  name: 'reader',
  permissions: ['invoices:read', 'reports:read'],
  assignees: { users: [], groups: ['finance'], applications: [] },
});
const auditor = role({
  roleId: 'r3',
  name: 'auditor',
  permissions: ['invoices:read'],
  assignees: { users: ['u1'], groups: ['finance'], applications: [] },
});

describe('resolveGrants', () => {
  it('unites direct and group assignments without repeating a permission', () => {
    expect(resolveGrants([approver, reader, auditor], 't1', { userId: 'u1', groupIds: ['finance'] })).toEqual(
      {
        roles: ['approver', 'auditor', 'reader'],
        permissions: ['invoices:approve', 'invoices:read', 'reports:read'],
      },
    );
  });

  it('grants a group role to a member of the group only', () => {
    expect(resolveGrants([reader], 't1', { userId: 'u2', groupIds: ['finance'] }).roles).toEqual(['reader']);
    expect(resolveGrants([reader], 't1', { userId: 'u2', groupIds: ['sales'] })).toEqual({
      roles: [],
      permissions: [],
    });
  });

  it('grants applications the roles assigned to them, not those of a user with the same id', () => {
    expect(resolveGrants([approver], 't1', { applicationId: 'app-1' }).permissions).toEqual([
      'invoices:approve',
    ]);
    expect(resolveGrants([approver], 't1', { applicationId: 'u1' }).roles).toEqual([]);
  });

  it('ignores deleted roles', () => {
    const deleted = { ...approver, status: 'deleted' as const, version: 2 };
    expect(resolveGrants([deleted], 't1', { userId: 'u1' }).roles).toEqual([]);
  });

  it("never matches another tenant's roles", () => {
    const elsewhere = { ...approver, tenantId: 't2' };
    expect(resolveGrants([elsewhere], 't1', { userId: 'u1', applicationId: 'app-1' })).toEqual({
      roles: [],
      permissions: [],
    });
  });

  it('grants nothing to a subject that names nobody', () => {
    expect(resolveGrants([approver, reader], 't1', {}).roles).toEqual([]);
  });
});
