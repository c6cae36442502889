import type { LockoutPolicy } from '@idaas/identity';
import type { MfaChanges } from './mfa-changes';
import type { MongoMfaEnrolments } from './mongo-mfa-enrolments';

export interface AuthenticatorAppEnrolmentDeps {
  codes: Pick<MongoMfaEnrolments, 'confirmTotp'>;
  changes: MfaChanges;
}

/**
 * The user confirms the authenticator app shown to them (`beginTotp`) with one of its codes: on
 * success it is enrolled, ten new recovery codes replace any old ones, and the enrolment is told
 * as the user's own. One event: the recovery codes issued with it go with every enrolment. The
 * sign-in's enrolment and the account page both come here, so the event is the same for both; a
 * wrong code counts towards the lockout inside `confirmTotp`, as every second-factor code does.
 */
export async function enrolAuthenticatorApp(
  deps: AuthenticatorAppEnrolmentDeps,
  tenantId: string,
  userId: string,
  code: string,
  lockout: LockoutPolicy,
  now: Date,
): ReturnType<MongoMfaEnrolments['confirmTotp']> {
  const confirmed = await deps.codes.confirmTotp(tenantId, userId, code, lockout, now);
  if (confirmed.outcome === 'verified')
    await deps.changes.record(tenantId, userId, { method: 'totp', change: 'enrolled' }, now);
  return confirmed;
}
