import type { EventData, RoleChangedV1 } from '@idaas/events';

export type RoleView = EventData<typeof RoleChangedV1>;

/** Who is asking: a user (with the groups it belongs to) or an application. */
export interface GrantSubject {
  userId?: string;
  groupIds?: readonly string[];
  applicationId?: string;
}

export interface Grants {
  /** Names of the roles held, sorted. */
  roles: string[];
  /** `<api>:<action>` permissions of those roles, sorted and without repeats. */
  permissions: string[];
}

/**
 * What a subject holds in a tenant: the union of every active role of that tenant assigned to
 * it directly or through one of its groups. Roles of other tenants never match, even when an
 * opaque user or group id happens to be the same string there.
 */
export function resolveGrants(roles: Iterable<RoleView>, tenantId: string, subject: GrantSubject): Grants {
  const groups = new Set(subject.groupIds ?? []);
  const held = new Set<string>();
  const permissions = new Set<string>();
  for (const role of roles) {
    if (role.tenantId !== tenantId || role.status !== 'active') continue;
    const { users, groups: roleGroups, applications } = role.assignees;
    const assigned =
      (subject.userId !== undefined && users.includes(subject.userId)) ||
      (subject.applicationId !== undefined && applications.includes(subject.applicationId)) ||
      roleGroups.some((g) => groups.has(g));
    if (!assigned) continue;
    held.add(role.name);
    for (const p of role.permissions) permissions.add(p);
  }
  return { roles: [...held].sort(), permissions: [...permissions].sort() };
}
