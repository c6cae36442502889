import { EventCatalog } from '../catalog';
import { TenantCreatedV1, TenantUpdatedV1 } from './tenant';
import {
  UserLockedV1,
  UserRegisteredV1,
  UserSignInFailedV1,
  UserSignInSucceededV1,
  UserStateChangedV1,
  UserUnlockedV1,
} from './user';
import { ApplicationChangedV1 } from './application';
import { SigningKeyPublishedV1 } from './signing-key';
import { TokenRevokedV1 } from './token';
import { ApplicationGroupChangedV1, TenantPolicyChangedV1 } from './policy';
import { ApplicationPolicyChangedV1 } from './application-policy';
import { WebhookChangedV1 } from './webhook';
import { ApiResourceChangedV1, RoleChangedV1 } from './access';
import { BrandingChangedV1, TemplateChangedV1 } from './branding';
import { GroupChangedV1 } from './group';
import { UserProfileChangedV1 } from './user-profile';
import { UserSignInNewDeviceV1 } from './user-device';
import { UserSignInSucceededV2 } from './user-signin';
import { UserMfaChangedV1 } from './user-mfa';
import { MessageRequestedV1 } from './message';
import { UserCredentialsRevokedV1 } from './user-credentials';

export { TenantCreatedV1, TenantUpdatedV1, tenantSlug } from './tenant';
export {
  UserLockedV1,
  UserRegisteredV1,
  UserSignInFailedV1,
  UserSignInSucceededV1,
  UserStateChangedV1,
  UserUnlockedV1,
} from './user';
export { SigningKeyPublishedV1 } from './signing-key';
export { GroupChangedV1 } from './group';
export { UserProfileChangedV1 } from './user-profile';
export { UserSignInNewDeviceV1 } from './user-device';
export { UserSignInSucceededV2, signInMethod } from './user-signin';
export type { SignInMethod } from './user-signin';
export { UserMfaChangedV1, mfaChangeActor, mfaChangeMethod, mfaChangeKind } from './user-mfa';
export type { MfaChangeActor, MfaChangeMethod, MfaChangeKind } from './user-mfa';
export { MessageRequestedV1 } from './message';
export { UserCredentialsRevokedV1 } from './user-credentials';
export { TokenRevokedV1, revokedTokenKind } from './token';
export {
  ApplicationGroupChangedV1,
  TenantPolicyChangedV1,
  policySchema,
  policyOverridesSchema,
} from './policy';
export type { Policy, PolicyOverrides } from './policy';
export { ApplicationPolicyChangedV1 } from './application-policy';
export { WebhookChangedV1, webhookSnapshot, sealedSecretSchema } from './webhook';
export {
  ApiResourceChangedV1,
  RoleChangedV1,
  apiResourceName,
  apiActionName,
  apiResourceSnapshot,
  roleSnapshot,
  roleAssignees,
} from './access';
export {
  BrandingChangedV1,
  TemplateChangedV1,
  brandingSchema,
  localeTag,
  messageKind,
  templateSubject,
} from './branding';
export type { Branding } from './branding';
export {
  ApplicationChangedV1,
  applicationSnapshot,
  applicationKind,
  grantType,
  clientAuthMethod,
  signingAlg,
} from './application';

/** The published contract: every event type the platform emits. */
export const catalog = new EventCatalog([
  TenantCreatedV1,
  TenantUpdatedV1,
  ApplicationChangedV1,
  SigningKeyPublishedV1,
  TokenRevokedV1,
  TenantPolicyChangedV1,
  ApplicationGroupChangedV1,
  ApplicationPolicyChangedV1,
  WebhookChangedV1,
  ApiResourceChangedV1,
  RoleChangedV1,
  BrandingChangedV1,
  TemplateChangedV1,
  UserRegisteredV1,
  UserSignInSucceededV1,
  UserSignInSucceededV2,
  UserMfaChangedV1,
  UserSignInFailedV1,
  UserLockedV1,
  UserUnlockedV1,
  UserStateChangedV1,
  UserProfileChangedV1,
  UserSignInNewDeviceV1,
  GroupChangedV1,
  MessageRequestedV1,
  UserCredentialsRevokedV1,
]);
