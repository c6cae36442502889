import type { Grants } from '@idaas/replica';

/**
 * One SCIM group of the lifecycle service as the key manager keeps it: only who is in it. Its
 * `groupId` is the SCIM group's `id`, the same id a role assignment's `groups` names.
 */
export interface GroupMembersView {
  tenantId: string;
  groupId: string;
  memberIds: string[];
  status: 'active' | 'deleted';
  version: number;
}

/**
 * Users' groups by tenant and user, rebuilt from whole group snapshots, so a token request asks
 * "which groups is this user in" without a query. Another tenant's group never counts, even for
 * a user id that happens to be the same string there.
 */
export class MembershipIndex {
  private readonly tenants = new Map<string, Map<string, Set<string>>>();

  /** Replaces what `previous` said about its group with what `next` says (a deleted group has no members). */
  readonly track = (previous: GroupMembersView | undefined, next: GroupMembersView): void => {
    if (previous)
      for (const userId of previous.memberIds) this.leave(previous.tenantId, userId, previous.groupId);
    if (next.status !== 'active') return;
    for (const userId of next.memberIds) this.join(next.tenantId, userId, next.groupId);
  };

  groupIdsOf(tenantId: string, userId: string): string[] {
    return [...(this.tenants.get(tenantId)?.get(userId) ?? [])];
  }

  private join(tenantId: string, userId: string, groupId: string): void {
    let users = this.tenants.get(tenantId);
    if (!users) this.tenants.set(tenantId, (users = new Map()));
    let groups = users.get(userId);
    if (!groups) users.set(userId, (groups = new Set()));
    groups.add(groupId);
  }

  private leave(tenantId: string, userId: string, groupId: string): void {
    const users = this.tenants.get(tenantId);
    const groups = users?.get(userId);
    if (!users || !groups) return;
    groups.delete(groupId);
    if (groups.size === 0) users.delete(userId);
  }
}

/** What the user tokens and UserInfo need: roles granted to the user and to the groups they are in. */
export interface UserGrantSources {
  access: { grantsFor(tenantId: string, subject: { userId: string; groupIds: readonly string[] }): Grants };
  groupMemberships: { groupIdsOf(tenantId: string, userId: string): string[] };
}

/** The roles and permissions a user holds in a tenant: assigned to them directly or to one of their groups. */
export function userGrants(deps: UserGrantSources, tenantId: string, userId: string): Grants {
  return deps.access.grantsFor(tenantId, {
    userId,
    groupIds: deps.groupMemberships.groupIdsOf(tenantId, userId),
  });
}
