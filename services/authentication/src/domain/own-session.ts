import { AMR_RECOVERY_CODE, AMR_REMEMBERED_DEVICE } from '@idaas/identity';

/** What the user is told of one of their own SSO sessions, by `GET /me/sessions` and the account pages alike. */
export interface OwnSessionFacts {
  sessionId: string;
  authTime: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  amr: string[];
}

/** The facts of a session the user may see: never its cookie, CSRF hashes or device hash. */
export const ownSessionFacts = (s: {
  sessionId: string;
  authTime: Date;
  lastSeenAt: Date;
  absoluteExpiresAt: Date;
  amr: readonly string[];
}): OwnSessionFacts => ({
  sessionId: s.sessionId,
  authTime: s.authTime,
  lastSeenAt: s.lastSeenAt,
  expiresAt: s.absoluteExpiresAt,
  amr: [...s.amr],
});

/** How a session signed in, in the words a person knows, in the order they were used. */
export type SignInWay = 'password' | 'passkey' | 'one_time_code' | 'recovery_code' | 'remembered_browser';

/**
 * RFC 8176 `amr` values read as ways of signing in: `user` and `mfa` say how many factors, not
 * which, so they name nothing; a value not known here is left out rather than shown raw.
 * https://www.rfc-editor.org/rfc/rfc8176#section-2
 */
const WAY_OF_AMR: Readonly<Record<string, SignInWay>> = {
  pwd: 'password',
  hwk: 'passkey',
  swk: 'passkey',
  otp: 'one_time_code',
  [AMR_RECOVERY_CODE]: 'recovery_code',
  [AMR_REMEMBERED_DEVICE]: 'remembered_browser',
};

export function signInWaysOf(amr: readonly string[]): SignInWay[] {
  const ways: SignInWay[] = [];
  for (const value of amr) {
    const way = WAY_OF_AMR[value];
    if (way && !ways.includes(way)) ways.push(way);
  }
  return ways;
}
