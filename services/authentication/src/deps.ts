import type { AccessReplica, ApplicationReplica, TenantReplica, TenantView } from '@idaas/replica';
import type { SigningKeyStore } from './store/signing-key-store';
import type { PublishedKeys } from '@idaas/replica';
import type { Need, VerifiedAccessToken } from '@idaas/http';
import type { Request } from 'express';
import type { ClientAssertionContext } from './client-auth/client-assertion';
import type { RevokedTokens } from './store/revoked-tokens';
import type { PolicyReplica } from '@idaas/replica';
import type { UserDirectory } from '@idaas/identity';
import type { AuthorizationCodes } from './domain/authorization-grant';
import type { RefreshTokenStore } from './store/refresh-token-store';
import type { DeviceAuthorizations } from './store/device-authorizations';

export interface AuthenticationDeps {
  region: string;
  tenants: TenantReplica;
  applications: ApplicationReplica;
  /** Tenants' own APIs and roles: the audiences and scopes of their tokens. */
  access: AccessReplica;
  /** Which SCIM groups each user is in: roles assigned to a group reach its members' tokens. */
  groupMemberships: { groupIdsOf(tenantId: string, userId: string): string[] };
  keys: SigningKeyStore;
  clock: () => Date;
  /** `{REGION_BASE_URL}/t/{tenant}`: the issuer of every token of that tenant from this region. */
  issuerOf: (tenant: TenantView) => string;
  /** Public keys every region published: what tokens of any region verify against. */
  publishedKeys: PublishedKeys;
  /** Revoked token ids of every region, until they expire. */
  revocations: RevokedTokens;
  /** Tenant policies per application: token lifetimes among them. */
  policies: PolicyReplica;
  /** The region's users (`idaas_<region>_identity`): claims, and whether they may still get tokens. */
  users: UserDirectory;
  /** Codes the hosted pages issued; the authorization_code grant redeems them. */
  codes: AuthorizationCodes;
  /** Refresh tokens and the families of everything each code led to. */
  refreshTokens: RefreshTokenStore;
  /** Device authorization requests (RFC 8628): started by devices, decided by users, polled for tokens. */
  deviceAuthorizations: DeviceAuthorizations;
  /** What private_key_jwt client authentication at this tenant needs. */
  clientAssertions: (tenant: TenantView) => ClientAssertionContext;
  /** The admin guard, for the region's operator endpoints. */
  authorize: (req: Request, need: Need) => Promise<VerifiedAccessToken>;
}
