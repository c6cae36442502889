import { randomUUID } from 'node:crypto';
import type { ActiveKey } from '../store/signing-key-store';
import { signCompactJwt } from './compact-jwt';

/** https://openid.net/specs/openid-connect-backchannel-1_0.html#LogoutToken: the `events` member. */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * Short: the token is delivered at once, and the spec recommends a lifetime of at most two
 * minutes so a captured token is of little use. Retries fall well within it.
 */
export const LOGOUT_TOKEN_TTL_SECONDS = 120;

export interface LoggedOut {
  issuer: string;
  clientId: string;
  userId: string;
  sessionId: string;
}

/**
 * The Logout Token's claims (section 2.4): `sub` and `sid` both, so an application can end the
 * one session or, if it does not track `sid`, everything of the user. No `nonce`: the spec forbids
 * it, so a Logout Token can never pass for an ID token.
 */
export function logoutTokenClaims(
  who: LoggedOut,
  now: Date,
  jti: string = randomUUID(),
): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    iss: who.issuer,
    aud: who.clientId,
    iat,
    exp: iat + LOGOUT_TOKEN_TTL_SECONDS,
    jti,
    sub: who.userId,
    sid: who.sessionId,
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
  };
}

/**
 * Signed as ID tokens are, with the tenant's key for the application's ID token algorithm, and
 * typed `logout+jwt` (section 2.4) so it cannot be confused with one.
 */
export async function signLogoutToken(claims: Record<string, unknown>, key: ActiveKey): Promise<string> {
  return signCompactJwt({ alg: key.alg, kid: key.kid, typ: 'logout+jwt' }, claims, key);
}
