import type { Request } from 'express';
import type { Need, TrustedKey } from '@idaas/http';
import type { MfaEnrolments } from '@idaas/identity';
import type { BrandingReplica, PolicyReplica, TenantReplica } from '@idaas/replica';
import type {
  MfaChanges,
  MongoMfaEnrolments,
  MongoUserDirectory,
  SecondFactorRemoval,
} from '@idaas/user-store';
import type { UserLifecycle } from './lifecycle/user-lifecycle';
import type { PasswordRecovery } from './recovery/password-recovery';
import type { GroupStore } from './store/group-store';

/** What the lifecycle service's routes need, handed over explicitly. */
export interface LifecycleDeps {
  region: string;
  clock: () => Date;
  tenants: TenantReplica;
  users: MongoUserDirectory;
  groups: GroupStore;
  /** The lifecycle table's transitions as named steps, each with its one event. */
  lifecycle: UserLifecycle;
  /** Tenant policies (password rules) and branding (the hosted pages' look). */
  policies: PolicyReplica;
  branding: BrandingReplica;
  /** Forgot password: the email, then the new password. */
  recovery: PasswordRecovery;
  /** Keys every region published, to verify users' access tokens at /me. */
  accessTokenKeys: (kid: string) => TrustedKey | undefined;
  /** The users' MFA enrolments (read only here). */
  mfa: MfaEnrolments;
  /** The user's own changes of second factors at /me: removal (and what goes with it), new recovery codes. */
  secondFactors: SecondFactorRemoval;
  recoveryCodes: Pick<MongoMfaEnrolments, 'issueRecoveryCodes'>;
  /** Tells of a change of second factors as `idaas.user.mfa.changed.v1`. */
  mfaChanges: MfaChanges;
  /** The admin guard with this region's published keys; throws 401 / 403 / 404. */
  authorize: (req: Request, need: Need) => Promise<unknown>;
  /** Where this service answers, for `meta.location`. */
  baseUrl: () => string;
}
