/** What a region knows about a tenant: enough to route, brand and refuse suspended tenants. */
export interface TenantView {
  tenantId: string;
  slug: string;
  displayName: string;
  homeRegion: string;
  status: 'active' | 'suspended' | 'deleted';
  version: number;
}
