import { createHash } from 'node:crypto';
import type { ActiveKey } from '../store/signing-key-store';
import type { UserClaims } from './user-claims';
import { signCompactJwt } from './compact-jwt';

export interface IdTokenClaims {
  issuer: string;
  clientId: string;
  /** Claims of the user the scopes release; `sub` among them. */
  user: UserClaims;
  authTime: Date;
  sessionId: string;
  amr: string[];
  acr?: string;
  nonce?: string;
  /** The access token issued beside it, for `at_hash`. */
  accessToken: string;
  ttlSeconds: number;
}

/**
 * `at_hash`: the left half of the hash of the access token, with the hash of the signing
 * algorithm (SHA-256 for RS256 and ES256; SHA-512 for EdDSA with Ed25519).
 * https://openid.net/specs/openid-connect-core-1_0.html#CodeIDToken
 */
export function accessTokenHash(accessToken: string, alg: ActiveKey['alg']): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256')
    .update(accessToken, 'ascii')
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * An ID token (OpenID Connect Core section 2), signed with the application's ID token algorithm
 * by the tenant's key in this region. `aud` is the client alone, so `azp` equals it.
 * https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export async function signIdToken(claims: IdTokenClaims, key: ActiveKey, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return signCompactJwt(
    { alg: key.alg, kid: key.kid, typ: 'JWT' },
    {
      ...claims.user,
      iss: claims.issuer,
      sub: String(claims.user.sub),
      aud: claims.clientId,
      iat,
      exp: iat + claims.ttlSeconds,
      azp: claims.clientId,
      auth_time: Math.floor(claims.authTime.getTime() / 1000),
      amr: claims.amr,
      sid: claims.sessionId,
      at_hash: accessTokenHash(claims.accessToken, key.alg),
      ...(claims.acr ? { acr: claims.acr } : {}),
      ...(claims.nonce ? { nonce: claims.nonce } : {}),
    },
    key,
  );
}
