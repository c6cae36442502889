import { TenantUpdatedV1, type CloudEvent } from '@idaas/events';
import { MANAGEMENT_SOURCE, snapshot, type Tenant, type TenantStatus } from './tenant';

export type TenantChange =
  { kind: 'rename'; displayName: string } | { kind: 'suspend' } | { kind: 'resume' } | { kind: 'delete' };

/** Which statuses each change may start from; everything else is a conflict. */
const ALLOWED_FROM: Record<TenantChange['kind'], readonly TenantStatus[]> = {
  rename: ['active', 'suspended'],
  suspend: ['active'],
  resume: ['suspended'],
  delete: ['active', 'suspended'],
};

const STATUS_AFTER: Partial<Record<TenantChange['kind'], TenantStatus>> = {
  suspend: 'suspended',
  resume: 'active',
  delete: 'deleted',
};

export class TenantChangeRefused extends Error {
  constructor(
    readonly change: TenantChange['kind'],
    readonly status: TenantStatus,
  ) {
    super(`cannot ${change} a tenant that is ${status}`);
  }
}

/**
 * Applies a change to a tenant: the next version and the one event that says so. Deletion
 * keeps a tombstone (id, slug, status) so regions erase their data and the slug stays taken.
 */
export function changeTenant(
  tenant: Tenant,
  change: TenantChange,
  now: Date,
): { tenant: Tenant; events: CloudEvent[] } {
  if (!ALLOWED_FROM[change.kind].includes(tenant.status))
    throw new TenantChangeRefused(change.kind, tenant.status);
  const next: Tenant = {
    ...tenant,
    ...(change.kind === 'rename' ? { displayName: change.displayName } : {}),
    status: STATUS_AFTER[change.kind] ?? tenant.status,
    version: tenant.version + 1,
    updatedAt: now,
  };
  const event = TenantUpdatedV1.create(next.tenantId, snapshot(next), {
    source: MANAGEMENT_SOURCE,
    tenantId: next.tenantId,
    now,
  });
  return { tenant: next, events: [event] };
}
