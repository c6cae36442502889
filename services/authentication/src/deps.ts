import type { ApplicationReplica, TenantReplica, TenantView } from '@idaas/replica';
import type { SigningKeyStore } from './store/signing-key-store';

export interface AuthenticationDeps {
  region: string;
  tenants: TenantReplica;
  applications: ApplicationReplica;
  keys: SigningKeyStore;
  clock: () => Date;
  /** `{REGION_BASE_URL}/t/{tenant}`: the issuer of every token of that tenant from this region. */
  issuerOf: (tenant: TenantView) => string;
}
