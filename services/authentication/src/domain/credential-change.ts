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
  session: { authTime: Date; amr: readonly string[] },
  hasSecondFactor: boolean,
  now: Date,
): CredentialChangeRefusal | undefined {
  const authTime = Math.floor(session.authTime.getTime() / 1000);
  if (hasSecondFactor)
    return hasRecentSecondFactor({ auth_time: authTime, amr: [...session.amr] }, now)
      ? undefined
      : 'second_factor_needed';
  const ageSeconds = Math.floor(now.getTime() / 1000) - authTime;
  return ageSeconds <= RECENT_SECOND_FACTOR_SECONDS ? undefined : 'sign_in_needed';
}
