import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 section 4.1: 43 to 128 characters of the unreserved alphabet. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Whether a `code_verifier` proves possession of the grant's S256 `code_challenge`.
 * A verifier without a challenge, or a challenge without a verifier, never proves anything:
 * accepting either would let a stolen code be redeemed without the verifier (RFC 7636 section 4.6).
 * https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 */
export function pkceSatisfied(codeChallenge: string | undefined, codeVerifier: string | undefined): boolean {
  if (codeChallenge === undefined && codeVerifier === undefined) return true;
  if (codeChallenge === undefined || codeVerifier === undefined) return false;
  if (!VERIFIER.test(codeVerifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(codeVerifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(codeChallenge);
  // Constant time, so the challenge cannot be learnt byte by byte.
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
