import { randomUUID } from 'node:crypto';
import { TenantCreatedV1, type CloudEvent } from '@idaas/events';

export type TenantStatus = 'active' | 'suspended' | 'deleted';

export interface Tenant {
  tenantId: string;
  slug: string;
  displayName: string;
  homeRegion: string;
  status: TenantStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewTenant {
  slug: string;
  displayName: string;
  homeRegion: string;
}

export class UnknownRegionError extends Error {
  constructor(readonly region: string) {
    super(`unknown region ${region}`);
  }
}

export const MANAGEMENT_SOURCE = '/idaas/tenant';

/** Creating a tenant is a new aggregate plus the event every region builds its copy from. */
export function createTenant(
  input: NewTenant,
  regions: readonly string[],
  now: Date,
): { tenant: Tenant; events: CloudEvent[] } {
  if (!regions.includes(input.homeRegion)) throw new UnknownRegionError(input.homeRegion);
  const tenant: Tenant = {
    tenantId: randomUUID(),
    slug: input.slug,
    displayName: input.displayName,
    homeRegion: input.homeRegion,
    status: 'active',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const event = TenantCreatedV1.create(tenant.tenantId, snapshot(tenant), {
    source: MANAGEMENT_SOURCE,
    tenantId: tenant.tenantId,
    now,
  });
  return { tenant, events: [event] };
}

export function snapshot(t: Tenant) {
  return {
    tenantId: t.tenantId,
    slug: t.slug,
    displayName: t.displayName,
    homeRegion: t.homeRegion,
    status: t.status,
    version: t.version,
  };
}
