import type { Db } from 'mongodb';
import { ApiResourceChangedV1, RoleChangedV1, type EventData, type EventHandler } from '@idaas/events';
import { resolveGrants, type GrantSubject, type Grants, type RoleView } from './grants';
import { VersionedReplica } from './versioned-replica';

export type ApiResourceView = EventData<typeof ApiResourceChangedV1>;

/**
 * Latest snapshots grouped by tenant, so a token request looks only at its own tenant's roles
 * and APIs instead of every tenant's.
 */
class ByTenant<T extends { tenantId: string }> {
  private readonly tenants = new Map<string, Map<string, T>>();

  constructor(private readonly idOf: (value: T) => string) {}

  readonly track = (previous: T | undefined, next: T): void => {
    if (previous) this.tenants.get(previous.tenantId)?.delete(this.idOf(previous));
    let own = this.tenants.get(next.tenantId);
    if (!own) this.tenants.set(next.tenantId, (own = new Map()));
    own.set(this.idOf(next), next);
  };

  of(tenantId: string): Iterable<T> {
    return this.tenants.get(tenantId)?.values() ?? [];
  }
}

/** The region's copy of tenants' own APIs and roles: who holds which permission of which API. */
export class AccessReplica {
  private readonly apiIndex = new ByTenant<ApiResourceView>((a) => a.resourceId);
  private readonly roleIndex = new ByTenant<RoleView>((r) => r.roleId);
  private readonly apis: VersionedReplica<ApiResourceView>;
  private readonly roles: VersionedReplica<RoleView>;

  constructor(db: Db) {
    this.apis = new VersionedReplica<ApiResourceView>(
      db,
      'replica_api_resources',
      (a) => a.resourceId,
      this.apiIndex.track,
    );
    this.roles = new VersionedReplica<RoleView>(db, 'replica_roles', (r) => r.roleId, this.roleIndex.track);
  }

  async load(): Promise<number> {
    return (await this.apis.load()) + (await this.roles.load());
  }

  grantsFor(tenantId: string, subject: GrantSubject): Grants {
    return resolveGrants(this.roleIndex.of(tenantId), tenantId, subject);
  }

  /** The tenant's active API whose audience this is; another tenant's API with it is not found. */
  apiByAudience(tenantId: string, audience: string): ApiResourceView | undefined {
    for (const api of this.apiIndex.of(tenantId)) {
      if (api.audience === audience && api.status === 'active') return api;
    }
    return undefined;
  }

  handlers(): Record<string, EventHandler> {
    return {
      [ApiResourceChangedV1.type]: async ({ event }) => this.apis.apply(event.data as ApiResourceView),
      [RoleChangedV1.type]: async ({ event }) => this.roles.apply(event.data as RoleView),
    };
  }
}
