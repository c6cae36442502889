import type { MfaEnrolmentView, User } from '@idaas/identity';

/** What a user sees of their own account: no hash, no counters. */
export function ownAccount(user: User) {
  return {
    userId: user.userId,
    email: user.email,
    emailVerified: user.emailVerified,
    profile: user.profile,
    state: user.state,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    ...(user.passwordChangedAt ? { passwordChangedAt: user.passwordChangedAt.toISOString() } : {}),
    ...(user.lastSignInAt ? { lastSignInAt: user.lastSignInAt.toISOString() } : {}),
  };
}

/** An MFA enrolment as its owner sees it: the method and dates, never a secret. */
export function ownEnrolment(e: MfaEnrolmentView) {
  return {
    method: e.method,
    ...(e.label === undefined ? {} : { label: e.label }),
    enrolledAt: e.enrolledAt.toISOString(),
    ...(e.remaining === undefined ? {} : { remaining: e.remaining }),
    ...(e.lastUsedAt ? { lastUsedAt: e.lastUsedAt.toISOString() } : {}),
  };
}

/**
 * As `ownEnrolment`, with a passkey's credential id: what `/me/mfa` lists, so the user can name
 * the passkey to remove. The id is public (every sign-in with it sends it); the export and SCIM
 * leave it out, as it means nothing outside this platform.
 */
export function ownSecondFactor(e: MfaEnrolmentView) {
  return { ...ownEnrolment(e), ...(e.credentialId === undefined ? {} : { credentialId: e.credentialId }) };
}

/**
 * Everything this region keeps about a person, as data portability asks (GDPR article 20): the
 * account and the MFA enrolments. Secrets (password hash, TOTP seed, recovery codes) are not
 * personal data one can take elsewhere, and stay out.
 */
export function personalDataExport(user: User, enrolments: MfaEnrolmentView[], now: Date) {
  return {
    exportedAt: now.toISOString(),
    account: ownAccount(user),
    mfa: { enrolments: enrolments.map(ownEnrolment) },
  };
}
