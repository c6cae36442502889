import { ACR_MFA } from './mfa';

/**
 * How long a second factor counts as recent for changing credentials at `/me`: the `max_age` a
 * step-up challenge names. Short enough that a token stolen from a finished session cannot change
 * the password, long enough for a user to finish a settings page after signing in.
 */
export const RECENT_SECOND_FACTOR_SECONDS = 15 * 60;

/** The authentication claims an access token carries (RFC 9068 section 2.2.1). */
export interface TokenAuthentication {
  auth_time?: unknown;
  acr?: unknown;
  amr?: unknown;
}

/**
 * Whether the sign-in behind a token used a second factor at most `maxAgeSeconds` ago. A token
 * without `auth_time` (issued before tokens carried it) never counts as recent.
 * https://www.rfc-editor.org/rfc/rfc9068#section-2.2.1
 */
export function hasRecentSecondFactor(
  token: TokenAuthentication,
  now: Date,
  maxAgeSeconds: number = RECENT_SECOND_FACTOR_SECONDS,
): boolean {
  const secondFactor = token.acr === ACR_MFA || (Array.isArray(token.amr) && token.amr.includes('mfa'));
  if (!secondFactor || typeof token.auth_time !== 'number') return false;
  return Math.floor(now.getTime() / 1000) - token.auth_time <= maxAgeSeconds;
}
