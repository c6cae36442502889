import type { Request } from 'express';
import type { Need } from '@idaas/http';
import type { TenantReplica } from '@idaas/replica';
import type { MongoUserDirectory } from '@idaas/user-store';
import type { UserLifecycle } from './lifecycle/user-lifecycle';
import type { GroupStore } from './store/group-store';

/** What the lifecycle service's routes need, handed over explicitly. */
export interface LifecycleDeps {
  region: string;
  clock: () => Date;
  tenants: TenantReplica;
  users: MongoUserDirectory;
  groups: GroupStore;
  /** The lifecycle table's transitions as named steps, each with its one event. */
  lifecycle: UserLifecycle;
  /** The admin guard with this region's published keys; throws 401 / 403 / 404. */
  authorize: (req: Request, need: Need) => Promise<unknown>;
  /** Where this service answers, for `meta.location`. */
  baseUrl: () => string;
}
