import type { AccessReplica, ApplicationReplica, TenantReplica, TenantView } from '@idaas/replica';
import type { SigningKeyStore } from './store/signing-key-store';

export interface AuthenticationDeps {
  region: string;
  tenants: TenantReplica;
  applications: ApplicationReplica;
  /** Tenants' own APIs and roles: the audiences and scopes of their tokens. */
  access: AccessReplica;
  keys: SigningKeyStore;
  clock: () => Date;
  /** `{REGION_BASE_URL}/t/{tenant}`: the issuer of every token of that tenant from this region. */
  issuerOf: (tenant: TenantView) => string;
}
