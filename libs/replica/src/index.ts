export { TenantReplica, tenantReplicaIndexes } from './tenant-replica';
export { ApplicationReplica, applicationReplicaIndexes } from './application-replica';
export type { ApplicationView } from './application-replica';
export { VersionedReplica } from './versioned-replica';
export type { TenantView } from './tenant-view';
export { effectivePolicy } from './effective-policy';
export type { EffectivePolicy, GroupOverrides } from './effective-policy';
export { PolicyReplica } from './policy-replica';
