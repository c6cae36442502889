import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter, Sort } from 'mongodb';
import { GroupChangedV1, outboxRecords, pushToOutbox, type CloudEvent, type WithOutbox } from '@idaas/events';
import {
  forTenant,
  isDuplicateKey,
  type IndexDeclaration,
  type TenantOwned,
  type TenantScopedCollection,
} from '@idaas/store';
import type { Group } from '../scim/group-resource';

export const SCIM_GROUPS = 'scim_groups';

interface GroupDocument extends TenantOwned, WithOutbox, Omit<Group, 'groupId'> {
  _id: string;
  /** Lower-cased display name, unique in the tenant; `deleted:<id>` frees it on deletion. */
  nameKey: string;
  status: 'active' | 'deleted';
}

export const groupStoreIndexes: IndexDeclaration[] = [
  { collection: SCIM_GROUPS, keys: { tenantId: 1, nameKey: 1 }, options: { unique: true } },
  // "Which groups is this user in": the filter members.value eq and the grants of a user.
  { collection: SCIM_GROUPS, keys: { tenantId: 1, memberIds: 1 } },
];

export class DuplicateGroupNameError extends Error {
  constructor() {
    super('a group with this displayName exists in the tenant');
    this.name = 'DuplicateGroupNameError';
  }
}

/** The group changed since the version the caller read (If-Match), or kept changing. */
export class StaleGroupError extends Error {
  constructor() {
    super('the group changed; read it again');
    this.name = 'StaleGroupError';
  }
}

export interface GroupContent {
  displayName: string;
  memberIds: string[];
}

interface EventSource {
  region: string;
  source: string;
}

/**
 * SCIM groups of the region's tenants, in the lifecycle service's own database. Every write
 * carries its `idaas.group.changed.v1` snapshot in the same document write (outbox), and is
 * conditional on the version read, so concurrent PATCHes cannot lose members.
 */
export class GroupStore {
  private readonly collection: Collection<GroupDocument>;

  constructor(
    db: Db,
    private readonly events: EventSource,
  ) {
    this.collection = db.collection<GroupDocument>(SCIM_GROUPS);
  }

  private groups(tenantId: string): TenantScopedCollection<GroupDocument> {
    return forTenant(this.collection, tenantId);
  }

  async create(tenantId: string, content: GroupContent, now: Date): Promise<Group> {
    const groupId = randomUUID();
    const group: Group = { groupId, tenantId, ...content, createdAt: now, updatedAt: now, version: 1 };
    try {
      await this.groups(tenantId).insertOne({
        _id: groupId,
        displayName: group.displayName,
        memberIds: group.memberIds,
        createdAt: now,
        updatedAt: now,
        version: 1,
        nameKey: nameKey(content.displayName),
        status: 'active',
        outbox: this.records(group, 'active', now),
      });
    } catch (e) {
      if (isDuplicateKey(e)) throw new DuplicateGroupNameError();
      throw e;
    }
    return group;
  }

  async find(tenantId: string, groupId: string): Promise<Group | undefined> {
    const doc = await this.groups(tenantId).findOne(
      { _id: groupId, status: 'active' },
      { projection: { outbox: 0 } },
    );
    return doc ? toGroup(doc) : undefined;
  }

  async search(
    tenantId: string,
    page: { filter: Filter<GroupDocument>; sort: Sort; skip: number; limit: number },
  ): Promise<{ total: number; groups: Group[] }> {
    const filter = { $and: [page.filter, { status: 'active' }] } as Filter<GroupDocument>;
    const groups = this.groups(tenantId);
    const [total, docs] = await Promise.all([
      groups.count(filter),
      groups.find(filter, { sort: page.sort, skip: page.skip, limit: page.limit, projection: { outbox: 0 } }),
    ]);
    return { total, groups: docs.map(toGroup) };
  }

  /** The ids of the groups a user is in: what `grantsFor(tenantId, {userId, groupIds})` needs. */
  async groupIdsOf(tenantId: string, userId: string): Promise<string[]> {
    const docs = await this.groups(tenantId).find(
      { memberIds: userId, status: 'active' },
      { projection: { _id: 1 } },
    );
    return docs.map((d) => d._id);
  }

  /** Replaces name and members over `expectedVersion` (the version read, or the one If-Match named). */
  async replace(
    tenantId: string,
    groupId: string,
    content: GroupContent,
    expectedVersion: number,
    now: Date,
  ): Promise<Group> {
    return this.write(tenantId, groupId, expectedVersion, now, (doc) => ({ ...doc, ...content }), 'active');
  }

  async delete(tenantId: string, groupId: string, expectedVersion: number, now: Date): Promise<void> {
    await this.write(
      tenantId,
      groupId,
      expectedVersion,
      now,
      (doc) => ({ ...doc, memberIds: [] }),
      'deleted',
    );
  }

  /** A deleted user leaves every group, each with its own event. */
  async removeMemberEverywhere(tenantId: string, userId: string, now: Date): Promise<void> {
    for (const groupId of await this.groupIdsOf(tenantId, userId)) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const group = await this.find(tenantId, groupId);
        if (!group) break;
        try {
          await this.replace(
            tenantId,
            groupId,
            { displayName: group.displayName, memberIds: group.memberIds.filter((m) => m !== userId) },
            group.version,
            now,
          );
          break;
        } catch (e) {
          if (!(e instanceof StaleGroupError)) throw e;
        }
      }
    }
  }

  private async write(
    tenantId: string,
    groupId: string,
    expectedVersion: number,
    now: Date,
    change: (doc: Group) => Group,
    status: 'active' | 'deleted',
  ): Promise<Group> {
    const current = await this.find(tenantId, groupId);
    if (!current) throw new StaleGroupError();
    const next: Group = { ...change(current), updatedAt: now, version: current.version + 1 };
    let written: GroupDocument | null;
    try {
      written = await this.groups(tenantId).findOneAndUpdate(
        { _id: groupId, status: 'active', version: expectedVersion },
        {
          $set: {
            displayName: next.displayName,
            memberIds: next.memberIds,
            updatedAt: now,
            version: next.version,
            status,
            nameKey: status === 'deleted' ? `deleted:${groupId}` : nameKey(next.displayName),
          },
          ...pushToOutbox(this.records(next, status, now)),
        },
      );
    } catch (e) {
      if (isDuplicateKey(e)) throw new DuplicateGroupNameError();
      throw e;
    }
    if (!written || expectedVersion !== current.version) throw new StaleGroupError();
    return next;
  }

  private records(group: Group, status: 'active' | 'deleted', now: Date) {
    const event: CloudEvent = GroupChangedV1.create(
      group.groupId,
      {
        groupId: group.groupId,
        displayName: group.displayName,
        memberIds: group.memberIds,
        status,
        version: group.version,
      },
      { source: this.events.source, tenantId: group.tenantId, region: this.events.region, now },
    );
    return outboxRecords([{ event, stream: 'user' }]);
  }
}

function nameKey(displayName: string): string {
  return displayName.trim().toLowerCase();
}

function toGroup(doc: GroupDocument): Group {
  return {
    groupId: doc._id,
    tenantId: doc.tenantId,
    displayName: doc.displayName,
    memberIds: doc.memberIds,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    version: doc.version,
  };
}
