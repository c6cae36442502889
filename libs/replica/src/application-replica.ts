import type { Db } from 'mongodb';
import { ApplicationChangedV1, type EventData, type EventHandler } from '@idaas/events';
import type { IndexDeclaration } from '@idaas/store';
import { VersionedReplica } from './versioned-replica';

export type ApplicationView = EventData<typeof ApplicationChangedV1>;

export const applicationReplicaIndexes: IndexDeclaration[] = [
  { collection: 'replica_applications', keys: { tenantId: 1 } },
];

/** The region's OIDC clients. Lookups always name the tenant: a client id of tenant A is unknown in B. */
export class ApplicationReplica {
  private readonly replica: VersionedReplica<ApplicationView>;

  constructor(db: Db) {
    this.replica = new VersionedReplica<ApplicationView>(db, 'replica_applications', (a) => a.applicationId);
  }

  load(): Promise<number> {
    return this.replica.load();
  }

  find(tenantId: string, clientId: string): ApplicationView | undefined {
    const app = this.replica.get(clientId);
    return app && app.tenantId === tenantId && app.status === 'active' ? app : undefined;
  }

  handlers(): Record<string, EventHandler> {
    return {
      [ApplicationChangedV1.type]: async ({ event }) => this.replica.apply(event.data as ApplicationView),
    };
  }
}
