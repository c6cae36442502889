import type { Db } from 'mongodb';
import { GroupChangedV1, type EventHandler } from '@idaas/events';
import { VersionedReplica } from '@idaas/replica';
import { MembershipIndex, type GroupMembersView } from '../domain/group-memberships';

/**
 * Not a `replica_` collection: memberships are users' data, so erasing a deleted tenant in this
 * region removes them with the rest (`eraseTenantData` keeps only config replicas).
 */
export const GROUP_MEMBERSHIPS = 'group_memberships';

/**
 * The region's SCIM group memberships, fed by `idaas.group.changed.v1` from the lifecycle
 * service (whose group store is its own). Whole versioned snapshots: the highest version wins, so
 * a redelivered or late event cannot bring a removed member back. Kept in this service's database
 * so a restart answers before the broker does, and served from memory.
 */
export class GroupMembershipReplica {
  private readonly index = new MembershipIndex();
  private readonly groups: VersionedReplica<GroupMembersView>;

  constructor(db: Db) {
    // Keyed by tenant too: a group id is only ever looked up inside its own tenant.
    this.groups = new VersionedReplica<GroupMembersView>(
      db,
      GROUP_MEMBERSHIPS,
      (g) => `${g.tenantId}:${g.groupId}`,
      this.index.track,
    );
  }

  load(): Promise<number> {
    return this.groups.load();
  }

  groupIdsOf(tenantId: string, userId: string): string[] {
    return this.index.groupIdsOf(tenantId, userId);
  }

  handlers(): Record<string, EventHandler> {
    return {
      [GroupChangedV1.type]: async ({ event }) => {
        const group = GroupChangedV1.data.parse(event.data);
        // The tenant comes from the envelope: the snapshot itself does not repeat it.
        await this.groups.apply({
          tenantId: event.tenantid,
          groupId: group.groupId,
          memberIds: group.memberIds,
          status: group.status,
          version: group.version,
        });
      },
    };
  }
}
