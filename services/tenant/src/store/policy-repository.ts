import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import {
  ApplicationGroupChangedV1,
  outboxRecords,
  policySchema,
  pushToOutbox,
  TenantPolicyChangedV1,
  type CloudEvent,
  type EventData,
  type Policy,
  type WithOutbox,
} from '@idaas/events';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import { MANAGEMENT_SOURCE } from '../domain/tenant';

export type ApplicationGroup = EventData<typeof ApplicationGroupChangedV1>;

interface PolicyDocument extends WithOutbox {
  _id: string;
  tenantId: string;
  policy: Policy;
  version: number;
}

interface GroupDocument extends ApplicationGroup, WithOutbox {
  _id: string;
}

export const POLICIES = 'policies';
export const APPLICATION_GROUPS = 'application_groups';
export const policyIndexes: IndexDeclaration[] = [
  { collection: APPLICATION_GROUPS, keys: { tenantId: 1, status: 1 } },
];

export class StalePolicyError extends Error {}

const records = (events: CloudEvent[]) =>
  outboxRecords(events.map((event) => ({ event, stream: 'config' as const })));
const origin = (tenantId: string) => ({ source: MANAGEMENT_SOURCE, tenantId });

/** A tenant's policy (defaults until first saved) and its application groups; each write carries its event. */
export class PolicyRepository {
  private readonly policies: Collection<PolicyDocument>;
  private readonly groups: Collection<GroupDocument>;

  constructor(db: Db) {
    this.policies = db.collection<PolicyDocument>(POLICIES);
    this.groups = db.collection<GroupDocument>(APPLICATION_GROUPS);
  }

  async policyOf(tenantId: string): Promise<{ policy: Policy; version: number }> {
    const doc = await this.policies.findOne({ _id: tenantId, tenantId });
    return doc
      ? { policy: doc.policy, version: doc.version }
      : { policy: policySchema.parse({}), version: 0 };
  }

  /** Saves over the version that was read; a concurrent save makes this one stale. */
  async savePolicy(tenantId: string, readVersion: number, policy: Policy): Promise<number> {
    const version = readVersion + 1;
    const events = [TenantPolicyChangedV1.create(tenantId, { tenantId, policy, version }, origin(tenantId))];
    if (readVersion === 0) {
      try {
        await this.policies.insertOne({ _id: tenantId, tenantId, policy, version, outbox: records(events) });
        return version;
      } catch (e) {
        if (isDuplicateKey(e)) throw new StalePolicyError(tenantId);
        throw e;
      }
    }
    const r = await this.policies.updateOne(
      { _id: tenantId, tenantId, version: readVersion },
      { $set: { policy, version }, ...pushToOutbox(records(events)) },
    );
    if (r.matchedCount !== 1) throw new StalePolicyError(tenantId);
    return version;
  }

  async groupsOf(tenantId: string): Promise<ApplicationGroup[]> {
    const docs = await this.groups
      .find({ tenantId, status: 'active' }, { projection: { outbox: 0 } })
      .toArray();
    return docs.map(({ _id: _ignored, ...g }) => g);
  }

  async createGroup(
    group: Omit<ApplicationGroup, 'groupId' | 'status' | 'version'>,
  ): Promise<ApplicationGroup> {
    const made: ApplicationGroup = { ...group, groupId: randomUUID(), status: 'active', version: 1 };
    const events = [ApplicationGroupChangedV1.create(made.groupId, made, origin(made.tenantId))];
    await this.groups.insertOne({ _id: made.groupId, ...made, outbox: records(events) });
    return made;
  }

  async findGroup(tenantId: string, groupId: string): Promise<ApplicationGroup | undefined> {
    const doc = await this.groups.findOne(
      { _id: groupId, tenantId, status: 'active' },
      { projection: { outbox: 0 } },
    );
    if (!doc) return undefined;
    const { _id: _ignored, ...group } = doc;
    return group;
  }

  /** Replaces a group's name, members and overrides; undefined when there is no such group. */
  replaceGroup(
    tenantId: string,
    groupId: string,
    change: Pick<ApplicationGroup, 'name' | 'applicationIds' | 'overrides'>,
  ): Promise<ApplicationGroup | undefined> {
    return this.changeGroup(tenantId, groupId, (group) => ({ ...group, ...change }));
  }

  async deleteGroup(tenantId: string, groupId: string): Promise<boolean> {
    return (
      (await this.changeGroup(tenantId, groupId, (group) => ({ ...group, status: 'deleted' }))) !== undefined
    );
  }

  /** Read, change, and save over the version read, with the change's event in the same write. */
  private async changeGroup(
    tenantId: string,
    groupId: string,
    change: (group: ApplicationGroup) => Omit<ApplicationGroup, 'version'>,
  ): Promise<ApplicationGroup | undefined> {
    const group = await this.findGroup(tenantId, groupId);
    if (!group) return undefined;
    const changed: ApplicationGroup = { ...change(group), version: group.version + 1 };
    const events = [ApplicationGroupChangedV1.create(groupId, changed, origin(tenantId))];
    const r = await this.groups.updateOne(
      { _id: groupId, tenantId, version: group.version },
      { $set: changed, ...pushToOutbox(records(events)) },
    );
    if (r.matchedCount !== 1) throw new StalePolicyError(groupId);
    return changed;
  }
}
