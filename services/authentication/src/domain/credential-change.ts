import { hasRecentSecondFactor, RECENT_SECOND_FACTOR_SECONDS } from '@idaas/identity';

/** Why a session may not change the user's credentials now; the page says which. */
export type CredentialChangeRefusal =
  /** The user has a second factor, and this session did not use it in the last 15 minutes. */
  | 'second_factor_needed'
  /** The user has no second factor, and this session signed in more than 15 minutes ago. */
  | 'sign_in_needed';

/**
 * Whether an SSO session may register or remove a credential (a passkey) on the account pages:
 * the same rule as the `/me` credential changes, for a session instead of a token. A user who
 * can answer a second factor must have used one in the last 15 minutes (`amr` includes `mfa`); a
 * user without one cannot prove more than a recent sign-in, so that is enough. A cookie taken from
 * a browser left signed in therefore cannot add the thief's passkey to the account.
 */
export function credentialChangeRefusal(
  session: { authTime: Date; amr: readonly string[]; secondFactorSetUp?: boolean },
  hasSecondFactor: boolean,
  now: Date,
): CredentialChangeRefusal | undefined {
  const authTime = Math.floor(session.authTime.getTime() / 1000);
  const recentSignIn = Math.floor(now.getTime() / 1000) - authTime <= RECENT_SECOND_FACTOR_SECONDS;
  if (!hasSecondFactor) return recentSignIn ? undefined : 'sign_in_needed';
  if (hasRecentSecondFactor({ auth_time: authTime, amr: [...session.amr] }, now)) return undefined;
  // A session that set the second factor up itself, with a code from it, after a recent sign-in:
  // it could make changes just before (the user had no second factor then), and the code proved
  // the new factor, so the set-up does not shut it out. Only here: it is no sign-in with that
  // factor, so it is not in the session's `amr` and applications requiring MFA still ask for it.
  return session.secondFactorSetUp && recentSignIn ? undefined : 'second_factor_needed';
}
