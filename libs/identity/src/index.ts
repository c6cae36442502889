export {
  USER_STATES,
  USER_TRANSITIONS,
  IllegalTransitionError,
  nextState,
  provesEmail,
  userStateDiagram,
} from './user-state';
export type { UserState, UserTransition } from './user-state';
export { RESOURCES, PLATFORM_ROLES, TENANT_ROLES, isPermission } from './permissions';
export type { Permission, Resource, Action, PlatformRole, TenantRole } from './permissions';
export { normalizeEmail } from './user';
export type { User, UserProfile } from './user';
export { decideSignIn, lockEndsAt, verifiesAtOnce } from './sign-in';
export type { LockoutPolicy, SignInDecision, SignInRefusal } from './sign-in';
export type { PasswordHasher } from './password-hasher';
export { passwordViolations } from './password-rules';
export type { RuleViolation } from './password-rules';
export { isCommonPassword } from './common-passwords';
export { DuplicateEmailError, PasswordReuseError, UserNotFoundError } from './user-directory';
export type { UserDirectory, NewUser, InitialUserState, PasswordSignIn } from './user-directory';
export {
  startFlow,
  assertValid,
  csrfMatches,
  newCsrfToken,
  nextFlowState,
  FlowExpiredError,
  IllegalFlowTransitionError,
  LOGIN_FLOW_TRANSITIONS,
} from './flow';
export type { SelfServiceFlow, FlowType, Transitions, LoginFlowState } from './flow';
export { MANAGEMENT_AUDIENCE, PLATFORM_AUDIENCE_NAMESPACE, inPlatformNamespace } from './audiences';
export {
  ACR_MFA,
  ACR_PASSWORD,
  AMR_RECOVERY_CODE,
  IMPLEMENTED_MFA_METHODS,
  MFA_METHODS,
  SECOND_FACTOR_AMR,
  acrOf,
  decideMfa,
  hasEnrolledSecondFactor,
} from './mfa';
export { RECENT_SECOND_FACTOR_SECONDS, hasRecentSecondFactor } from './recent-second-factor';
export type { TokenAuthentication } from './recent-second-factor';
export {
  PENDING_AUTHENTICATOR_APP_LIFETIME_SECONDS,
  pendingAuthenticatorAppExpired,
  pendingAuthenticatorAppsExpiredBy,
} from './pending-authenticator-app';
export type {
  MfaDecision,
  MfaEnrolments,
  MfaEnrolmentView,
  MfaMethod,
  MfaStep,
  UserMfa,
  UserMfaSettings,
} from './mfa';
export {
  AMR_REMEMBERED_DEVICE,
  RECENT_FAILURE_WINDOW_MS,
  firedStepUpRules,
  recentFailureCount,
  rememberedDeviceSkips,
} from './adaptive-mfa';
export type { SignInRisk } from './adaptive-mfa';
