import { EventCatalog } from '../catalog';
import { TenantCreatedV1, TenantUpdatedV1 } from './tenant';
import { UserRegisteredV1 } from './user';
import { ApplicationChangedV1 } from './application';
import { SigningKeyPublishedV1 } from './signing-key';
import { ApplicationGroupChangedV1, TenantPolicyChangedV1 } from './policy';

export { TenantCreatedV1, TenantUpdatedV1, tenantSlug } from './tenant';
export { UserRegisteredV1 } from './user';
export { SigningKeyPublishedV1 } from './signing-key';
export {
  ApplicationGroupChangedV1,
  TenantPolicyChangedV1,
  policySchema,
  policyOverridesSchema,
} from './policy';
export type { Policy, PolicyOverrides } from './policy';
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
  TenantPolicyChangedV1,
  ApplicationGroupChangedV1,
  UserRegisteredV1,
]);
