import type { Db } from 'mongodb';
import {
  ApplicationGroupChangedV1,
  ApplicationPolicyChangedV1,
  policySchema,
  TenantPolicyChangedV1,
  type EventData,
  type EventHandler,
} from '@idaas/events';
import { effectivePolicy, type EffectivePolicy } from './effective-policy';
import { VersionedReplica } from './versioned-replica';

type TenantPolicyView = EventData<typeof TenantPolicyChangedV1>;
type GroupView = EventData<typeof ApplicationGroupChangedV1>;
type ApplicationPolicyView = EventData<typeof ApplicationPolicyChangedV1>;

const DEFAULT_POLICY = policySchema.parse({});

/** The region's copy of tenants' policies, application groups and applications' own overrides, answering "what applies here". */
export class PolicyReplica {
  private readonly policies: VersionedReplica<TenantPolicyView>;
  private readonly groups: VersionedReplica<GroupView>;
  private readonly applicationPolicies: VersionedReplica<ApplicationPolicyView>;
  /** Active groups by tenant: a lookup touches one tenant's groups, not every tenant's. */
  private readonly activeGroups = new Map<string, Map<string, GroupView>>();

  constructor(db: Db) {
    this.policies = new VersionedReplica<TenantPolicyView>(db, 'replica_policies', (p) => p.tenantId);
    this.groups = new VersionedReplica<GroupView>(
      db,
      'replica_application_groups',
      (g) => g.groupId,
      (_previous, next) => {
        const ofTenant = this.activeGroups.get(next.tenantId) ?? new Map<string, GroupView>();
        if (next.status === 'active') ofTenant.set(next.groupId, next);
        else ofTenant.delete(next.groupId);
        this.activeGroups.set(next.tenantId, ofTenant);
      },
    );
    this.applicationPolicies = new VersionedReplica<ApplicationPolicyView>(
      db,
      'replica_application_policies',
      (a) => a.applicationId,
    );
  }

  async load(): Promise<number> {
    return (
      (await this.policies.load()) + (await this.groups.load()) + (await this.applicationPolicies.load())
    );
  }

  /** A tenant that never saved a policy runs on the defaults. */
  effectiveFor(tenantId: string, applicationId: string): EffectivePolicy {
    const tenant = this.policies.get(tenantId)?.policy ?? DEFAULT_POLICY;
    const groups = this.activeGroups.get(tenantId)?.values() ?? [];
    const own = this.applicationPolicies.get(applicationId);
    // An application id is a UUID, but a snapshot of another tenant must never apply here.
    const overrides = own && own.tenantId === tenantId ? own.overrides : {};
    return effectivePolicy(tenant, [...groups], applicationId, overrides);
  }

  handlers(): Record<string, EventHandler> {
    return {
      [TenantPolicyChangedV1.type]: async ({ event }) => this.policies.apply(event.data as TenantPolicyView),
      [ApplicationGroupChangedV1.type]: async ({ event }) => this.groups.apply(event.data as GroupView),
      [ApplicationPolicyChangedV1.type]: async ({ event }) =>
        this.applicationPolicies.apply(event.data as ApplicationPolicyView),
    };
  }
}
