export { TenantReplica, tenantReplicaIndexes } from './tenant-replica';
export type { TenantView } from './tenant-view';
