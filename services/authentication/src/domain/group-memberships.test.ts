import { resolveGrants, type RoleView } from '@idaas/replica';
import { MembershipIndex, userGrants, type GroupMembersView } from './group-memberships';

const role = (over: Partial<RoleView> & Pick<RoleView, 'roleId' | 'name'>): RoleView => ({
  tenantId: 'tenant-a',
  description: '',
  permissions: [],
  assignees: { users: [], groups: [], applications: [] },
  status: 'active',
  version: 1,
  ...over,
});

const roles: RoleView[] = [
  role({
    roleId: 'r1',
    name: 'approver',
    permissions: ['invoices:approve'],
    assignees: { users: [], groups: ['finance-id'], applications: [] },
  }),
  role({
    roleId: 'r2',
    name: 'reader',
    permissions: ['invoices:read'],
    assignees: { users: ['alice'], groups: [], applications: [] },
  }),
  // Tenant A's admin typed a group id of tenant B into this role.
  role({
    roleId: 'r3',
    name: 'auditor',
    permissions: ['reports:read'],
    assignees: { users: [], groups: ['b-group-id'], applications: [] },
  }),
];

const group = (over: Partial<GroupMembersView>): GroupMembersView => ({
  tenantId: 'tenant-a',
  groupId: 'finance-id',
  memberIds: [],
  status: 'active',
  version: 1,
  ...over,
});

function grantsWith(index: MembershipIndex, tenantId: string, userId: string) {
  return userGrants(
    {
      access: { grantsFor: (t, subject) => resolveGrants(roles, t, subject) },
      groupMemberships: index,
    },
    tenantId,
    userId,
  );
}

describe("a user's grants with the SCIM groups they are in", () => {
  it("unites the roles of the user's groups with the user's own", () => {
    const index = new MembershipIndex();
    index.track(undefined, group({ memberIds: ['alice', 'bob'] }));
    expect(grantsWith(index, 'tenant-a', 'alice')).toEqual({
      roles: ['approver', 'reader'],
      permissions: ['invoices:approve', 'invoices:read'],
    });
    expect(grantsWith(index, 'tenant-a', 'bob')).toEqual({
      roles: ['approver'],
      permissions: ['invoices:approve'],
    });
    expect(grantsWith(index, 'tenant-a', 'carol')).toEqual({ roles: [], permissions: [] });
  });

  it('drops a removed member and every member of a deleted group', () => {
    const index = new MembershipIndex();
    const v1 = group({ memberIds: ['alice', 'bob'] });
    const v2 = group({ memberIds: ['bob'], version: 2 });
    index.track(undefined, v1);
    index.track(v1, v2);
    expect(grantsWith(index, 'tenant-a', 'alice').roles).toEqual(['reader']);
    expect(index.groupIdsOf('tenant-a', 'bob')).toEqual(['finance-id']);
    index.track(v2, group({ memberIds: ['bob'], status: 'deleted', version: 3 }));
    expect(index.groupIdsOf('tenant-a', 'bob')).toEqual([]);
    expect(grantsWith(index, 'tenant-a', 'bob').roles).toEqual([]);
  });

  it("never counts another tenant's group, even for the same ids", () => {
    const index = new MembershipIndex();
    // Tenant B's group, whose id tenant A's role names, holds a user id that also exists in A.
    index.track(undefined, group({ tenantId: 'tenant-b', groupId: 'b-group-id', memberIds: ['bob'] }));
    index.track(undefined, group({ tenantId: 'tenant-b', groupId: 'finance-id', memberIds: ['bob'] }));
    expect(grantsWith(index, 'tenant-a', 'bob')).toEqual({ roles: [], permissions: [] });
    expect(index.groupIdsOf('tenant-b', 'bob').sort()).toEqual(['b-group-id', 'finance-id']);
    // ...and tenant B's user gets nothing from tenant A's roles.
    expect(grantsWith(index, 'tenant-b', 'bob')).toEqual({ roles: [], permissions: [] });
  });
});
