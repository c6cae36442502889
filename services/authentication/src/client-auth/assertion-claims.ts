import type { JWTPayload } from 'jose';

/** Asymmetric algorithms only: a client secret must never double as an assertion key. */
export const ASSERTION_SIGNING_ALGS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'] as const;

/** An assertion is a one-shot proof: it may not be valid for longer than this. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

const CLOCK_TOLERANCE_SECONDS = 5;

export interface AssertionExpectations {
  clientId: string;
  /** Accepted audiences: this tenant's issuer and its token endpoint URL. */
  audiences: readonly string[];
  now: Date;
}

/**
 * Claim checks of a client assertion whose signature already verified, or the reason it fails.
 * https://www.rfc-editor.org/rfc/rfc7523#section-3 and OpenID Connect Core section 9.
 */
export function assertionClaimProblem(
  claims: JWTPayload,
  expected: AssertionExpectations,
): string | undefined {
  const now = Math.floor(expected.now.getTime() / 1000);
  // RFC 7523 section 3 items 1 and 2: for client authentication, iss and sub are the client id.
  if (claims.iss !== expected.clientId || claims.sub !== expected.clientId)
    return 'iss and sub must be the client id';
  // Item 3: the audience identifies this authorization server.
  const aud = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (!aud.some((a) => expected.audiences.includes(a)))
    return 'aud must name this issuer or its token endpoint';
  // Item 4: exp is required; we also refuse long-lived assertions, since each must be remembered until exp.
  if (typeof claims.exp !== 'number') return 'exp is required';
  if (claims.exp + CLOCK_TOLERANCE_SECONDS <= now) return 'the assertion has expired';
  if (claims.exp > now + MAX_ASSERTION_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS)
    return `exp may be at most ${MAX_ASSERTION_LIFETIME_SECONDS} seconds ahead`;
  if (typeof claims.nbf === 'number' && claims.nbf > now + CLOCK_TOLERANCE_SECONDS) return 'not valid yet';
  if (typeof claims.iat === 'number' && claims.iat > now + CLOCK_TOLERANCE_SECONDS)
    return 'iat is in the future';
  // Item 7 and OpenID Connect Core section 9: jti makes the assertion single-use.
  if (typeof claims.jti !== 'string' || claims.jti.length === 0 || claims.jti.length > 200)
    return 'jti is required';
  return undefined;
}
